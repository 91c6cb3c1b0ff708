import { randomBytes } from 'node:crypto';
import { DESK_HTTP } from '../../src-shared/bridge/desk-bridge';
import { createDeskHost, type DeskHost, type DeskHostOptions } from '../bridge/desk-host';
import { startLoopbackServer } from './loopback-server';

export interface BrowserDesk {
  /** Open this in a browser: it carries the per-launch secret in its fragment. */
  readonly url: string;
  readonly origin: string;
  readonly secret: string;
  readonly host: DeskHost;
  close(): Promise<void>;
}

export interface BrowserDeskOptions extends Omit<DeskHostOptions, 'shell'> {
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
}

/**
 * Browser mode: the desk core and the renderer served on loopback, for machines without
 * the Electron binary and for end-to-end tests. Same host, same calls as the Electron app.
 */
export async function startBrowserDesk(options: BrowserDeskOptions): Promise<BrowserDesk> {
  const { rendererDir, port, ...hostOptions } = options;
  const host = await createDeskHost({ ...hostOptions, shell: 'browser' });
  const secret = randomBytes(32).toString('base64url');
  try {
    const server = await startLoopbackServer({ host, rendererDir, secret, port: port ?? 0 });
    return {
      url: `${server.origin}/#${DESK_HTTP.secretFragmentKey}=${secret}`,
      origin: server.origin,
      secret,
      host,
      close: async () => {
        await server.close();
        await host.close();
      },
    };
  } catch (error) {
    await host.close();
    throw error;
  }
}
