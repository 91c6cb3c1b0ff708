import type { Desk } from './desk-core';

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
