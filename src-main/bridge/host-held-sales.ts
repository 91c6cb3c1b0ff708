import type { DeskMethodArgs, DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import type { ParkedSaleView } from '../../src-shared/bridge/held-sale-schemas';
import { listStaff } from '../staff/staff-list';
import { repriceHeldSale } from '../store/held-sale-repricing';
import {
  discardOpenSale,
  listParkedSales,
  parkSale,
  readOpenSale,
  recallParkedSale,
  saveOpenSale,
  type ParkedSaleRow,
} from '../store/held-sales-store';
import type { Desk } from '../store/open-desk';
import { DeskHostRefusal } from './host-errors';

type HeldSaleMethod =
  | 'sale.openCart'
  | 'sale.saveOpenCart'
  | 'sale.discardOpenCart'
  | 'sale.park'
  | 'sale.parkedList'
  | 'sale.recall';

type HeldSaleHandlers = {
  [M in HeldSaleMethod]: (args: DeskMethodArgs<M>) => Promise<DeskMethodResults[M]>;
};

/**
 * The bridge's held-sale calls (issue 17 item 6). Arguments arrive already parsed by
 * `deskMethodArgs`; every call needs a signed-in staff member, since a locked desk must not
 * show or change a customer's sale.
 */
export function heldSaleHandlers(desk: Desk, signedIn: () => Promise<string>): HeldSaleHandlers {
  const tenantId = () => {
    if (!desk.identity) throw new DeskHostRefusal('not_set_up', 'This desk is not set up yet.');
    return desk.identity.tenantId;
  };
  const view = async (row: ParkedSaleRow): Promise<ParkedSaleView> => {
    const [staff] = await listStaff(desk, row.parkedBy);
    return {
      parkedSaleId: row.id,
      label: row.label,
      parkedAt: row.parkedAt,
      parkedBy: staff?.name ?? null,
      sale: row.sale,
    };
  };
  return {
    'sale.openCart': async () => {
      await signedIn();
      return readOpenSale(desk);
    },
    'sale.saveOpenCart': async ({ sale }) => {
      await saveOpenSale(desk, await signedIn(), sale);
      return null;
    },
    'sale.discardOpenCart': async () => {
      await signedIn();
      await discardOpenSale(desk);
      return null;
    },
    'sale.park': async ({ label, sale }) => {
      if (sale.payment) {
        // A parked sale is priced again when recalled: a payment taken for the old total
        // (a card already charged) would no longer match it.
        throw new DeskHostRefusal(
          'payment_started',
          'Payment has started for this sale: finish or cancel it before parking.',
        );
      }
      return view(await parkSale(desk, await signedIn(), label, sale));
    },
    'sale.parkedList': async () => {
      await signedIn();
      return Promise.all((await listParkedSales(desk)).map(view));
    },
    'sale.recall': async ({ parkedSaleId }) => {
      const staffId = await signedIn();
      const studio = tenantId();
      let changes: readonly string[] = [];
      const outcome = await recallParkedSale(desk, staffId, parkedSaleId, async (stored) => {
        const repriced = await repriceHeldSale(desk, studio, stored);
        changes = repriced.changes;
        return repriced.sale;
      });
      switch (outcome.kind) {
        case 'not_found':
          throw new DeskHostRefusal(
            'not_found',
            'That parked sale is gone: it was recalled already. Check the parked sales list.',
          );
        case 'sale_open':
          throw new DeskHostRefusal(
            'sale_open',
            'A sale is open on the Sell screen. Park it or finish it first, then recall this one.',
          );
        case 'recalled':
          return {
            sale: outcome.sale,
            changes:
              outcome.sale === null
                ? [...changes, 'Nothing in this sale can be sold now, so it was closed.']
                : changes,
          };
      }
    },
  };
}
