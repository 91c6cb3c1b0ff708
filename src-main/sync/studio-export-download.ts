import { createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
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

/** The archive could not be written at its target: no such folder, no permission, disk full. */
export class StudioExportSaveError extends Error {
  constructor(message: string, options: ErrorOptions) {
    super(message, options);
    this.name = 'StudioExportSaveError';
  }
}

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
  const saved = path.resolve(target);
  const partial = path.join(path.dirname(saved), `.${path.basename(saved)}.partial`);
  // Made before the server is asked: a folder that cannot take the file is said at once,
  // and the server does not build a whole archive only for it to be dropped.
  try {
    await (await open(partial, 'w')).close();
  } catch (error) {
    throw cannotSave(saved, error);
  }
  try {
    const body = await requestArchive(identity, actorId, fetchImpl);
    await pipeline(Readable.fromWeb(body), createWriteStream(partial));
    await rename(partial, saved);
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof SyncOfflineError || error instanceof SyncServerError) throw error;
    // A file-system error (no such folder, no permission, disk full) is the target's fault.
    if ((error as NodeJS.ErrnoException).syscall !== undefined) throw cannotSave(saved, error);
    throw new SyncOfflineError('the export was cut off before it was whole; nothing was saved', {
      cause: error,
    });
  }
  return { path: saved, bytes: (await stat(saved)).size };
}

/** The archive's body once the server has agreed to send it; its refusal otherwise. */
async function requestArchive(
  identity: { readonly serverUrl: string; readonly deviceToken: string },
  actorId: string,
  fetchImpl: typeof fetch,
): Promise<WebReadableStream<Uint8Array>> {
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
  return response.body as WebReadableStream<Uint8Array>;
}

function cannotSave(saved: string, error: unknown): StudioExportSaveError {
  const reason = error instanceof Error ? error.message : String(error);
  return new StudioExportSaveError(`cannot save the export to ${saved}: ${reason}`, {
    cause: error,
  });
}
