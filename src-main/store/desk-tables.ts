import type { Generated, Kysely } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';

export interface DeskOutboxTable {
  seq: number;
  id: string;
  name: string;
  args: string;
  actor_id: string;
  at: string;
  status: 'pending' | 'applied' | 'refused';
  refusal_code: string | null;
  refusal_reason: string | null;
  dismissed_at: string | null;
  /**
   * The synced tables the mutation wrote at this desk, as a JSON array; null when not known
   * (recorded before drift checks, or a raw statement), which a drift check reads as all.
   */
  tables_written: string | null;
}

export interface DeskSyncStateTable {
  singleton: 1;
  checkpoint: number;
  head_position: number;
  last_acked_seq: number;
  last_sync_at: string | null;
  last_error: string | null;
  /** Acknowledged mutations up to this seq have had their tables drift-checked (R6.4). */
  drift_checked_seq: number;
}

/** Tables pulled pages touched since the last drift check of them (R6.4). */
export interface DeskDriftTouchedTable {
  table_name: string;
  /** Bumped per page that touched the table: a check clears only the touches it saw. */
  touches: number;
}

/** A row only this desk holds, which the server never recorded (R6.4). */
export interface DeskDriftProblemsTable {
  id: Generated<number>;
  table_name: string;
  row_key: string;
  detected_at: string;
  /** Set once the row is gone or the server has it (a repair, a later check). */
  resolved_at: string | null;
}

export interface DeskPinAttemptsTable {
  member_id: string;
  failures: number;
  locked_until: number | null;
}

export interface DeskStaffSessionTable {
  singleton: 1;
  member_id: string;
  signed_in_at: number;
}

/** A PaymentIntent this desk saw captured, and the sale that recorded it once one has (R8.2). */
export interface DeskCardCapturesTable {
  payment_intent_id: string;
  captured_at: string;
  sale_mutation_id: string | null;
}

/** The sale open at the Sell screen (issue 17 item 6): one row, its cart as JSON. */
export interface DeskOpenSaleTable {
  slot: 1;
  /** A HeldSale (src-shared/bridge/held-sale-schemas.ts) as JSON, checked when read. */
  sale: string;
  saved_by: string;
  saved_at: string;
}

/** A sale parked under a label, to be recalled (issue 17 item 6). */
export interface DeskParkedSalesTable {
  id: string;
  label: string;
  sale: string;
  parked_by: string;
  parked_at: string;
}

/** The desk's database: the shared tenant tables plus its own bookkeeping. */
export interface DeskDatabase extends Database {
  desk_outbox: DeskOutboxTable;
  desk_sync_state: DeskSyncStateTable;
  desk_pin_attempts: DeskPinAttemptsTable;
  desk_staff_session: DeskStaffSessionTable;
  desk_drift_touched: DeskDriftTouchedTable;
  desk_drift_problems: DeskDriftProblemsTable;
  desk_card_captures: DeskCardCapturesTable;
  desk_open_sale: DeskOpenSaleTable;
  desk_parked_sales: DeskParkedSalesTable;
}

/**
 * The desk database seen as the shared schema, for shared mutation code. DeskDatabase only
 * adds tables, so every query valid for Database is valid here; Kysely's types are
 * invariant in the database type, hence the one cast.
 */
export function asSharedDb(db: Kysely<DeskDatabase>): Kysely<Database> {
  return db as unknown as Kysely<Database>;
}
