import { sql, type Kysely } from 'kysely';

/** What the Citus rules look at in one table, read from a migrated database's catalog. */
export interface TableFacts {
  readonly name: string;
  /** Column name to its type as format_type prints it and whether it is NOT NULL. */
  readonly columns: Readonly<Record<string, { readonly type: string; readonly notNull: boolean }>>;
  /** Primary key and unique indexes; an expression part (lower(code)) is `(expression)`. */
  readonly uniqueIndexes: readonly { readonly name: string; readonly columns: readonly string[] }[];
  readonly foreignKeys: readonly ForeignKeyFacts[];
}

export interface ForeignKeyFacts {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
}

/** A function of the public schema with the source the rules scan. */
export interface FunctionFacts {
  readonly name: string;
  readonly source: string;
}

export interface DatabaseFacts {
  readonly tables: readonly TableFacts[];
  readonly functions: readonly FunctionFacts[];
}

/** TableFacts while it is being filled in from the catalog rows. */
interface BuiltTable {
  readonly name: string;
  readonly columns: Record<string, { readonly type: string; readonly notNull: boolean }>;
  readonly uniqueIndexes: { readonly name: string; readonly columns: readonly string[] }[];
  readonly foreignKeys: ForeignKeyFacts[];
}

/** Reads tables, keys and functions of the public schema exactly as migrated. */
export async function readDatabaseFacts(db: Kysely<unknown>): Promise<DatabaseFacts> {
  const columns = await sql<{ table_name: string; name: string; type: string; not_null: boolean }>`
    select c.relname as table_name, a.attname as name,
      format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null
    from pg_class c join pg_attribute a on a.attrelid = c.oid
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
      and a.attnum > 0 and not a.attisdropped`.execute(db);
  // indkey holds 0 for an expression part; keep its place so "leads with" stays honest.
  const uniques = await sql<{ table_name: string; name: string; columns: string[] }>`
    select c.relname as table_name, ic.relname as name,
      array(select coalesce(a.attname::text, '(expression)')
            from unnest(i.indkey::int2[]) with ordinality k(attnum, n)
            left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
            where k.n <= i.indnkeyatts order by k.n) as columns
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
    where c.relnamespace = 'public'::regnamespace and i.indisunique`.execute(db);
  const keys = await sql<{
    table_name: string;
    name: string;
    columns: string[];
    referenced_table: string;
    referenced_columns: string[];
  }>`
    select c.relname as table_name, k.conname as name, r.relname as referenced_table,
      array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, n)
            join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum
            order by u.n) as columns,
      array(select a.attname::text from unnest(k.confkey) with ordinality u(attnum, n)
            join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum
            order by u.n) as referenced_columns
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class r on r.oid = k.confrelid
    where k.contype = 'f' and k.connamespace = 'public'::regnamespace`.execute(db);
  // Functions an extension owns are not ours to classify.
  const functions = await sql<{ name: string; source: string }>`
    select p.proname as name, p.prosrc as source from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and not exists (select 1 from pg_depend d
                      where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
    order by p.proname`.execute(db);

  const tables = new Map<string, BuiltTable>();
  const tableOf = (name: string): BuiltTable => {
    const known = tables.get(name);
    if (known) return known;
    const table: BuiltTable = { name, columns: {}, uniqueIndexes: [], foreignKeys: [] };
    tables.set(name, table);
    return table;
  };
  for (const c of columns.rows) {
    tableOf(c.table_name).columns[c.name] = { type: c.type, notNull: c.not_null };
  }
  for (const u of uniques.rows) {
    tableOf(u.table_name).uniqueIndexes.push({ name: u.name, columns: u.columns });
  }
  for (const k of keys.rows) {
    tableOf(k.table_name).foreignKeys.push({
      name: k.name,
      columns: k.columns,
      referencedTable: k.referenced_table,
      referencedColumns: k.referenced_columns,
    });
  }
  return {
    tables: [...tables.values()].sort((a, b) => a.name.localeCompare(b.name)),
    functions: functions.rows,
  };
}
