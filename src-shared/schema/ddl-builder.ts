import {
  sql,
  type CreateTableBuilder,
  type Expression,
  type Kysely,
  type RawBuilder,
} from 'kysely';
import type { ColumnSpec } from './column-spec';
import { storedPrimaryKey, type IndexSpec, type TableSpec } from './table-spec';

/** The two databases the schema runs on: the desk's SQLite and the server's Postgres. */
export type SqlDialectName = 'sqlite' | 'postgres';

type SchemaDb = Kysely<unknown>;

const postgresTypes = {
  id: 'uuid',
  text: 'text',
  integer: 'integer',
  money: 'integer',
  flag: 'smallint',
  timestamp: 'text',
  json: 'jsonb',
  enum: 'text',
} as const;

const sqliteTypes = {
  id: 'text',
  text: 'text',
  integer: 'integer',
  money: 'integer',
  flag: 'integer',
  timestamp: 'text',
  json: 'text',
  enum: 'text',
} as const;

const literalList = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

/**
 * The CHECK that keeps a column's representation identical on both databases, or undefined
 * when the type alone is enough. A NULL passes a CHECK that evaluates to NULL, so nullable
 * columns mostly need nothing extra; `json_valid` is the exception (see below).
 */
function columnCheck(
  dialect: SqlDialectName,
  name: string,
  spec: ColumnSpec,
): RawBuilder<unknown> | undefined {
  const ref = sql.ref(name);
  switch (spec.kind) {
    case 'enum':
      return sql`${ref} in (${literalList(spec.values ?? [])})`;
    case 'flag':
      return sql`${ref} in (0, 1)`;
    case 'timestamp':
      return dialect === 'postgres'
        ? sql`${ref} ~ ${sql.lit('^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9][.][0-9]{3}Z$')}`
        : sql`${ref} glob ${sql.lit('[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]Z')}`;
    case 'json':
      if (dialect !== 'sqlite') return undefined;
      // SQLite before 3.45 (Debian 12's sqlite3 is 3.40) gives json_valid(NULL) = 0, not NULL,
      // so its integrity_check would call every NULL a broken CHECK. Desk files written before
      // this spelled it are fixed by the desk migration 20261203160100_json_checks_allow_null.
      return spec.isNullable ? sql`${ref} is null or json_valid(${ref})` : sql`json_valid(${ref})`;
    case 'id':
      return dialect === 'sqlite' ? sql`length(${ref}) = 36` : undefined;
    case 'integer':
    case 'money':
      // SQLite would keep 1.5 as a REAL in an INTEGER column; Postgres refuses it outright.
      return dialect === 'sqlite' ? sql`typeof(${ref}) in ('integer', 'null')` : undefined;
    default:
      return undefined;
  }
}

function assertWellFormed(table: TableSpec): void {
  if (table.scope === 'tenant' && !('tenant_id' in table.columns)) {
    throw new Error(`tenant table ${table.name} has no tenant_id column`);
  }
  for (const column of storedPrimaryKey(table)) {
    if (!(column in table.columns)) {
      throw new Error(`primary key column ${table.name}.${column} is not declared`);
    }
  }
}

/**
 * Creates a table with its keys and checks, and its indexes unless it is made under another
 * name (`storedAs`, a rebuild's new copy), whose constraints still carry the table's own name.
 */
async function createTable(
  db: SchemaDb,
  dialect: SqlDialectName,
  table: TableSpec,
  storedAs: string = table.name,
) {
  assertWellFormed(table);
  const types = dialect === 'postgres' ? postgresTypes : sqliteTypes;
  let builder: CreateTableBuilder<string, string> = db.schema.createTable(storedAs);
  for (const [name, spec] of Object.entries(table.columns)) {
    builder = builder.addColumn(name, types[spec.kind], (c) => (spec.isNullable ? c : c.notNull()));
  }
  builder = builder.addPrimaryKeyConstraint(`pk_${table.name}`, [...storedPrimaryKey(table)]);
  for (const [name, spec] of Object.entries(table.columns)) {
    const check = columnCheck(dialect, name, spec);
    if (check) builder = builder.addCheckConstraint(`ck_${table.name}_${name}`, check);
    const target = spec.target;
    if (!target) continue;
    // Tenant-scoped keys carry tenant_id, so a row can never point into another tenant.
    const [columns, referenced] = target.tenantScoped
      ? [
          ['tenant_id', name],
          ['tenant_id', 'id'],
        ]
      : [[name], ['id']];
    builder = builder.addForeignKeyConstraint(
      `fk_${table.name}_${name}`,
      columns,
      target.table,
      referenced,
    );
  }
  await builder.execute();
  if (storedAs !== table.name) return;
  for (const index of table.indexes ?? []) await createIndex(db, table.name, index);
}

/** Creates one index of a table spec (a later migration adding an index to a table). */
export async function createIndex(db: SchemaDb, tableName: string, index: IndexSpec) {
  let builder = db.schema.createIndex(index.name).on(tableName);
  if (index.unique) builder = builder.unique();
  const parts: Expression<unknown>[] = index.columns.map((c) => sql.ref(c));
  if (index.lowerCaseColumn) parts.push(sql`lower(${sql.ref(index.lowerCaseColumn)})`);
  await builder.expression(sql.join(parts)).execute();
}

/** Orders tables so that every table comes after the tables its foreign keys point at. */
export function inDependencyOrder(tables: readonly TableSpec[]): TableSpec[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableSpec[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TableSpec, path: readonly string[]) => {
    if (state.get(table.name) === 'done') return;
    if (state.get(table.name) === 'visiting') {
      throw new Error(`foreign keys form a cycle: ${[...path, table.name].join(' -> ')}`);
    }
    state.set(table.name, 'visiting');
    for (const spec of Object.values(table.columns)) {
      const target = spec.target && byName.get(spec.target.table);
      if (target && target !== table) visit(target, [...path, table.name]);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

/** Creates the given tables with their keys, checks and indexes on either database. */
export async function createTables(
  db: SchemaDb,
  dialect: SqlDialectName,
  tables: readonly TableSpec[],
): Promise<void> {
  for (const table of inDependencyOrder(tables)) await createTable(db, dialect, table);
}

/**
 * Adds nullable columns to an existing table with the CHECK each would have had at creation.
 * SQLite can add neither a NOT NULL column without a default nor a two-column foreign key,
 * so a later column is nullable and its tenant-scoped key is kept on Postgres only, where
 * every desk's rows meet (as the merged-operations migration did for bookings.staff_id).
 */
export async function addNullableColumns(
  db: SchemaDb,
  dialect: SqlDialectName,
  table: string,
  columns: Readonly<Record<string, ColumnSpec>>,
): Promise<void> {
  const types = dialect === 'postgres' ? postgresTypes : sqliteTypes;
  for (const [name, spec] of Object.entries(columns)) {
    if (!spec.isNullable) throw new Error(`${table}.${name}: a later column must be nullable`);
    const check = columnCheck(dialect, name, spec);
    const constraint = check
      ? sql` constraint ${sql.ref(`ck_${table}_${name}`)} check (${check})`
      : sql``;
    await sql`alter table ${sql.table(table)} add column ${sql.ref(name)} ${sql.raw(
      types[spec.kind],
    )}${constraint}`.execute(db);
    const target = spec.target;
    if (dialect !== 'postgres' || !target) continue;
    const [from, to] = target.tenantScoped
      ? [sql`(tenant_id, ${sql.ref(name)})`, sql`(tenant_id, id)`]
      : [sql`(${sql.ref(name)})`, sql`(id)`];
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`fk_${table}_${name}`)}
      foreign key ${from} references ${sql.table(target.table)} ${to}`.execute(db);
  }
}

/**
 * Gives a table a changed spec whose only differences are CHECKs (an enum with new values);
 * columns the spec adds must have been added already (addNullableColumns). Postgres swaps
 * each enum column's CHECK in place.
 *
 * SQLite cannot change a CHECK in place, so there the table is rebuilt by SQLite's own
 * procedure (https://www.sqlite.org/lang_altertable.html, "making other kinds of table schema
 * changes"): the new spec is created as `<name>_new`, the rows are copied, the old table is
 * dropped and the new one renamed to the old name, then the indexes are made again. Renaming
 * the OLD table aside instead would make SQLite rewrite the foreign keys of every table that
 * points at it to the aside name, which is then dropped (stock_movements and
 * subscription_sales point at pos_order_items). Foreign keys must be off while this runs
 * (runMigrations turns them off around SQLite migrations and checks them afterwards), or
 * the drop would delete through them.
 */
export async function replaceChecks(
  db: SchemaDb,
  dialect: SqlDialectName,
  table: TableSpec,
  enumColumns: readonly string[],
): Promise<void> {
  if (dialect === 'postgres') {
    for (const name of enumColumns) {
      const spec = table.columns[name];
      const check = spec && columnCheck(dialect, name, spec);
      if (!check) throw new Error(`${table.name}.${name} has no CHECK to replace`);
      const constraint = sql.ref(`ck_${table.name}_${name}`);
      await sql`alter table ${sql.table(table.name)} drop constraint ${constraint}`.execute(db);
      await sql`alter table ${sql.table(table.name)} add constraint ${constraint}
        check (${check})`.execute(db);
    }
    return;
  }
  const enforced = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  if (enforced.rows[0]?.foreign_keys !== 0) {
    throw new Error(
      `rebuilding ${table.name} needs foreign keys off: run SQLite migrations with runMigrations`,
    );
  }
  const rebuilt = `${table.name}_new`;
  const columns = sql.join(Object.keys(table.columns).map((c) => sql.ref(c)));
  for (const index of table.indexes ?? []) {
    await sql`drop index ${sql.ref(index.name)}`.execute(db);
  }
  await createTable(db, dialect, table, rebuilt);
  await sql`insert into ${sql.table(rebuilt)} (${columns})
    select ${columns} from ${sql.table(table.name)}`.execute(db);
  await sql`drop table ${sql.table(table.name)}`.execute(db);
  await sql`alter table ${sql.table(rebuilt)} rename to ${sql.table(table.name)}`.execute(db);
  for (const index of table.indexes ?? []) await createIndex(db, table.name, index);
}
