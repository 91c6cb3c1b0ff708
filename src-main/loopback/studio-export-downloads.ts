import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DeskReply } from '../../src-shared/bridge/desk-bridge';
import {
  STUDIO_EXPORT_DOWNLOAD_PREFIX,
  studioExportArgsSchema,
  studioExportDefaultName,
  type StudioExportResult,
} from '../../src-shared/bridge/studio-export-call';
import type { SavedStudioExport } from '../../src-shared/protocol/studio-export-messages';
import type { DeskHost } from '../bridge/desk-host';
import type { LoopbackGuard, Refusal } from './loopback-guard';

/** An archive no page fetched is removed after this long: it holds the whole studio. */
export const UNCLAIMED_EXPORT_MS = 15 * 60_000;

interface ReadyExport {
  readonly folder: string;
  readonly file: string;
  readonly name: string;
  readonly bytes: number;
  readonly expiry: ReturnType<typeof setTimeout>;
}

export interface StudioExportDownloads {
  /** The host the loopback server answers with: `studio.export` lands in a temp file. */
  readonly host: DeskHost;
  /**
   * Answers `GET /bridge/studio-export/<token>` with the archive, once; the refusal to send
   * instead when the request may not have it.
   */
  serve(
    request: IncomingMessage,
    response: ServerResponse,
    pathname: string,
    guard: LoopbackGuard,
  ): Promise<Refusal | undefined>;
  /** Removes every archive not fetched yet. */
  close(): Promise<void>;
}

/**
 * `studio.export` in browser mode (issue 19): a browser page has no save dialog, so the desk
 * core saves the archive to a private temporary folder and the page gets a one-time address
 * to download it from, which the browser saves where it saves downloads. The page may not
 * name a path on this computer.
 */
export function createStudioExportDownloads(
  host: DeskHost,
  today: () => string = () => new Date().toLocaleDateString('en-CA'),
): StudioExportDownloads {
  const ready = new Map<string, ReadyExport>();

  const exportToTemporaryFile = async (args: unknown): Promise<DeskReply> => {
    const parsed = studioExportArgsSchema.safeParse(args);
    // Malformed arguments are the desk core's to refuse, in its words.
    if (!parsed.success) return host.invoke('studio.export', args);
    if (parsed.data.target !== undefined) {
      return {
        ok: false,
        error: {
          code: 'invalid',
          message: 'studio.export: the browser saves the archive; the page may not name a path.',
        },
      };
    }
    const state = await host.invoke('setup.state', {});
    if (!state.ok) return state;
    const { tenantName } = state.value as { readonly tenantName: string | null };
    const name = studioExportDefaultName(tenantName ?? 'studio', today());
    const folder = await mkdtemp(join(tmpdir(), 'studio-desk-export-'));
    const file = join(folder, name);
    const reply = await host.invoke('studio.export', { target: file });
    if (!reply.ok) {
      await rm(folder, { recursive: true, force: true });
      return reply;
    }
    const saved = reply.value as SavedStudioExport;
    const token = randomBytes(32).toString('base64url');
    const expiry = setTimeout(() => {
      ready.delete(token);
      void rm(folder, { recursive: true, force: true });
    }, UNCLAIMED_EXPORT_MS);
    expiry.unref();
    ready.set(token, { folder, file, name, bytes: saved.bytes, expiry });
    const value: StudioExportResult = {
      path: name,
      bytes: saved.bytes,
      download: `${STUDIO_EXPORT_DOWNLOAD_PREFIX}${token}`,
    };
    return { ok: true, value };
  };

  return {
    host: {
      invoke: (method, args) =>
        method === 'studio.export' ? exportToTemporaryFile(args) : host.invoke(method, args),
      subscribe: (listener) => host.subscribe(listener),
      close: () => host.close(),
    },
    async serve(request, response, pathname, guard) {
      if (request.method !== 'GET') {
        return { status: 405, code: 'invalid', message: 'Use GET.' };
      }
      // A download link cannot carry the secret header, and a secret in its address would
      // stay in the browser's download list. The token stands in for it: random, issued
      // only to a call that presented the secret, good for one download. The host and
      // origin checks still apply.
      const refusal = guard.check(request, guard.secret);
      if (refusal) return refusal;
      const token = pathname.slice(STUDIO_EXPORT_DOWNLOAD_PREFIX.length);
      const archive = ready.get(token);
      if (!archive) {
        return {
          status: 404,
          code: 'not_found',
          message: 'This export was downloaded already or has expired: export the studio again.',
        };
      }
      ready.delete(token);
      clearTimeout(archive.expiry);
      response.writeHead(200, {
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
        'content-type': 'application/gzip',
        'content-length': String(archive.bytes),
        'content-disposition': `attachment; filename="${archive.name}"`,
      });
      try {
        await pipeline(createReadStream(archive.file), response);
      } finally {
        await rm(archive.folder, { recursive: true, force: true });
      }
      return undefined;
    },
    async close() {
      const left = [...ready.values()];
      ready.clear();
      for (const archive of left) clearTimeout(archive.expiry);
      await Promise.all(left.map((a) => rm(a.folder, { recursive: true, force: true })));
    },
  };
}
