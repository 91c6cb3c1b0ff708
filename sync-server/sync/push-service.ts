import type {
  MutationEnvelope,
  PushRequest,
  PushResponse,
  PushResult,
} from '../../src-shared/protocol/sync-messages';
import type { TenantTransaction } from '../db/tenant-transaction';
import { isoAt } from '../../src-shared/time/clock';
import { ServiceError } from '../support/service-error';
import { headAfterWrites } from './committed-head';
import { headPosition } from './change-log';
import type { AuthenticatedDevice } from './device-auth';
import { applyBatch, DUPLICATE_CODE, type EarlierOutcome, type PushDeps } from './push-batch';

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
  return deps.tenants.inTenant(tenantId, async (trx, shared) => {
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
    const resent = request.mutations.filter((m) => m.seq <= lastApplied);
    await assertSameMutations(trx, device, resent, lastApplied);
    const results: PushResult[] = resent.map((m) => ({ seq: m.seq, outcome: 'duplicate' }));

    const earlier = await earlierOutcomes(trx, tenantId, fresh);
    const batch = { deps, trx, shared, device, earlier };
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
    }
    return {
      results,
      lastAppliedSeq: last?.seq ?? lastApplied,
      // Positions are taken at commit (R4.1); a push that wrote takes them now, so the
      // answer can name them.
      position: last ? await headAfterWrites(trx, tenantId) : await headPosition(trx, tenantId),
    };
  });
}

/**
 * A seq at or below last_applied_seq is a duplicate only if it carries the mutation the
 * server logged under it (R3.8). A different id means the desk's data folder was restored
 * from an older copy or copied to another computer and numbered a new mutation with a used
 * seq: answering `duplicate` would drop that mutation, so the batch is refused whole and the
 * desk sends its unsent mutations again under new seqs.
 */
async function assertSameMutations(
  trx: TenantTransaction,
  device: AuthenticatedDevice,
  resent: readonly MutationEnvelope[],
  lastApplied: number,
): Promise<void> {
  if (resent.length === 0) return;
  const logged = await trx
    .selectFrom('mutation_log')
    .select(['seq', 'mutation_id'])
    .where('tenant_id', '=', device.tenantId)
    .where('device_id', '=', device.deviceId)
    .where(
      'seq',
      'in',
      resent.map((m) => m.seq),
    )
    .execute();
  // int8 arrives as a number: openServerDatabase installs a checked parser for it.
  const idBySeq = new Map(logged.map((row) => [row.seq, row.mutation_id]));
  const reused = resent.find((m) => idBySeq.get(m.seq) !== m.id);
  if (!reused) return;
  throw new ServiceError(
    409,
    'seq_reused',
    `seq ${reused.seq} of this desk was already used by another change: its data was restored ` +
      `from an older copy or copied to another computer. Send the unsent changes again from ` +
      `seq ${lastApplied + 1}.`,
    { expected: lastApplied + 1 },
  );
}

/**
 * What the tenant's log says of this batch's mutation ids, under any device or seq: the
 * first outcome (applied, or refused with its code) of each id seen before. A desk restored
 * from a backup re-sends mutations under new seqs (R3.8); each keeps its first outcome.
 */
async function earlierOutcomes(
  trx: TenantTransaction,
  tenantId: string,
  mutations: readonly MutationEnvelope[],
): Promise<ReadonlyMap<string, EarlierOutcome>> {
  if (mutations.length === 0) return new Map();
  const rows = await trx
    .selectFrom('mutation_log')
    .select(['mutation_id', 'outcome', 'code', 'reason'])
    .where('tenant_id', '=', tenantId)
    .where(
      'mutation_id',
      'in',
      mutations.map((m) => m.id),
    )
    // A re-send answered `duplicate` is logged as refused with that code: not an outcome.
    .where((eb) => eb.or([eb('code', 'is', null), eb('code', '!=', DUPLICATE_CODE)]))
    .execute();
  return new Map(
    rows.map((row) => [
      row.mutation_id,
      row.outcome === 'applied'
        ? { outcome: 'applied' }
        : { outcome: 'refused', code: row.code ?? 'failed', reason: row.reason ?? '' },
    ]),
  );
}
