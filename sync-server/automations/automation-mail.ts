import nodemailer from 'nodemailer';
import { escapeHtml } from '../../src-shared/automations/automation-template';

/**
 * Where automations send e-mail from: the platform's `smtp.default` (R20.5), checked where
 * it is stored (sync-server/admin/platform-config.ts).
 */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly user?: string | undefined;
  readonly pass?: string | undefined;
  readonly from: string;
}

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly unsubscribeUrl: string;
}

/** Hands one message to SMTP; throws when the server refuses it. */
export type MailSender = (mail: OutgoingMail) => Promise<void>;

function htmlOf(text: string, unsubscribeUrl: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return `${paragraphs}\n<p style="font-size:12px;color:#666"><a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe</a> from these messages.</p>`;
}

/**
 * Sends through an SMTP server with nodemailer. Every message carries the unsubscribe link
 * in its body and in List-Unsubscribe with one-click POST (RFC 8058), so a mail client's
 * own "unsubscribe" button works too.
 */
export function smtpSender(settings: SmtpSettings): MailSender {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user === undefined
      ? {}
      : { auth: { user: settings.user, pass: settings.pass ?? '' } }),
    // A stuck server must not hold the job: each stage gives up after a few seconds.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return async (mail) => {
    await transport.sendMail({
      from: settings.from,
      to: mail.to,
      subject: mail.subject,
      text: `${mail.text}\n\nUnsubscribe: ${mail.unsubscribeUrl}\n`,
      html: htmlOf(mail.text, mail.unsubscribeUrl),
      headers: {
        'List-Unsubscribe': `<${mail.unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
  };
}
