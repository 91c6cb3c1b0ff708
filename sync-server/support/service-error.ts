/**
 * A request the server refuses: an HTTP status, a stable code the desk can act on, and a
 * sentence for a person. Thrown before anything is written, or inside a transaction that
 * it rolls back, so a refusal never changes anything (R7.2).
 */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra fields of the error body, such as the expected seq of a seq gap. */
    readonly details: Readonly<Record<string, string | number>> = {},
    /** Response headers, such as Retry-After. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** The log the services write to: a subset of Fastify's (pino's) logger. */
export interface ServiceLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLog: ServiceLog = { info: () => {}, warn: () => {}, error: () => {} };
