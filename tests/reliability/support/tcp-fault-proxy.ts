import net from 'node:net';

/**
 * A TCP proxy on loopback between the sync server and Postgres, to take the database away
 * without touching the Postgres cluster other tests share: `cutAll` resets every open
 * connection (as a crashed or restarted database would), and while `refusing` new
 * connections are reset as soon as they arrive.
 */
export interface TcpFaultProxy {
  readonly port: number;
  /** Connections opened through the proxy so far. */
  readonly connections: number;
  refusing: boolean;
  /** Resets every open connection; returns how many there were. */
  cutAll(): number;
  close(): Promise<void>;
}

export async function startTcpFaultProxy(target: {
  readonly host: string;
  readonly port: number;
}): Promise<TcpFaultProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let connections = 0;
  const server = net.createServer((client) => {
    if (proxy.refusing) {
      client.resetAndDestroy();
      return;
    }
    connections++;
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');

  const proxy: TcpFaultProxy = {
    port: address.port,
    get connections() {
      return connections;
    },
    refusing: false,
    cutAll() {
      const open = [...pairs];
      for (const { client, upstream } of open) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
      return open.length;
    },
    async close() {
      proxy.cutAll();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
  return proxy;
}
