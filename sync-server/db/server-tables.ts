import type { Database } from '../../src-shared/schema/catalog';
import type { IsoTimestamp } from '../../src-shared/schema/column-spec';

/**
 * Kysely's view of the tables only the server has (sync-server/db/migrations). None of them
 * is synced: desks never receive a row of these tables.
 */
export interface DevicesTable {
  tenant_id: string;
  id: string;
  name: string;
  /** SHA-256 (hex) of the device token; the token itself is never stored. */
  token_hash: string;
  /** A rotated token not yet used (R2.3): it replaces token_hash on first use. */
  pending_token_hash: string | null;
  status: 'active' | 'revoked';
  /** The highest outbox seq of this device the server applied or refused (R3.2). */
  last_applied_seq: number;
  enrolled_at: IsoTimestamp;
  last_seen_at: IsoTimestamp | null;
  revoked_at: IsoTimestamp | null;
}

export interface EnrollmentCodesTable {
  tenant_id: string;
  /** SHA-256 (hex) of the normalised code. */
  code_hash: string;
  expires_at: IsoTimestamp;
  used_at: IsoTimestamp | null;
  used_by_device_id: string | null;
  /** The tenant member who asked for the code, when known. */
  created_by: string | null;
  created_at: IsoTimestamp;
}

export interface TenantSecretsTable {
  tenant_id: string;
  /** Keys staff PIN hashes; handed to enrolled desks, never synced as a row. */
  pin_pepper: string;
  created_at: IsoTimestamp;
}

export interface SyncPositionsTable {
  tenant_id: string;
  position: number;
}

export interface SyncChangesTable {
  tenant_id: string;
  table_name: string;
  row_key: string;
  position: number | null;
  /** Set only while the row waits for its position at commit. */
  capture_order: number | null;
  deleted: 0 | 1;
}

export interface MutationLogTable {
  tenant_id: string;
  device_id: string;
  seq: number;
  mutation_id: string;
  name: string;
  actor_id: string;
  outcome: 'applied' | 'refused';
  code: string | null;
  reason: string | null;
  applied_at: IsoTimestamp;
}

/**
 * mutation_log's columns, every one, in the table's order: the push's log write binds each
 * row's parameters in this order and a studio export writes the columns in it.
 */
export const MUTATION_LOG_COLUMNS = [
  'tenant_id',
  'device_id',
  'seq',
  'mutation_id',
  'name',
  'actor_id',
  'outcome',
  'code',
  'reason',
  'applied_at',
] as const satisfies readonly (keyof MutationLogTable)[];

/**
 * One-time codes that create a studio (issue 16). Platform-wide, in no tenant: studio_app
 * has no right on it; the setup route spends a code through studio_claim_setup_code.
 */
export interface SetupCodesTable {
  /** SHA-256 (hex) of the normalised code. */
  code_hash: string;
  expires_at: IsoTimestamp;
  used_at: IsoTimestamp | null;
  used_by_tenant_id: string | null;
  created_at: IsoTimestamp;
}

/** Tables in no tenant, for the privileged places (admin, cli) only. */
export type PlatformTables = {
  setup_codes: SetupCodesTable;
};

// A type alias, not an interface: Kysely's withTables<T> wants an index-signature shape.
export type ServerOnlyTables = {
  devices: DevicesTable;
  enrollment_codes: EnrollmentCodesTable;
  tenant_secrets: TenantSecretsTable;
  sync_positions: SyncPositionsTable;
  sync_changes: SyncChangesTable;
  mutation_log: MutationLogTable;
};

/** Every table of the server's database: the shared schema plus the server-only tables. */
export type ServerSchema = Database & ServerOnlyTables;
