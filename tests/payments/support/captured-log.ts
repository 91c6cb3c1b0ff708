import type { FastifyBaseLogger } from 'fastify';

/**
 * A Fastify logger that keeps every line (at every level) as JSON text, so a test can scan
 * what the server would have written to its log. Requests and replies are reduced to what
 * a production log serialiser keeps (method, url, headers, status), plus anything else a
 * service passes, walked to a bounded depth.
 */
export function capturedLogger(lines: string[]): FastifyBaseLogger {
  const write =
    (level: string, bindings: Record<string, unknown>) =>
    (...args: unknown[]): void => {
      lines.push(JSON.stringify({ level, ...bindings, args: args.map((a) => plain(a, 0)) }));
    };
  const make = (bindings: Record<string, unknown>): FastifyBaseLogger => ({
    level: 'trace',
    fatal: write('fatal', bindings),
    error: write('error', bindings),
    warn: write('warn', bindings),
    info: write('info', bindings),
    debug: write('debug', bindings),
    trace: write('trace', bindings),
    silent: () => undefined,
    child: (more) => make({ ...bindings, ...plainRecord(more) }),
  });
  return make({});
}

function plainRecord(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, 1)]));
}

function plain(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' ? '[function]' : value;
  }
  if (depth > 4) return '[deep]';
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  if ('raw' in value && 'headers' in value && 'url' in value) {
    // A Fastify request: its getters live on the prototype, so they are read by name.
    const read = (name: string): unknown => Reflect.get(value, name);
    return plain(
      { method: read('method'), url: read('url'), headers: read('headers'), body: read('body') },
      depth + 1,
    );
  }
  const record: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    // Sockets and servers are not log content and are cyclic.
    if (key === 'socket' || key === 'server' || key === 'raw' || key.startsWith('_')) continue;
    record[key] = plain(v, depth + 1);
  }
  return record;
}
