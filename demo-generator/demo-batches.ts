import { catalog, type Database, type TableName } from '../src-shared/schema/catalog';
import { inDependencyOrder } from '../src-shared/schema/ddl-builder';

/**
 * A row of `T` with every column given, NULLs included: multi-row inserts then share one
 * column list, and a forgotten column is a type error rather than a silent NULL.
 */
export type DemoRow<T extends TableName> = Database[T];

/** A row of any table. */
export type AnyDemoRow = DemoRow<TableName>;

/** Rows of one table, in insertion order. */
export interface DemoBatch {
  readonly table: TableName;
  readonly rows: readonly AnyDemoRow[];
}

/** Batches stay small enough to insert in a handful of statements and to hold in memory. */
export const DEFAULT_MAX_BATCH_ROWS = 2_000;

const tableNames: ReadonlySet<string> = new Set(Object.values(catalog).map((t) => t.name));

function isTableName(name: string): name is TableName {
  return tableNames.has(name);
}

/** Every table after the tables its foreign keys point at: the order batches are written in. */
export const tablesInForeignKeyOrder: readonly TableName[] = inDependencyOrder(
  Object.values(catalog),
)
  .map((t) => t.name)
  .filter(isTableName);

/**
 * Collects rows of many tables and hands them out in foreign-key order. Generators add a
 * parent before its children, and a flush writes every table in dependency order, so a row
 * is never written before the rows it points at, whichever order the tables were added in.
 * Flush only between units of work whose rows are complete (a day of sales, a class).
 */
export class BatchBuffer {
  private pending = new Map<TableName, AnyDemoRow[]>();
  private pendingCount = 0;

  /**
   * @param discard drop every row: for a rehearsal run of a simulation whose only product
   *   is what it learns (see generate-demo-tenant).
   */
  constructor(
    readonly maxRows: number = DEFAULT_MAX_BATCH_ROWS,
    readonly discard = false,
  ) {
    if (!Number.isSafeInteger(maxRows) || maxRows < 1) {
      throw new RangeError(`maxRows must be a positive integer, got ${maxRows}`);
    }
  }

  add<T extends TableName>(table: T, row: DemoRow<T>): void {
    if (this.discard) return;
    const rows = this.pending.get(table);
    if (rows) rows.push(row);
    else this.pending.set(table, [row]);
    this.pendingCount++;
  }

  /** True once enough rows wait that the caller should flush at its next safe point. */
  get isFull(): boolean {
    return this.pendingCount >= this.maxRows;
  }

  *flush(): Generator<DemoBatch> {
    const pending = this.pending;
    this.pending = new Map();
    this.pendingCount = 0;
    for (const table of tablesInForeignKeyOrder) {
      const rows = pending.get(table) ?? [];
      for (let start = 0; start < rows.length; start += this.maxRows) {
        yield { table, rows: rows.slice(start, start + this.maxRows) };
      }
    }
  }
}
