import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';
import { systemClock } from '../../src-shared/time/clock';
import { AdminError } from '../admin/admin-error';
import { resolveTenantRef } from '../admin/tenant-features-admin';
import { tenantDatabase } from '../db/tenant-database';
import {
  writeStudioExport,
  type ExportManifest,
  type ExportProgress,
} from '../export/studio-export';

/** A running table's row count is told every this many rows; every table when done. */
const PROGRESS_EVERY_ROWS = 100_000;

export interface StudioExportResult {
  readonly path: string;
  readonly bytes: number;
  readonly manifest: ExportManifest;
}

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'its folder does not exist.';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied.';
  if (code === 'EROFS') return 'the file system is read-only.';
  return error instanceof Error ? error.message : String(error);
}

function progressPrinter(err: (text: string) => void) {
  const told = new Map<string, number>();
  return (progress: ExportProgress) => {
    if (progress.done) {
      err(`  ${progress.table}: ${progress.rows.toLocaleString('en-US')} rows`);
      return;
    }
    const last = told.get(progress.table) ?? 0;
    if (progress.rows - last >= PROGRESS_EVERY_ROWS) {
      told.set(progress.table, progress.rows);
      err(`  ${progress.table}: ${progress.rows.toLocaleString('en-US')} rows so far…`);
    }
  };
}

/**
 * `serverctl export-studio`: the studio's archive written to a temporary name next to `out`
 * and renamed onto it once whole, so a failure or an interruption leaves nothing
 * half-written behind (an existing `out` stays as it was). The whole export reads one
 * snapshot (repeatable read).
 */
export async function exportStudioToFile(
  io: { err(text: string): void },
  db: Kysely<Database>,
  studioRef: string,
  out: string,
): Promise<StudioExportResult> {
  const tenantId = await resolveTenantRef(db, studioRef);
  const target = path.resolve(out);
  const partial = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${String(process.pid)}.partial`,
  );
  const file = await open(partial, 'wx').catch((error: unknown) => {
    throw new AdminError('unwritable_path', `Cannot write the export to ${target}: ${why(error)}`);
  });
  try {
    io.err(`Exporting studio ${studioRef} to ${target}:`);
    const manifest = await tenantDatabase(db).inTenant(
      tenantId,
      (trx) =>
        writeStudioExport(trx, tenantId, file.createWriteStream(), {
          clock: systemClock,
          onProgress: progressPrinter((text) => {
            io.err(text);
          }),
        }),
      { isolation: 'repeatable read' },
    );
    await rename(partial, target);
    return { path: target, bytes: (await stat(target)).size, manifest };
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}

export function studioExportSummary(result: StudioExportResult): string {
  const rows = result.manifest.tables.reduce((sum, table) => sum + table.rows, 0);
  const { name, slug } = result.manifest.studio;
  return (
    `Exported ${name} (${slug}): ${rows.toLocaleString('en-US')} rows in ` +
    `${String(result.manifest.tables.length)} tables to ${result.path} ` +
    `(${result.bytes.toLocaleString('en-US')} bytes).`
  );
}
