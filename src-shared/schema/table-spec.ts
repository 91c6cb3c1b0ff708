import type { ColumnSpec, ColumnValue } from './column-spec';

export type ColumnMap = Readonly<Record<string, ColumnSpec>>;

/**
 * How a table relates to tenants.
 * - `tenant`: every row belongs to one tenant; `tenant_id` leads its primary key and every
 *   unique index (Citus distributes by it, desks sync by it).
 * - `global`: shared by all tenants (users, platform configuration); a Citus reference table.
 */
export type TableScope = 'tenant' | 'global';

export interface IndexSpec {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique?: boolean;
  /** Index over `lower(column)` for case-insensitive lookups (gift card and coupon codes). */
  readonly lowerCaseColumn?: string;
}

export interface TableSpec<C extends ColumnMap = ColumnMap, N extends string = string> {
  readonly name: N;
  readonly scope: TableScope;
  readonly columns: C;
  /** Primary key columns; `tenant_id` is prepended for tenant tables. Defaults to `['id']`. */
  readonly primaryKey?: readonly string[];
  readonly indexes?: readonly IndexSpec[];
  /** Why the table exists when it is not in the seed schema. */
  readonly purpose?: string;
}

export function defineTable<const C extends ColumnMap, const N extends string>(
  spec: TableSpec<C, N> & { readonly primaryKey?: readonly (keyof C & string)[] },
): TableSpec<C, N> {
  return spec;
}

/** The primary key as stored: tenant tables lead with `tenant_id`. */
export function storedPrimaryKey(table: TableSpec): readonly string[] {
  const declared = table.primaryKey ?? ['id'];
  return table.scope === 'tenant' ? ['tenant_id', ...declared] : declared;
}

/** The row a table holds, derived from its column specs. */
export type RowOf<T> = T extends TableSpec<infer C> ? { [K in keyof C]: ColumnValue<C[K]> } : never;
