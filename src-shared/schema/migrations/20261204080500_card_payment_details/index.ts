import { addNullableColumns } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import { addedPaymentColumns, payments } from './card-payment-tables';

// Frozen with migration 20261204080500: never edit; change tables in a later migration.

/** Tables as card payment details (issue 17 item 5) leave them: payments name their card. */
export const cardPaymentDetailsTables = { payments };

export const cardPaymentDetailsMigration: SchemaMigration = {
  name: '20261204080500_card_payment_details',
  up: async ({ db, dialect }) => {
    await addNullableColumns(db, dialect, payments.name, addedPaymentColumns);
  },
};
