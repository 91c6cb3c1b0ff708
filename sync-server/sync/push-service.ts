import type {
  MutationEnvelope,
  PushRequest,
  PushResponse,
  PushResult,
} from '../../src-shared/protocol/sync-messages';
import type { TenantTransaction } from '../db/tenant-transaction';
import { isoAt } from '../../src-shared/time/clock';
import { ServiceError } from '../support/service-error';
import type { AuthenticatedDevice } from './device-auth';
import { applyBatch, takeBatchSavepoint, type PushDeps } from './push-batch';
import { readPushPrologue } from './push-prologue';
import { writeBatchLog } from './mutation-log-write';

export type { PushDeps } from './push-batch';

/** Pushes of at most this many mutations join group commit (issue 21). */
const GROUPED_PUSH_MUTATIONS = 8;

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
  // A desk's usual push (a sale, a check-in) shares its transaction with concurrent ones;
  // a long catch-up batch takes its own, so it never holds a group's others back.
  const transaction =
    request.mutations.length <= GROUPED_PUSH_MUTATIONS
      ? deps.tenants.inGroupCommit.bind(deps.tenants)
      : deps.tenants.inTenant.bind(deps.tenants);
  return transaction(device.tenantId, async (trx, shared) => {
    const prologue = await readPushPrologue(trx, device, request.mutations);
    // After the prologue, not before: rolling back to it must keep the device row's lock
    // and app.device_id, which a rolled-back subtransaction would release and unset. It
    // does not wait for its answer: it shares the first mutation's round trip.
    await takeBatchSavepoint(trx);
    const current = prologue.device;
    if (!current || current.status !== 'active') {
      throw new ServiceError(
        401,
        'device_revoked',
        'This desk was revoked by the studio; enrol it again to sync.',
      );
    }
    const lastApplied = current.lastAppliedSeq;
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

    const roles = prologue.firstActorRoles;
    const batch = {
      deps,
      trx,
      shared,
      device,
      earlier: prologue.earlier,
      // The prologue read the roles of the request's first actor, who acts first only
      // when nothing was resent before it.
      ...(first && roles && first === request.mutations[0]
        ? { firstActor: { actorId: first.actorId, heldRoles: roles } }
        : {}),
    };
    const last = fresh.at(-1);
    const applied = await applyBatch(batch, fresh, (done) =>
      last
        ? writeBatchLog(
            trx,
            device,
            done.map((a) => a.log),
            { seq: last.seq, at: isoAt(deps.clock) },
          )
        : Promise.resolve(),
    );
    results.push(...applied.map((a) => a.result));
    return {
      results,
      lastAppliedSeq: last?.seq ?? lastApplied,
      // The head as the push began: this push's rows are numbered at commit (R4.1) and
      // the desk pulls them; taking the positions here held the studio's counter lock
      // across the last round trips of every push (issue 21).
      position: prologue.head,
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
