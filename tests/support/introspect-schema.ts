import { sql, type Kysely } from 'kysely';
import type { BackendName } from './test-databases';

/** A database's schema reduced to what both dialects can state the same way. */
export interface ColumnShape {
  /** The logical kind the column's type and CHECK constraint imply. */
  kind: string;
  nullable: boolean;
  enumValues?: string[];
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  /** Index name to `unique:expr,expr` (expressions normalised: no quotes, no spaces). */
  indexes: Record<string, string>;
}

export type SchemaShape = Record<string, TableShape>;

const unquote = (text: string) => text.replaceAll('"', '').replaceAll(' ', '').toLowerCase();

/** The text between the first '(' after `from` and its matching ')'. */
function parenthesised(text: string, from: number): string {
  const start = text.indexOf('(', from);
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) return text.slice(start + 1, i);
  }
  throw new Error(`unbalanced parentheses in ${text}`);
}

const quotedValues = (text: string) => [...text.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');

/** Logical kind from a storage type and the column's CHECK constraint text. */
function kindOf(type: string, check: string | undefined): string {
  const t = type.toLowerCase();
  if (t === 'uuid' || check?.includes('length(')) return 'id';
  if (t === 'jsonb' || check?.includes('json_valid')) return 'json';
  if (check?.includes('glob') || check?.includes('~')) return 'timestamp';
  if (check && /in \(0, ?1\)|array\[0, ?1\]/i.test(check)) return 'flag';
  if (check && quotedValues(check).length > 0 && !check.includes('typeof')) return 'enum';
  if (t === 'integer' || t === 'smallint') return 'integer';
  return t;
}

async function sqliteShape(db: Kysely<unknown>): Promise<SchemaShape> {
  const tables = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master
    where type = 'table' and name not like 'sqlite_%' and name not like 'schema_migrations%'
    order by name`.execute(db);
  const shape: SchemaShape = {};
  for (const { name, sql: ddl } of tables.rows) {
    const checks = new Map<string, string>();
    for (const m of ddl.matchAll(/constraint "ck_[a-z0-9_]+?" check/gi)) {
      const body = parenthesised(ddl, m.index + m[0].length);
      const column = /"([a-z0-9_]+)"/.exec(body)?.[1];
      if (column) checks.set(column, body);
    }
    const info = await sql<{ name: string; type: string; notnull: number; pk: number }>`
      select * from pragma_table_info(${name})`.execute(db);
    const columns: Record<string, ColumnShape> = {};
    for (const c of info.rows) {
      const check = checks.get(c.name);
      const kind = kindOf(c.type, check);
      const column: ColumnShape = { kind, nullable: c.notnull === 0 };
      if (kind === 'enum' && check) column.enumValues = quotedValues(check).sort();
      columns[c.name] = column;
    }
    const primaryKey = info.rows
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const indexRows = await sql<{ name: string; sql: string | null }>`
      select name, sql from sqlite_master where type = 'index' and tbl_name = ${name}`.execute(db);
    const indexes: Record<string, string> = {};
    for (const index of indexRows.rows) {
      if (!index.sql) continue; // automatic index behind the primary key
      const unique = /create unique index/i.test(index.sql);
      const on = index.sql.toLowerCase().indexOf(' on ');
      indexes[index.name] =
        `${unique ? 'unique' : 'plain'}:${unquote(parenthesised(index.sql, on))}`;
    }
    shape[name] = { columns, primaryKey, indexes };
  }
  return shape;
}

async function postgresShape(db: Kysely<unknown>): Promise<SchemaShape> {
  const columns = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
  }>`
    select table_name, column_name, data_type, is_nullable from information_schema.columns
    where table_schema = 'public' and table_name not like 'schema_migrations%'
    order by table_name, ordinal_position`.execute(db);
  const checks = await sql<{ table_name: string; name: string; def: string }>`
    select conrelid::regclass::text as table_name, conname as name, pg_get_constraintdef(oid) as def
    from pg_constraint where contype = 'c' and connamespace = 'public'::regnamespace`.execute(db);
  const keys = await sql<{ table_name: string; columns: string }>`
    select i.indrelid::regclass::text as table_name,
      string_agg(a.attname, ',' order by array_position(i.indkey::int2[], a.attnum)) as columns
    from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indisprimary group by i.indrelid`.execute(db);
  const indexRows = await sql<{ tablename: string; indexname: string; indexdef: string }>`
    select tablename, indexname, indexdef from pg_indexes
    where schemaname = 'public' and indexname not like 'pk_%'`.execute(db);

  const shape: SchemaShape = {};
  const table = (name: string) => (shape[name] ??= { columns: {}, primaryKey: [], indexes: {} });
  // Checks are named ck_<table>_<column> by the DDL builder.
  const checkOf = (tableName: string, column: string) =>
    checks.rows.find((c) => c.table_name === tableName && c.name === `ck_${tableName}_${column}`)
      ?.def;
  for (const c of columns.rows) {
    const check = checkOf(c.table_name, c.column_name);
    const kind = kindOf(c.data_type, check);
    const shapeOf: ColumnShape = { kind, nullable: c.is_nullable === 'YES' };
    if (kind === 'enum' && check) shapeOf.enumValues = quotedValues(check).sort();
    table(c.table_name).columns[c.column_name] = shapeOf;
  }
  // Catalog tables and Kysely's bookkeeping show up in pg_index too; keep ours only.
  for (const k of keys.rows) {
    if (shape[k.table_name]) table(k.table_name).primaryKey = k.columns.split(',');
  }
  for (const index of indexRows.rows) {
    if (!shape[index.tablename]) continue;
    const unique = /create unique index/i.test(index.indexdef);
    const using = index.indexdef.toLowerCase().indexOf(' using ');
    table(index.tablename).indexes[index.indexname] =
      `${unique ? 'unique' : 'plain'}:${unquote(parenthesised(index.indexdef, using))}`;
  }
  return shape;
}

export function introspectSchema(backend: BackendName, db: Kysely<unknown>): Promise<SchemaShape> {
  return backend === 'sqlite' ? sqliteShape(db) : postgresShape(db);
}
