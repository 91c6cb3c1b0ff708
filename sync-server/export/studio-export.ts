import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'kysely';
import { pack as tarPack, type Pack } from 'tar-stream';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { PROTOCOL_VERSION } from '../../src-shared/protocol/sync-messages';
import { isoAt, type Clock } from '../../src-shared/time/clock';
import { serverMigrations } from '../db/migrations';
import type { TenantTransaction } from '../db/tenant-transaction';
import { ServiceError } from '../support/service-error';
import { exportTables, TABLES_NOT_EXPORTED } from './export-tables';
import { DEFAULT_PAGE_SIZE, spoolTable, type SpooledFile } from './table-spool';

/**
 * A studio's full export (issue 19): one .tar.gz with `<table>.jsonl` and `<table>.csv` for
 * every table of the studio (export-tables.ts) and `manifest.json` last, with each file's
 * row count, size and SHA-256. It reads in the transaction it is given: run it in a
 * `repeatable read` tenant transaction and the archive is one consistent snapshot.
 */

export const EXPORT_FORMAT = 'studio-desk-export';
export const EXPORT_FORMAT_VERSION = 1;

export interface ExportManifest {
  readonly format: typeof EXPORT_FORMAT;
  readonly format_version: number;
  readonly studio: { readonly id: string; readonly slug: string; readonly name: string };
  readonly exported_at: string;
  readonly server: {
    readonly protocol_version: number;
    readonly schema_migration: string;
    readonly server_migration: string;
  };
  readonly tables: readonly {
    readonly name: string;
    readonly rows: number;
    readonly columns: readonly string[];
    readonly files: Readonly<Record<string, { readonly bytes: number; readonly sha256: string }>>;
  }[];
  /** Tables of the studio left out, each holding secrets or sync bookkeeping only. */
  readonly not_exported: readonly string[];
}

export interface ExportProgress {
  readonly table: string;
  readonly rows: number;
  /** True once the table is complete. */
  readonly done: boolean;
}

export interface StudioExportOptions {
  readonly clock: Clock;
  onProgress?(progress: ExportProgress): void;
  readonly pageSize?: number;
}

const lastName = (migrations: readonly { readonly name: string }[]) =>
  migrations
    .map((m) => m.name)
    .sort()
    .at(-1) ?? '';

async function readStudio(trx: TenantTransaction, tenantId: string) {
  const found = await sql<{ id: string; slug: string; name: string }>`
    select id, slug, name from tenants where id = ${tenantId}::uuid`.execute(trx);
  const studio = found.rows[0];
  if (!studio) throw new ServiceError(404, 'unknown_studio', `No studio has the id ${tenantId}.`);
  return studio;
}

/** Adds a spooled file to the archive, its bytes streamed from the spool folder. */
function addFile(archive: Pack, file: SpooledFile, mtime: Date): Promise<void> {
  return new Promise((resolve, reject) => {
    const header = { name: file.name, size: file.bytes, mtime, mode: 0o644 };
    const entry = archive.entry(header, (error) => {
      if (error) reject(error);
      else resolve();
    });
    // The archive destroyed (its reader gone) destroys the entry being written with the
    // same error: heard here, or it would be thrown at the process.
    entry.on('error', reject);
    const source = createReadStream(file.path);
    source.on('error', (error) => {
      entry.destroy(error);
      reject(error);
    });
    source.pipe(entry);
  });
}

/**
 * Writes the studio's archive to `output` and answers its manifest. On failure `output` is
 * destroyed (an HTTP response is cut off, never ended as if whole); the caller removes a
 * half-written file.
 */
export async function writeStudioExport(
  trx: TenantTransaction,
  tenantId: string,
  output: Writable,
  options: StudioExportOptions,
): Promise<ExportManifest> {
  const studio = await readStudio(trx, tenantId);
  const exportedAt = isoAt(options.clock);
  const mtime = new Date(exportedAt);
  const spool = await mkdtemp(path.join(tmpdir(), 'studio-export-'));
  const archive = tarPack();
  const written = pipeline(archive, createGzip(), output);
  // Read only after the work below: an early failure surfaces through the work instead.
  written.catch(() => undefined);
  try {
    const tables: ExportManifest['tables'][number][] = [];
    for (const table of exportTables) {
      const spooled = await spoolTable(trx, tenantId, table, spool, {
        pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
        onRows: (rows) => options.onProgress?.({ table: table.name, rows, done: false }),
      });
      for (const file of spooled.files) {
        // A reader gone (a closed response) fails `written`, never the entry: race them.
        await Promise.race([addFile(archive, file, mtime), written]);
        await rm(file.path);
      }
      options.onProgress?.({ table: table.name, rows: spooled.rows, done: true });
      tables.push({
        name: table.name,
        rows: spooled.rows,
        columns: table.columns,
        files: Object.fromEntries(
          spooled.files.map((f) => [f.name, { bytes: f.bytes, sha256: f.sha256 }]),
        ),
      });
    }
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      format_version: EXPORT_FORMAT_VERSION,
      studio,
      exported_at: exportedAt,
      server: {
        protocol_version: PROTOCOL_VERSION,
        schema_migration: lastName(sharedMigrations),
        server_migration: lastName(serverMigrations),
      },
      tables,
      not_exported: TABLES_NOT_EXPORTED,
    };
    archive.entry(
      { name: 'manifest.json', mtime, mode: 0o644 },
      `${JSON.stringify(manifest, null, 2)}\n`,
    );
    archive.finalize();
    await written;
    return manifest;
  } catch (error) {
    archive.destroy(error instanceof Error ? error : new Error(String(error)));
    output.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  } finally {
    await rm(spool, { recursive: true, force: true });
  }
}
