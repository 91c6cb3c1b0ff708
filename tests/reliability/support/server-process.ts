import net from 'node:net';
import { TsxChild } from './tsx-child';

/** The name the server's connections carry, so a test can find and end exactly those. */
export const SERVER_APPLICATION_NAME = 'studio_reliability_server';

/** A free loopback port, for a server that must come back on the same one after a kill. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => {
    probe.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no port was given');
  return address.port;
}

/** `databaseUrl` with the application name the server's connections are tagged with. */
export function taggedDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', SERVER_APPLICATION_NAME);
  return url.toString();
}

/**
 * The real sync server (`serverctl serve`) in its own process on a fixed loopback port, so a
 * test can SIGKILL it mid-request and start it again where desks expect it.
 */
export class SyncServerProcess {
  private child: TsxChild | undefined;
  restarts = 0;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child?.running ?? false;
  }

  /** What the last process wrote to stderr, to explain a crash. */
  get errorOutput(): string {
    return this.child?.errorOutput ?? '';
  }

  /** Starts `serve` on `databaseUrl` and waits until it listens. */
  async start(databaseUrl: string): Promise<void> {
    if (this.running) throw new Error('the server is already running');
    const child = new TsxChild(
      'sync-server/cli/serverctl.ts',
      ['serve', '--port', String(this.port), '--host', '127.0.0.1', '--quiet', '--json'],
      { ...process.env, DATABASE_URL: taggedDatabaseUrl(databaseUrl) },
    );
    this.child = child;
    try {
      await child.waitForLine((line) => line.includes('"listening"'), 60_000);
    } catch (error) {
      await child.kill();
      throw error;
    }
  }

  /** SIGKILL: no graceful close, open transactions die with their connections. */
  async kill(): Promise<void> {
    await this.child?.kill();
  }

  async restart(databaseUrl: string): Promise<void> {
    await this.kill();
    await this.start(databaseUrl);
    this.restarts++;
  }
}
