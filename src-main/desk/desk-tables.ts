import type { Kysely } from 'kysely';
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
}

export interface DeskSyncStateTable {
  singleton: 1;
  checkpoint: number;
  head_position: number;
  last_acked_seq: number;
  last_sync_at: string | null;
  last_error: string | null;
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

/** The desk's database: the shared tenant tables plus its own bookkeeping. */
export interface DeskDatabase extends Database {
  desk_outbox: DeskOutboxTable;
  desk_sync_state: DeskSyncStateTable;
  desk_pin_attempts: DeskPinAttemptsTable;
  desk_staff_session: DeskStaffSessionTable;
}

/**
 * The desk database seen as the shared schema, for shared mutation code. DeskDatabase only
 * adds tables, so every query valid for Database is valid here; Kysely's types are
 * invariant in the database type, hence the one cast.
 */
export function asSharedDb(db: Kysely<DeskDatabase>): Kysely<Database> {
  return db as unknown as Kysely<Database>;
}
