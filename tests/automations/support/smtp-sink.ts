import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback that keeps every message it accepts, parsed by mailparser
 * as a mail client would read it. `refuseNext` answers the next message with a 550.
 */
export class SmtpSink {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly mails: ParsedMail[],
    private readonly pending: { refusals: number },
  ) {}

  static async start(): Promise<SmtpSink> {
    const mails: ParsedMail[] = [];
    const pending = { refusals: 0 };
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            if (pending.refusals > 0) {
              pending.refusals--;
              const refused = Object.assign(new Error('mailbox unavailable'), {
                responseCode: 550,
              });
              callback(refused);
              return;
            }
            mails.push(mail);
            callback();
          })
          .catch((error: unknown) => {
            callback(error as Error);
          });
      },
    });
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.server.address() as AddressInfo;
    return new SmtpSink(server, address.port, mails, pending);
  }

  refuseNext(count = 1): void {
    this.pending.refusals += count;
  }

  to(address: string): ParsedMail[] {
    return this.mails.filter((m) => m.to !== undefined && JSON.stringify(m.to).includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }
}
