import { createTables } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import { cardBalanceLines, cardPayouts } from './card-payout-tables';

// Frozen with migration 20261205110000: never edit; change tables in a later migration.

/** Tables as card reconciliation (issue 19) leaves them: Stripe's payouts and balance lines. */
export const cardPayoutTables = { cardPayouts, cardBalanceLines };

export const cardPayoutsMigration: SchemaMigration = {
  name: '20261205110000_card_payouts',
  up: async ({ db, dialect }) => {
    await createTables(db, dialect, [cardPayouts, cardBalanceLines]);
  },
};
