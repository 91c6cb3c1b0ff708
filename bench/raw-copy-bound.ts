import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dropSecondaryIndexes, rebuildDroppedIndexes } from '../src-main/store/bulk-load-indexes';
import { openDesk } from '../src-main/store/open-desk';
import { syncedTables } from '../src-shared/sync/synced-tables';
import { rawPostgresClient } from './bench-postgres';

export interface RawCopyBound {
  readonly rows: number;
  readonly readSeconds: number;
  readonly insertSeconds: number;
  /** Building the secondary indexes after the insert (0 when they were kept throughout). */
  readonly indexSeconds: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The raw bound of an initial sync (B1's baseline): a plain SELECT of each synced table's
 * synced columns from Postgres, then one SQLite transaction that inserts every row with
 * prepared statements into a fresh desk file (same schema, indexes, synchronous=FULL and
 * bulk page cache as the desk's sync).
 * No HTTP, no JSON, no change log: what copying the rows costs at the least. The database
 * holds one tenant, so a plain SELECT reads exactly that tenant's rows.
 *
 * With `indexesAfter`, the secondary indexes are dropped before the insert and built once
 * after it (with the statistics), as an empty desk's initial sync now does: the stricter
 * bound, since a bulk load into SQLite is fastest that way.
 */
export async function measureRawCopyBound(
  databaseUrl: string,
  options: { readonly indexesAfter?: boolean } = {},
): Promise<RawCopyBound> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-bench-raw-'));
  const desk = await openDesk({ dataDir: dir });
  const client = await rawPostgresClient(databaseUrl);
  try {
    const started = performance.now();
    const read: { table: (typeof syncedTables)[number]; rows: unknown[][] }[] = [];
    for (const table of syncedTables) {
      const result = await client.query<unknown[]>({
        text: `select ${table.columns.map(quote).join(', ')} from ${quote(table.name)}`,
        rowMode: 'array',
      });
      read.push({ table, rows: result.rows });
    }
    const readDone = performance.now();
    desk.sqlite.pragma('foreign_keys = OFF');
    // The page cache the desk's sync uses for a bulk pull, so the bound is not handicapped.
    desk.sqlite.pragma('cache_size = -131072');
    if (options.indexesAfter) dropSecondaryIndexes(desk.sqlite);
    let rows = 0;
    desk.sqlite.transaction(() => {
      for (const { table, rows: tableRows } of read) {
        const insert = desk.sqlite.prepare(
          `insert into ${quote(table.name)} (${table.columns.map(quote).join(', ')}) values (${table.columns.map(() => '?').join(', ')})`,
        );
        for (const row of tableRows) insert.run(row);
        rows += tableRows.length;
      }
    })();
    const insertDone = performance.now();
    if (options.indexesAfter) rebuildDroppedIndexes(desk.sqlite);
    const indexesDone = performance.now();
    const seconds = (indexesDone - started) / 1000;
    return {
      rows,
      readSeconds: (readDone - started) / 1000,
      insertSeconds: (insertDone - readDone) / 1000,
      indexSeconds: (indexesDone - insertDone) / 1000,
      seconds,
      rowsPerSecond: rows / seconds,
    };
  } finally {
    await client.end();
    await desk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
