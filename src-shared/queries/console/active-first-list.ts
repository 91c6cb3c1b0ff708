import { sql, type Expression } from 'kysely';

/** More than any studio's catalogue; a bound, not a page size. */
export const CATALOGUE_ROWS = 2000;

/** A column to order by, ascending, or with `desc` for newest or largest first. */
export type ListOrder = string | readonly [column: string, direction: 'desc'];

/**
 * What `activeFirstList` needs of a select: the part of Kysely's builder it calls, so one
 * helper finishes a query on any catalogue table and the caller keeps the row type.
 */
interface ListQuery<Q> {
  where(column: Expression<unknown>, op: '=', value: string): Q;
  orderBy(column: Expression<unknown>, direction?: 'asc' | 'desc'): Q;
  limit(rows: number): Q;
}

/**
 * A console list of one catalogue table: the tenant's rows, retired ones included, active
 * first, then by `order`, then by id so that equal names keep one order from read to read;
 * at most CATALOGUE_ROWS. `alias` qualifies the columns when the query names its table.
 */
export function activeFirstList<Q extends ListQuery<Q>>(
  query: Q,
  tenantId: string,
  order: readonly ListOrder[],
  alias?: string,
): Q {
  const column = (name: string) => sql.ref(alias === undefined ? name : `${alias}.${name}`);
  const ordered = [...order, 'id'].reduce<Q>(
    (q, by) => (typeof by === 'string' ? q.orderBy(column(by)) : q.orderBy(column(by[0]), by[1])),
    query.where(column('tenant_id'), '=', tenantId).orderBy(column('active'), 'desc'),
  );
  return ordered.limit(CATALOGUE_ROWS);
}
