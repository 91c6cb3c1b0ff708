import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may drive the desk over loopback: only the page this process served. A request must
 * carry the per-launch secret (which only that page was given), name this server in its
 * Host header (so a DNS-rebound page is refused) and, when the browser sends an Origin,
 * come from this origin (so another site's page is refused even if it guessed the port).
 */
export interface LoopbackGuard {
  readonly origin: string;
  readonly secret: string;
  /** Undefined when allowed; otherwise the status and reason to refuse with. */
  check(request: IncomingMessage, presentedSecret: string | undefined): Refusal | undefined;
}

export interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export function createLoopbackGuard(origin: string, secret: string): LoopbackGuard {
  const expectedHost = new URL(origin).host;
  const secretBytes = Buffer.from(secret);
  const secretMatches = (presented: string | undefined) => {
    if (presented === undefined) return false;
    const bytes = Buffer.from(presented);
    return bytes.length === secretBytes.length && timingSafeEqual(bytes, secretBytes);
  };
  return {
    origin,
    secret,
    check(request, presentedSecret) {
      if (request.headers.host !== expectedHost) {
        return {
          status: 403,
          code: 'forbidden',
          message: 'This desk only answers on its own address.',
        };
      }
      const requestOrigin = request.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== origin) {
        return {
          status: 403,
          code: 'forbidden',
          message: 'Requests from other web pages are refused.',
        };
      }
      if (!secretMatches(presentedSecret)) {
        return {
          status: 401,
          code: 'unauthorized',
          message:
            'Missing or wrong desk secret: open the desk from the address it printed at launch.',
        };
      }
      return undefined;
    },
  };
}
