import type { ServiceLog } from '../support/service-error';

/** What a one-off job command needs of serverctl's io: the environment and stderr. */
export interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  err(text: string): void;
}

/** A job's log lines go to the operator's terminal (stderr), one line each. */
export function terminalLog(io: CommandIo): ServiceLog {
  const line = (level: string) => (details: object, message: string) => {
    io.err(`serverctl: ${level}: ${message} ${JSON.stringify(details)}`);
  };
  return { info: line('info'), warn: line('warn'), error: line('error') };
}
