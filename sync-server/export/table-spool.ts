import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import type { TenantTransaction } from '../db/tenant-transaction';
import { csvLine } from './export-csv';
import type { ExportTable } from './export-tables';

/**
 * Writes one table of one studio to a JSON Lines and a CSV file in a spool folder, a keyset
 * page at a time, so a table of a million rows never sits in memory. The tar format needs
 * each file's size before its bytes, hence the spool; the hashes are taken as it goes.
 */

export interface SpooledFile {
  /** Its name in the archive: `<table>.jsonl` or `<table>.csv`. */
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface SpooledTable {
  readonly table: string;
  readonly rows: number;
  readonly files: readonly SpooledFile[];
}

export const DEFAULT_PAGE_SIZE = 2000;

type Row = Readonly<Record<string, unknown>>;

class HashedFile {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  constructor(
    readonly name: string,
    readonly path: string,
  ) {
    this.stream = createWriteStream(path, { flags: 'wx' });
  }

  async write(text: string): Promise<void> {
    const chunk = Buffer.from(text, 'utf8');
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<SpooledFile> {
    this.stream.end();
    await once(this.stream, 'close');
    return { name: this.name, path: this.path, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  destroy(): void {
    this.stream.destroy();
  }
}

function scopeOf(table: ExportTable, tenantId: string): RawBuilder<boolean> {
  switch (table.scope) {
    case 'tenant_id':
      return sql<boolean>`tenant_id = ${tenantId}::uuid`;
    case 'tenant_row':
      return sql<boolean>`id = ${tenantId}::uuid`;
    case 'member_users':
      return sql<boolean>`exists (select 1 from tenant_members m
        where m.tenant_id = ${tenantId}::uuid and m.user_id = users.id)`;
  }
}

async function readPage(
  trx: TenantTransaction,
  tenantId: string,
  table: ExportTable,
  after: Row | undefined,
  limit: number,
): Promise<Row[]> {
  const keys = sql.join(table.keys.map((key) => sql.ref(key.column)));
  const bound = after
    ? sql`and (${keys}) > (${sql.join(
        table.keys.map((key) => sql`${after[key.column]}::${sql.raw(key.type)}`),
      )})`
    : sql``;
  const result = await sql<Row>`select ${sql.join(table.columns.map((c) => sql.ref(c)))}
    from ${sql.table(table.name)}
    where ${scopeOf(table, tenantId)} ${bound}
    order by ${keys}
    limit ${limit}`.execute(trx);
  return result.rows;
}

/** JSON columns are JSON text in the database: a JSON Lines reader gets their values. */
function jsonLine(table: ExportTable, row: Row): string {
  const out: Record<string, unknown> = {};
  for (const column of table.columns) {
    const value = row[column] ?? null;
    out[column] =
      table.jsonColumns.has(column) && typeof value === 'string' ? JSON.parse(value) : value;
  }
  return `${JSON.stringify(out)}\n`;
}

export async function spoolTable(
  trx: TenantTransaction,
  tenantId: string,
  table: ExportTable,
  folder: string,
  options: { readonly pageSize: number; onRows(rows: number): void },
): Promise<SpooledTable> {
  const jsonl = new HashedFile(`${table.name}.jsonl`, path.join(folder, `${table.name}.jsonl`));
  const csv = new HashedFile(`${table.name}.csv`, path.join(folder, `${table.name}.csv`));
  const pageSize = Math.min(options.pageSize, table.pageRows ?? options.pageSize);
  try {
    await csv.write(csvLine(table.columns));
    let rows = 0;
    let after: Row | undefined;
    for (;;) {
      const page = await readPage(trx, tenantId, table, after, pageSize);
      // One write per page and file: a page is a few hundred kilobytes at most.
      await jsonl.write(page.map((row) => jsonLine(table, row)).join(''));
      await csv.write(page.map((row) => csvLine(table.columns.map((c) => row[c]))).join(''));
      rows += page.length;
      after = page.at(-1);
      options.onRows(rows);
      if (page.length < pageSize) break;
    }
    return { table: table.name, rows, files: [await jsonl.close(), await csv.close()] };
  } catch (error) {
    jsonl.destroy();
    csv.destroy();
    throw error;
  }
}
