import { sql, type Transaction } from 'kysely';
import type {
  MutationEnvelope,
  PushRequest,
  PushResponse,
  PushResult,
} from '../../src-shared/protocol/sync-messages';
import type { ServerSchema } from '../db/server-tables';
import { inTenantTransaction } from '../db/tenant-transaction';
import { isoAt } from '../../src-shared/time/clock';
import { ServiceError } from '../support/service-error';
import { headPosition } from './change-log';
import type { AuthenticatedDevice } from './device-auth';
import { applyBatch, type PushDeps } from './push-batch';

export type { PushDeps } from './push-batch';

/** A batch must count up by one, or the desk's outbox is damaged: refuse it before reading. */
function assertConsecutive(mutations: readonly MutationEnvelope[]): void {
  mutations.forEach((mutation, i) => {
    const previous = mutations[i - 1];
    if (previous && mutation.seq !== previous.seq + 1) {
      throw new ServiceError(
        400,
        'invalid_batch',
        `Mutations must be in seq order without gaps; seq ${mutation.seq} follows ${previous.seq}.`,
      );
    }
  });
}

/**
 * Applies a push (R3): one transaction for the batch, the device's last_applied_seq and the
 * mutation log written in that same transaction. A retried batch finds its seqs applied and
 * answers `duplicate` (R3.2); a refused mutation is acknowledged and logged so it never
 * blocks the queue (R3.4).
 */
export async function applyPush(
  deps: PushDeps,
  device: AuthenticatedDevice,
  request: PushRequest,
): Promise<PushResponse> {
  assertConsecutive(request.mutations);
  const { tenantId, deviceId } = device;
  return inTenantTransaction(deps.db, tenantId, async (trx, shared) => {
    // The row lock serialises pushes of one device, so two retries cannot both apply a seq.
    const current = await trx
      .selectFrom('devices')
      .select(['last_applied_seq', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', deviceId)
      .forUpdate()
      .executeTakeFirst();
    if (!current || current.status !== 'active') {
      throw new ServiceError(
        401,
        'device_revoked',
        'This desk was revoked by the studio; enrol it again to sync.',
      );
    }
    const lastApplied = current.last_applied_seq;
    const fresh = request.mutations.filter((m) => m.seq > lastApplied);
    const first = fresh[0];
    if (first && first.seq !== lastApplied + 1) {
      throw new ServiceError(
        409,
        'seq_gap',
        `The server has applied up to seq ${lastApplied}; resend from seq ${lastApplied + 1}.`,
        { expected: lastApplied + 1 },
      );
    }
    const results: PushResult[] = request.mutations
      .filter((m) => m.seq <= lastApplied)
      .map((m) => ({ seq: m.seq, outcome: 'duplicate' }));

    const appliedBefore = await alreadyAppliedIds(trx, tenantId, fresh);
    const batch = { deps, trx, shared, device, appliedBefore };
    const applied = await applyBatch(batch, fresh);
    results.push(...applied.map((a) => a.result));
    const last = fresh.at(-1);
    if (last) {
      await trx
        .insertInto('mutation_log')
        .values(applied.map((a) => a.log))
        .execute();
      await trx
        .updateTable('devices')
        .set({ last_applied_seq: last.seq, last_seen_at: isoAt(deps.clock) })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', deviceId)
        .execute();
      // Positions are taken at commit (R4.1); take them now so the answer can name them.
      await sql`set constraints sync_assign_positions immediate`.execute(trx);
    }
    return {
      results,
      lastAppliedSeq: last?.seq ?? lastApplied,
      position: await headPosition(trx, tenantId),
    };
  });
}

/** Mutation ids of this batch the tenant has applied before, under any device or seq. */
async function alreadyAppliedIds(
  trx: Transaction<ServerSchema>,
  tenantId: string,
  mutations: readonly MutationEnvelope[],
): Promise<Set<string>> {
  if (mutations.length === 0) return new Set();
  const rows = await trx
    .selectFrom('mutation_log')
    .select('mutation_id')
    .where('tenant_id', '=', tenantId)
    .where('outcome', '=', 'applied')
    .where(
      'mutation_id',
      'in',
      mutations.map((m) => m.id),
    )
    .execute();
  return new Set(rows.map((row) => row.mutation_id));
}
