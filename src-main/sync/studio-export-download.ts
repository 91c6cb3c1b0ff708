import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { errorResponseSchema } from '../../src-shared/protocol/sync-messages';
import {
  STUDIO_EXPORT_PATH,
  type SavedStudioExport,
} from '../../src-shared/protocol/studio-export-messages';
import { SyncOfflineError, SyncServerError } from './sync-transport';

/** How long the server may take to answer at all; the archive itself may take minutes. */
const ANSWER_TIMEOUT_MS = 60_000;

/**
 * Saves the studio's full export (issue 19, `GET /v1/console/export`) to `target` for the
 * desk's signed-in owner. The archive streams to a hidden temporary file beside `target` and
 * is renamed onto it only once whole: a refusal, a dropped connection or a server that cut
 * the archive off leaves nothing behind, and an existing file at `target` stays as it was.
 */
export async function downloadStudioExport(
  identity: { readonly serverUrl: string; readonly deviceToken: string },
  actorId: string,
  target: string,
  fetchImpl: typeof fetch = fetch,
): Promise<SavedStudioExport> {
  const url = new URL(
    `${STUDIO_EXPORT_PATH}?${new URLSearchParams({ actorId }).toString()}`,
    identity.serverUrl,
  );
  const answer = new AbortController();
  const timer = setTimeout(() => {
    answer.abort();
  }, ANSWER_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { authorization: `Bearer ${identity.deviceToken}` },
      signal: answer.signal,
    });
  } catch (error) {
    throw new SyncOfflineError(`cannot reach the server at ${url.origin}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok || response.body === null) {
    const body: unknown = await response.json().catch(() => undefined);
    const refusal = errorResponseSchema.safeParse(body);
    throw new SyncServerError(
      response.status,
      refusal.success ? refusal.data.error : `http_${String(response.status)}`,
      refusal.success ? refusal.data.message : `server answered ${String(response.status)}`,
      body,
    );
  }
  const saved = path.resolve(target);
  const partial = path.join(path.dirname(saved), `.${path.basename(saved)}.partial`);
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      createWriteStream(partial),
    );
    await rename(partial, saved);
  } catch (error) {
    await rm(partial, { force: true });
    // A file-system error (no such folder, no permission, disk full) is the target's fault.
    if ((error as NodeJS.ErrnoException).syscall !== undefined) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot save the export to ${saved}: ${reason}`, { cause: error });
    }
    throw new SyncOfflineError('the export was cut off before it was whole; nothing was saved', {
      cause: error,
    });
  }
  return { path: saved, bytes: (await stat(saved)).size };
}
