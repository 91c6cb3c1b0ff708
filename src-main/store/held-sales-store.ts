import { heldSaleSchema, type HeldSale } from '../../src-shared/bridge/held-sale-schemas';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { isoAt } from '../../src-shared/time/clock';
import type { Desk } from './open-desk';

/**
 * The desk's held sales (issue 17 item 6): the one sale open at the Sell screen and the sales
 * parked under a label. Kept in the desk's database, not in the screen's memory, because a
 * lock, a staff switch or a restart unmounts the screen and a rung-up sale must outlive all
 * three. Desk-local: nothing here is synced, and nothing is sold until `pos.sale` runs.
 */

export interface ParkedSaleRow {
  readonly id: string;
  readonly label: string;
  readonly sale: HeldSale;
  readonly parkedBy: string;
  readonly parkedAt: string;
}

/**
 * Reads a stored sale back through the bridge's own schema: a row written by an older desk
 * or edited by hand that no longer passes is treated as absent rather than shown half-right.
 */
function readSale(json: string): HeldSale | null {
  try {
    const parsed = heldSaleSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function readOpenSale(desk: Desk): Promise<HeldSale | null> {
  const row = await desk.db.selectFrom('desk_open_sale').select('sale').executeTakeFirst();
  return row ? readSale(row.sale) : null;
}

export async function saveOpenSale(desk: Desk, staffId: string, sale: HeldSale): Promise<void> {
  const values = { sale: JSON.stringify(sale), saved_by: staffId, saved_at: isoAt(desk.clock) };
  await desk.db
    .insertInto('desk_open_sale')
    .values({ slot: 1, ...values })
    .onConflict((c) => c.column('slot').doUpdateSet(values))
    .execute();
}

export async function discardOpenSale(desk: Desk): Promise<void> {
  await desk.db.deleteFrom('desk_open_sale').execute();
}

/** Parks `sale` and closes the open sale in one transaction, so it is never in both or neither. */
export async function parkSale(
  desk: Desk,
  staffId: string,
  label: string,
  sale: HeldSale,
): Promise<ParkedSaleRow> {
  const row: ParkedSaleRow = {
    id: uuidV7(desk.clock.now(), desk.randomBytes),
    label,
    sale,
    parkedBy: staffId,
    parkedAt: isoAt(desk.clock),
  };
  await desk.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('desk_parked_sales')
      .values({
        id: row.id,
        label: row.label,
        sale: JSON.stringify(row.sale),
        parked_by: row.parkedBy,
        parked_at: row.parkedAt,
      })
      .execute();
    await tx.deleteFrom('desk_open_sale').execute();
  });
  return row;
}

/** Parked sales, oldest first: the customer who waited longest is served first. */
export async function listParkedSales(desk: Desk): Promise<ParkedSaleRow[]> {
  const rows = await desk.db
    .selectFrom('desk_parked_sales')
    .selectAll()
    .orderBy('parked_at')
    .orderBy('id')
    .execute();
  return rows.flatMap((r) => {
    const sale = readSale(r.sale);
    return sale
      ? [{ id: r.id, label: r.label, sale, parkedBy: r.parked_by, parkedAt: r.parked_at }]
      : [];
  });
}

export type RecallOutcome =
  /** `sale` is null when nothing in it can still be sold: it is not reopened. */
  | { readonly kind: 'recalled'; readonly sale: HeldSale | null; readonly stored: HeldSale }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'sale_open' };

/**
 * Takes a parked sale back as the open sale, after `reprice` has brought it up to date.
 * Refused while another sale is open: recalling over it would lose it. The parked row goes
 * and the open one comes in one transaction, so a sale is never in both or neither.
 */
export async function recallParkedSale(
  desk: Desk,
  staffId: string,
  parkedSaleId: string,
  reprice: (sale: HeldSale) => Promise<HeldSale | null>,
): Promise<RecallOutcome> {
  const parked = await desk.db
    .selectFrom('desk_parked_sales')
    .select('sale')
    .where('id', '=', parkedSaleId)
    .executeTakeFirst();
  const stored = parked ? readSale(parked.sale) : null;
  if (!stored) return { kind: 'not_found' };
  if ((await readOpenSale(desk)) !== null) return { kind: 'sale_open' };
  const repriced = await reprice(stored);
  return desk.db.transaction().execute(async (tx): Promise<RecallOutcome> => {
    const open = await tx.selectFrom('desk_open_sale').select('slot').executeTakeFirst();
    if (open) return { kind: 'sale_open' };
    const taken = await tx
      .deleteFrom('desk_parked_sales')
      .where('id', '=', parkedSaleId)
      .executeTakeFirst();
    // Recalled meanwhile by another call: the first recall has it.
    if (taken.numDeletedRows === 0n) return { kind: 'not_found' };
    if (repriced) {
      await tx
        .insertInto('desk_open_sale')
        .values({
          slot: 1,
          sale: JSON.stringify(repriced),
          saved_by: staffId,
          saved_at: isoAt(desk.clock),
        })
        .execute();
    }
    return { kind: 'recalled', sale: repriced, stored };
  });
}
