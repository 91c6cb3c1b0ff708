import type { Desk } from '../store/open-desk';
import { touchedTables } from './drift-ledger';

export interface DeskStatus {
  readonly enrolled: boolean;
  readonly tenantName: string | null;
  readonly deviceName: string | null;
  /** Mutations run here that the server has not acknowledged yet. */
  readonly pending: number;
  readonly checkpoint: number;
  readonly headPosition: number;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
  /** Mutations the server refused, until staff dismiss them (R3.4). */
  readonly problems: readonly {
    seq: number;
    name: string;
    at: string;
    code: string | null;
    reason: string | null;
  }[];
  /** Rows only this desk holds, which the server never recorded (R6.4), until a repair. */
  readonly driftProblems: readonly { table: string; rowKey: string; detectedAt: string }[];
  /** Tables syncs changed that no drift check has compared with the server yet (R6.4). */
  readonly uncheckedTables: readonly string[];
  /**
   * Nothing pending, pulled as far as the server's head last reported, every change
   * drift-checked and no drift found. The desk claims to be all synced only then, so it
   * never does while a verify would find a table that differs because of what it synced.
   */
  readonly allSynced: boolean;
}

export async function deskStatus(desk: Desk): Promise<DeskStatus> {
  const state = await desk.db.selectFrom('desk_sync_state').selectAll().executeTakeFirstOrThrow();
  const pending = await desk.db
    .selectFrom('desk_outbox')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const problems = await desk.db
    .selectFrom('desk_outbox')
    .select(['seq', 'name', 'at', 'refusal_code as code', 'refusal_reason as reason'])
    .where('status', '=', 'refused')
    .where('dismissed_at', 'is', null)
    .orderBy('seq')
    .execute();
  const driftProblems = await desk.db
    .selectFrom('desk_drift_problems')
    .select(['table_name as table', 'row_key as rowKey', 'detected_at as detectedAt'])
    .where('resolved_at', 'is', null)
    .orderBy('id')
    .execute();
  const uncheckedTables = touchedTables(desk).tables;
  return {
    enrolled: desk.identity !== undefined,
    tenantName: desk.identity?.tenantName ?? null,
    deviceName: desk.identity?.deviceName ?? null,
    pending: pending.n,
    checkpoint: state.checkpoint,
    headPosition: state.head_position,
    lastSyncAt: state.last_sync_at,
    lastError: state.last_error,
    problems,
    driftProblems,
    uncheckedTables,
    allSynced:
      pending.n === 0 &&
      state.checkpoint >= state.head_position &&
      uncheckedTables.length === 0 &&
      driftProblems.length === 0,
  };
}

/** Staff have dealt with a refused mutation; it stops showing as a problem. */
export async function dismissProblem(desk: Desk, seq: number, at: string): Promise<boolean> {
  const result = await desk.db
    .updateTable('desk_outbox')
    .set({ dismissed_at: at })
    .where('seq', '=', seq)
    .where('status', '=', 'refused')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
