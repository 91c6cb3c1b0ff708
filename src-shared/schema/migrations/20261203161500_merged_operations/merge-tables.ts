import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';
import { bookings as seedBookings } from '../20261126120000_seed_schema/schedule-tables';
import {
  reviewItems as ledgerReviewItems,
  stockMovements as ledgerStockMovements,
} from '../20261126120500_front_desk_ledgers/ledger-tables';

// Frozen with migration 20261203161500: never edit; change tables in a later migration.

export const idAliases = defineTable({
  name: 'id_aliases',
  purpose:
    'Ids desks gave records the server folded into records it already held, and the record each now names (PROTOCOL.md R9).',
  scope: 'tenant',
  columns: {
    tenant_id: col.id().referencesGlobal('tenants'),
    // The id the desk's mutation gave its own copy; the server never created a row with it.
    alias_id: col.id(),
    // Tables whose records the server may fold; another needs a migration and a review of
    // the mutations that write it.
    table_name: col.enumOf(['bookings']),
    // A row the server holds: surviving records are never folded themselves, so aliases
    // never chain.
    surviving_id: col.id(),
    // The folded mutation; its review item names the same mutation.
    mutation_id: col.id(),
    created_at: col.timestamp(),
  },
  primaryKey: ['alias_id'],
});

export const bookings = defineTable({
  name: seedBookings.name,
  scope: seedBookings.scope,
  columns: {
    ...seedBookings.columns,
    // Who booked and at which desk: a booking holds a place and maybe a pack credit, so a
    // conflict over either names them (R9.4). NULL for bookings made before this migration.
    staff_id: col.id().references('tenant_members').nullable(),
    device_id: col.text().nullable(),
  },
  indexes: [...(seedBookings.indexes ?? [])],
});

export const stockMovements = defineTable({
  name: ledgerStockMovements.name,
  purpose: ledgerStockMovements.purpose,
  scope: ledgerStockMovements.scope,
  columns: {
    ...ledgerStockMovements.columns,
    // The desk that moved the stock, like gift card entries and payments (R9.4).
    device_id: col.text().nullable(),
  },
  indexes: [...(ledgerStockMovements.indexes ?? [])],
});

export const reviewItems = defineTable({
  name: ledgerReviewItems.name,
  purpose: ledgerReviewItems.purpose,
  scope: ledgerReviewItems.scope,
  columns: {
    ...ledgerReviewItems.columns,
    kind: col.enumOf([
      'gift_card_overdrawn',
      'pack_exhausted',
      'stock_negative',
      'class_over_capacity',
      'membership_lapsed',
      'card_declined',
      // Two desks booked one member into one class; the server kept one booking (R9.1).
      'duplicate_booking',
    ]),
  },
  indexes: [...(ledgerReviewItems.indexes ?? [])],
});
