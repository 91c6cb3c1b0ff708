import nodemailer from 'nodemailer';
import type { SmtpSettings } from './automation-mail';

/** What an SMTP server answered to one test message. */
export interface TestMailAnswer {
  readonly delivered: boolean;
  /** Its acceptance line (`250 …`), or the sentence it refused with, word for word. */
  readonly answer: string;
}

/** nodemailer puts the server's own reply in `response`; a network failure has only a message. */
function refusalOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'response' in error) {
    const reply = error.response;
    if (typeof reply === 'string' && reply.trim() !== '') return reply.trim();
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Hands one plain message to the server and reports its answer instead of throwing: the
 * owner checking a server wants to read the refusal (a wrong password, a sender the server
 * will not relay for). Every stage gives up well inside the desk's wait for the call.
 */
export async function sendTestMail(
  smtp: SmtpSettings,
  message: { readonly to: string; readonly subject: string; readonly text: string },
): Promise<TestMailAnswer> {
  const login = smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.pass ?? '' } };
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...login,
    connectionTimeout: 8_000,
    greetingTimeout: 8_000,
    socketTimeout: 12_000,
  });
  try {
    const sent = await transport.sendMail({ from: smtp.from, ...message });
    return { delivered: true, answer: sent.response };
  } catch (error) {
    return { delivered: false, answer: refusalOf(error) };
  } finally {
    transport.close();
  }
}
