import { sql, type Expression } from 'kysely';
import { z } from 'zod';
import { found } from '../front-desk/desk-rules';
import type { MutationContext } from '../mutation-definition';

/** A record's column values as an edit compares and writes them. */
export type EditValues = Readonly<Record<string, string | number | null>>;

/**
 * The fields of an edit: `set` holds the new value of each field the edit changes, `basedOn`
 * the value the desk showed for each of them when staff made the change.
 */
export function editArgs<S extends z.ZodRawShape>(fields: S) {
  const values = z.strictObject(fields).partial();
  return { set: values, basedOn: values };
}

const definedKeys = (values: object): string[] =>
  Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);

/** An edit changes at least one field and says, for exactly those, what the desk saw. */
export function basedOnEachChange(edit: { readonly set: object; readonly basedOn: object }) {
  const set = definedKeys(edit.set);
  const seen = new Set(definedKeys(edit.basedOn));
  return set.length > 0 && set.length === seen.size && set.every((key) => seen.has(key));
}

export const basedOnEachChangeError = {
  error: 'set changes at least one field, and basedOn gives the value seen of exactly those',
  path: ['basedOn'],
};

/**
 * The entries of an object whose value is not undefined, as column values. (fromEntries
 * forgets the keys; the filter keeps exactly the defined ones, which the type says.)
 */
export function definedOnly<T extends Record<string, string | number | null | undefined>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** A boolean argument as a flag column; undefined stays undefined (the field is not edited). */
export function flagOf(value: boolean | undefined): 0 | 1 | undefined {
  return value === undefined ? undefined : value ? 1 : 0;
}

const show = (value: string | number | null | undefined) =>
  value === null || value === undefined ? 'empty' : String(value);

/**
 * OFFLINE CONFLICT RULE for console edits (issue 16). Edits apply in the order they reach
 * the server, and the LAST TO REACH THE SERVER WINS: its values are written whatever the
 * record holds by then. When a field it changes no longer holds the value the desk saw
 * (another desk changed it first), the fact is kept and the owner gets an 'edit_conflict'
 * review item naming the record (subjectId) and, per field, the value seen, the value
 * overwritten and the value that now stands. Its amount is the price overwritten when the
 * price is one of those fields: the standing price is on the record itself. Fields an edit
 * does not change keep what the record holds, so two desks editing different fields both
 * stand; two desks setting the same new value are no conflict.
 *
 * At the desk its own copy is what it showed, so this holds; a mismatch there means staff
 * edited a form the desk has since refreshed, and the edit is refused to be made again.
 */
export async function requireEditBasis(
  ctx: MutationContext,
  edit: {
    readonly subjectId: string;
    /** What the record is called in the message: "product Grip socks". */
    readonly label: string;
    readonly current: EditValues;
    readonly set: EditValues;
    readonly basedOn: EditValues;
  },
): Promise<void> {
  const conflicts = Object.keys(edit.set).filter((field) => {
    const now = edit.current[field];
    return now !== edit.basedOn[field] && now !== edit.set[field];
  });
  const described = conflicts.map(
    (field) =>
      `${field} was ${show(edit.basedOn[field])} when edited here, ${show(edit.current[field])} ` +
      `when the edit arrived, now ${show(edit.set[field])}`,
  );
  const overwrittenPrice = conflicts.includes('price') ? edit.current['price'] : undefined;
  await ctx.require(conflicts.length === 0, {
    kind: 'edit_conflict',
    message: `${edit.label} was changed elsewhere first: ${described.join('; ')}`,
    subjectId: edit.subjectId,
    amount: typeof overwrittenPrice === 'number' ? overwrittenPrice : null,
  });
}

/** The part of Kysely's select and update builders `editRecord` calls, whatever the table. */
interface ByTenantAndId<Q> {
  where(column: Expression<unknown>, op: '=', value: string): Q;
}
interface RecordSelect<Q, Row> extends ByTenantAndId<Q> {
  executeTakeFirst(): Promise<Row | undefined>;
}
interface RecordUpdate<U> extends ByTenantAndId<U> {
  execute(): Promise<unknown>;
}

/**
 * One console edit of a catalogue record, the same steps for every table: find the tenant's
 * record (not_found otherwise), turn `set` into columns, run the table's own checks, apply
 * the offline conflict rule (`requireEditBasis`), then write the changed columns only.
 * Returns the record as it was before the edit.
 */
export async function editRecord<
  Row extends EditValues & { readonly id: string },
  Values,
  Columns extends EditValues,
  Q extends RecordSelect<Q, Row>,
  U extends RecordUpdate<U>,
>(
  ctx: MutationContext,
  edit: {
    readonly id: string;
    /** What the record is, in messages: "product". */
    readonly kind: string;
    /** Its name, in messages: "product Grip socks". */
    readonly name: (row: Row) => string;
    /** `ctx.db.selectFrom(table).selectAll()`. */
    readonly select: RecordSelect<Q, Row>;
    /** `ctx.db.updateTable(table).set(columns)`. */
    readonly update: (columns: Columns) => U;
    readonly columns: (values: Values) => Columns;
    readonly set: Values;
    readonly basedOn: Values;
    /** The table's own checks of the new columns, before the conflict rule. */
    readonly check?: (row: Row, set: Columns) => Promise<void> | void;
    /** The record's values as the desk would have shown them, when they differ from its columns. */
    readonly current?: (row: Row) => EditValues;
  },
): Promise<Row> {
  const byTenantAndId = <B extends ByTenantAndId<B>>(query: B) =>
    query.where(sql.ref('tenant_id'), '=', ctx.tenantId).where(sql.ref('id'), '=', edit.id);
  const row = found(await byTenantAndId(edit.select).executeTakeFirst(), `${edit.kind} ${edit.id}`);
  const set = edit.columns(edit.set);
  await edit.check?.(row, set);
  await requireEditBasis(ctx, {
    subjectId: row.id,
    label: `${edit.kind} ${edit.name(row)}`,
    current: edit.current?.(row) ?? row,
    set,
    basedOn: edit.columns(edit.basedOn),
  });
  await byTenantAndId(edit.update(set)).execute();
  return row;
}
