import { createTables } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import * as ledgers from './ledger-tables';

/** Tables the front desk needs beyond the seed: tenders, cash drawers, stock, review. */
export const frontDeskLedgerTables = { ...ledgers };

export const frontDeskLedgersMigration: SchemaMigration = {
  name: '20261126120500_front_desk_ledgers',
  up: ({ db, dialect }) => createTables(db, dialect, Object.values(frontDeskLedgerTables)),
};
