/**
 * Dialect-neutral column descriptions. A table is declared once with these helpers; the DDL
 * builder turns them into SQLite or Postgres columns and the row types are derived from them,
 * so the desk, the server and the TypeScript types cannot drift apart.
 *
 * Representations chosen so that both databases hand back identical JavaScript values (shared
 * mutations and checksums depend on it):
 * - ids are UUID strings (`uuid` on Postgres, checked text on SQLite), born where the record is;
 * - money is integer minor units, never floats;
 * - booleans are the integers 0 and 1 on both sides (better-sqlite3 cannot bind `true`);
 * - timestamps are fixed-width UTC ISO-8601 text, `2026-11-26T12:00:00.000Z`, so they sort as
 *   text and compare equal byte for byte on both sides;
 * - JSON is `jsonb` on Postgres and `json_valid` text on SQLite, read back as text on both;
 *   jsonb re-spaces and re-orders keys, so JSON is compared by value, never as text.
 */

/** UTC ISO-8601 with milliseconds: `YYYY-MM-DDTHH:mm:ss.sssZ` (what `Date#toISOString` gives). */
export type IsoTimestamp = string;
/** A JSON document kept as its text; parse it with a schema where it is used. */
export type JsonText = string;
/** SQLite has no boolean type and better-sqlite3 cannot bind one: 0 is false, 1 is true. */
export type Flag = 0 | 1;

export type ColumnKind =
  'id' | 'text' | 'integer' | 'money' | 'flag' | 'timestamp' | 'json' | 'enum';

/** Where a foreign key points. `tenantScoped` keys also carry `tenant_id` (Citus co-location). */
export interface ColumnReference {
  readonly table: string;
  readonly tenantScoped: boolean;
}

export interface ColumnSpec<T = unknown, N extends boolean = boolean> {
  readonly kind: ColumnKind;
  readonly isNullable: N;
  readonly values?: readonly string[];
  readonly target?: ColumnReference;
  /** Never leaves the server (credentials); the sync layer strips these columns. */
  readonly isServerOnly?: boolean;
  /** Phantom field carrying the TypeScript value type; never set at run time. */
  readonly __valueType?: T;
}

type Builder<T, N extends boolean> = ColumnSpec<T, N> & {
  /** The column may hold NULL. */
  nullable(): Builder<T, true>;
  /** The column points at `table`'s id within the same tenant. */
  references(table: string): Builder<T, N>;
  /** The column points at a table shared by all tenants (users, marketing_automations). */
  referencesGlobal(table: string): Builder<T, N>;
  serverOnly(): Builder<T, N>;
};

function column<T>(kind: ColumnKind, values?: readonly string[]): Builder<T, false> {
  const make = <N extends boolean>(spec: ColumnSpec<T, N>): Builder<T, N> => ({
    ...spec,
    nullable: () => make<true>({ ...spec, isNullable: true }),
    references: (table) => make<N>({ ...spec, target: { table, tenantScoped: true } }),
    referencesGlobal: (table) => make<N>({ ...spec, target: { table, tenantScoped: false } }),
    serverOnly: () => make<N>({ ...spec, isServerOnly: true }),
  });
  return make<false>(values ? { kind, isNullable: false, values } : { kind, isNullable: false });
}

export const col = {
  id: () => column<string>('id'),
  text: () => column<string>('text'),
  integer: () => column<number>('integer'),
  /** Integer minor units (cents) of the tenant's currency. */
  money: () => column<number>('money'),
  flag: () => column<Flag>('flag'),
  timestamp: () => column<IsoTimestamp>('timestamp'),
  json: () => column<JsonText>('json'),
  enumOf: <const V extends readonly [string, ...string[]]>(values: V) =>
    column<V[number]>('enum', values),
};

/** The value a column holds, `null` included when it is nullable. */
export type ColumnValue<C> =
  C extends ColumnSpec<infer T, infer N> ? (N extends true ? T | null : T) : never;
