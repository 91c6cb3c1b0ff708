import { sql, type Kysely, type Transaction } from 'kysely';
import { tablesByName, type Database, type TableName } from '../src-shared/schema/catalog';
import type { SqlDialectName } from '../src-shared/schema/ddl-builder';
import type { DemoBatch } from './demo-batches';

/**
 * Bound parameters per statement, under each dialect's limit: SQLite allows 32766,
 * Postgres 65535 (a 16-bit count in the wire protocol).
 */
const MAX_PARAMETERS: Readonly<Record<SqlDialectName, number>> = {
  sqlite: 30_000,
  postgres: 60_000,
};

export interface DemoWriteProgress {
  /** The table just written to, and how many of its rows are written so far. */
  readonly table: TableName;
  readonly tableRows: number;
  readonly totalRows: number;
}

export interface WriteDemoDataOptions {
  readonly dialect: SqlDialectName;
  /** Called after every batch. */
  readonly onProgress?: (progress: DemoWriteProgress) => void;
  /** Rows committed per transaction; fewer, bigger transactions load faster. */
  readonly rowsPerTransaction?: number;
}

export interface DemoWriteSummary {
  readonly rowsByTable: ReadonlyMap<TableName, number>;
  readonly totalRows: number;
}

async function insertBatch(
  trx: Transaction<Database>,
  batch: DemoBatch,
  dialect: SqlDialectName,
): Promise<void> {
  const spec = tablesByName.get(batch.table);
  if (!spec) throw new Error(`unknown table ${batch.table}`);
  const columns = Object.keys(spec.columns);
  const columnList = sql.join(columns.map((c) => sql.ref(c)));
  const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMETERS[dialect] / columns.length));
  for (let start = 0; start < batch.rows.length; start += rowsPerStatement) {
    const tuples = batch.rows.slice(start, start + rowsPerStatement).map((row) => {
      const values: Readonly<Record<string, unknown>> = row;
      return sql`(${sql.join(columns.map((c) => values[c]))})`;
    });
    await sql`insert into ${sql.table(batch.table)} (${columnList}) values ${sql.join(tuples)}`.execute(
      trx,
    );
  }
}

/**
 * Inserts batches (from `generateDemoTenant`) in the order given, which must put parents
 * before children: foreign keys are checked as rows arrive. Each transaction takes batches
 * until it holds `rowsPerTransaction` rows, so memory stays bounded by the batch size. If
 * a batch fails, its transaction rolls back and earlier transactions stay committed: load
 * into an empty database and drop it on failure.
 */
export async function writeDemoData(
  db: Kysely<Database>,
  batches: Iterable<DemoBatch>,
  options: WriteDemoDataOptions,
): Promise<DemoWriteSummary> {
  const rowsPerTransaction = options.rowsPerTransaction ?? 100_000;
  const iterator = batches[Symbol.iterator]();
  const rowsByTable = new Map<TableName, number>();
  let totalRows = 0;
  let finished = false;
  while (!finished) {
    finished = await db.transaction().execute(async (trx) => {
      let written = 0;
      while (written < rowsPerTransaction) {
        const step = iterator.next();
        if (step.done === true) return true;
        const batch = step.value;
        await insertBatch(trx, batch, options.dialect);
        const tableRows = (rowsByTable.get(batch.table) ?? 0) + batch.rows.length;
        rowsByTable.set(batch.table, tableRows);
        written += batch.rows.length;
        totalRows += batch.rows.length;
        options.onProgress?.({ table: batch.table, tableRows, totalRows });
      }
      return false;
    });
  }
  return { rowsByTable, totalRows };
}
