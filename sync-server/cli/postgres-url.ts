/**
 * Where a Postgres URL points, for messages, without its credentials: `host:port`, or the
 * Unix socket directory of a URL like `postgres://postgres@/studio?host=/var/run/postgresql`
 * (node-postgres takes that form; WHATWG's URL refuses it, since it has a user but no host).
 */
export function postgresLocation(url: string): string {
  const query = url.includes('?') ? new URLSearchParams(url.slice(url.indexOf('?') + 1)) : null;
  const socket = query?.get('host');
  if (socket?.startsWith('/')) return `socket ${socket}`;
  try {
    const host = new URL(url).host;
    if (host !== '') return host;
  } catch {
    // No host part: the socket named above, or node-postgres's defaults.
  }
  return 'local socket';
}
