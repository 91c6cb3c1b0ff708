import { sql, type Insertable } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';
import { executeMutation } from '../../src-shared/mutations/execute-mutation';
import type { MutationActor } from '../../src-shared/mutations/mutation-definition';
import type { MutationRegistry } from '../../src-shared/mutations/mutation-registry';
import type { MutationEnvelope, PushResult } from '../../src-shared/protocol/sync-messages';
import { isoAt, type Clock } from '../../src-shared/time/clock';
import type { MutationLogTable } from '../db/server-tables';
import { settlePipelinedWrites } from '../db/pipelined-writes';
import type { TenantDatabase } from '../db/tenant-database';
import type { TenantTransaction } from '../db/tenant-transaction';
import type { ServiceLog } from '../support/service-error';
import { actorWithRoles, readActor } from './actor-roles';
import type { AuthenticatedDevice } from './device-auth';
import { refusalFor, type Refusal } from './mutation-failures';

export interface PushDeps {
  readonly tenants: TenantDatabase;
  readonly clock: Clock;
  readonly registry: MutationRegistry;
  readonly log: ServiceLog;
}

/** One push's open transaction and what it knew before applying anything. */
export interface PushBatch {
  readonly deps: PushDeps;
  readonly trx: TenantTransaction;
  readonly shared: TenantTransaction<Database>;
  readonly device: AuthenticatedDevice;
  /** Outcomes of the batch's mutation ids seen before, under any device or seq (R3.8). */
  readonly earlier: ReadonlyMap<string, EarlierOutcome>;
  /** The first mutation's actor with the roles the prologue read, so none is read again. */
  readonly firstActor?: { readonly actorId: string; readonly heldRoles: readonly string[] };
}

/** How the server answered a mutation id the first time it saw it. */
export type EarlierOutcome =
  | { readonly outcome: 'applied' }
  | { readonly outcome: 'refused'; readonly code: string; readonly reason: string };

/** mutation_log's code for a mutation id sent again: it took no effect the second time. */
export const DUPLICATE_CODE = 'duplicate';

export interface AppliedMutation {
  readonly result: PushResult;
  readonly log: Insertable<MutationLogTable>;
}

/** A refusal met on the fast path: the batch is rolled back and run again, isolated. */
class RefusedInBatch extends Error {}

/**
 * The savepoint applyBatch rolls back to. The push takes it right after its prologue, so a
 * rollback keeps the prologue's device lock and app.device_id, without waiting for its
 * answer (pipelined: it shares the first mutation's round trip), before it knows whether
 * anything is fresh: an unused savepoint costs nothing, and the commit ends it.
 */
export function takeBatchSavepoint(trx: TenantTransaction): Promise<unknown> {
  return sql`savepoint push_batch`.execute(trx);
}

/**
 * Applies the fresh mutations of a push, after takeBatchSavepoint, and logs them with
 * `logApplied`. Almost every batch applies whole, so it first runs them back to back under
 * that one savepoint: two round trips per mutation fewer than a savepoint each, and no
 * subtransaction per mutation. If any mutation is refused, that work is rolled back and the
 * batch runs again with a savepoint per mutation, so a refusal undoes only its own mutation
 * (R3.4).
 *
 * On that fast path nothing waits for the mutations' inserts (pipelined-writes.ts): one
 * that fails fails a later statement of the batch, at the latest the log write, and sends
 * the batch down the isolated path, where each mutation waits for its own writes.
 */
export async function applyBatch(
  batch: PushBatch,
  mutations: readonly MutationEnvelope[],
  logApplied: (applied: readonly AppliedMutation[]) => Promise<void>,
): Promise<AppliedMutation[]> {
  if (mutations.length === 0) return [];
  try {
    // Not released: the commit ends it, one round trip fewer (issue 21).
    const applied = await applyAll(batch, mutations, false);
    await logApplied(applied);
    return applied;
  } catch (error) {
    await sql`rollback to savepoint push_batch`.execute(batch.trx);
    // A database refusal here came from a write the fast path did not wait for.
    if (!(error instanceof RefusedInBatch) && !refusalFor(error)) throw error;
  }
  const applied = await applyAll(batch, mutations, true);
  await logApplied(applied);
  return applied;
}

async function applyAll(
  batch: PushBatch,
  mutations: readonly MutationEnvelope[],
  isolated: boolean,
): Promise<AppliedMutation[]> {
  const seen = new Map(batch.earlier);
  const actors = new Map<string, Promise<MutationActor>>();
  const primed = primedActor(batch.firstActor);
  if (primed) actors.set(primed.memberId, Promise.resolve(primed));
  const applied: AppliedMutation[] = [];
  for (const mutation of mutations) {
    const before = seen.get(mutation.id);
    if (before) {
      applied.push(sentAgain(batch, mutation, before));
      continue;
    }
    const outcome = mutation.withdrawn
      ? withdrawn(batch, mutation)
      : isolated
        ? await applyIsolated(batch, actors, mutation)
        : await applyInline(batch, actors, mutation);
    seen.set(mutation.id, earlierOutcomeOf(outcome));
    // A staff change may end an actor's roles: read them again for later mutations.
    if (batch.deps.registry.get(mutation.name)?.changesStaff) actors.clear();
    applied.push(outcome);
  }
  return applied;
}

/**
 * The first actor as the prologue read them; undefined when not staff, so the mutation
 * reads the roles itself and is refused with the usual reason.
 */
function primedActor(first: PushBatch['firstActor']): MutationActor | undefined {
  if (!first) return undefined;
  try {
    return actorWithRoles(first.actorId, first.heldRoles);
  } catch {
    return undefined;
  }
}

/** Roles come from the server's tenant_roles, never from the request (R1.4); once a batch. */
function actorOf(
  batch: PushBatch,
  actors: Map<string, Promise<MutationActor>>,
  memberId: string,
): Promise<MutationActor> {
  let actor = actors.get(memberId);
  if (!actor) {
    actor = readActor(batch.shared, batch.device.tenantId, memberId);
    actors.set(memberId, actor);
  }
  return actor;
}

async function run(
  batch: PushBatch,
  actors: Map<string, Promise<MutationActor>>,
  mutation: MutationEnvelope,
  { waitForWrites }: { readonly waitForWrites: boolean },
): Promise<AppliedMutation> {
  const { deps, device } = batch;
  await executeMutation({
    registry: deps.registry,
    db: batch.shared,
    side: 'server',
    tenantId: device.tenantId,
    deviceId: device.deviceId,
    actor: await actorOf(batch, actors, mutation.actorId),
    call: { id: mutation.id, name: mutation.name, args: mutation.args, at: mutation.at },
  });
  // A write the mutation sent without waiting fails here, as the mutation's own failure.
  if (waitForWrites) await settlePipelinedWrites(batch.shared);
  return {
    result: { seq: mutation.seq, outcome: 'applied' },
    log: logRow(batch, mutation, 'applied'),
  };
}

async function applyInline(
  batch: PushBatch,
  actors: Map<string, Promise<MutationActor>>,
  mutation: MutationEnvelope,
): Promise<AppliedMutation> {
  try {
    return await run(batch, actors, mutation, { waitForWrites: false });
  } catch (error) {
    // Anything but a refusal (a lost connection, a deadlock) fails the batch; the desk retries.
    if (refusalFor(error)) throw new RefusedInBatch(mutation.name, { cause: error });
    throw error;
  }
}

async function applyIsolated(
  batch: PushBatch,
  actors: Map<string, Promise<MutationActor>>,
  mutation: MutationEnvelope,
): Promise<AppliedMutation> {
  await sql`savepoint push_mutation`.execute(batch.trx);
  try {
    const applied = await run(batch, actors, mutation, { waitForWrites: true });
    await sql`release savepoint push_mutation`.execute(batch.trx);
    return applied;
  } catch (error) {
    await sql`rollback to savepoint push_mutation`.execute(batch.trx);
    await sql`release savepoint push_mutation`.execute(batch.trx);
    const refusal = refusalFor(error);
    if (!refusal) throw error;
    if (refusal.code === 'failed') {
      batch.deps.log.error(
        { err: error, mutation: mutation.name, seq: mutation.seq },
        'mutation failed on the server',
      );
    }
    return {
      result: { seq: mutation.seq, outcome: 'refused', code: refusal.code, reason: refusal.reason },
      log: logRow(batch, mutation, 'refused', refusal),
    };
  }
}

function earlierOutcomeOf(outcome: AppliedMutation): EarlierOutcome {
  const { result } = outcome;
  return result.outcome === 'refused'
    ? { outcome: 'refused', code: result.code ?? 'failed', reason: result.reason ?? '' }
    : { outcome: 'applied' };
}

/**
 * The same mutation id under a new seq: a desk restored from a backup or copied (R3.8), or
 * one that re-queued a sent entry. Odoo's duplicated orders are this case; the id makes it
 * harmless. It takes no second effect and gets its first answer again: `duplicate` if it was
 * applied, the same refusal if it was refused.
 */
function sentAgain(
  batch: PushBatch,
  mutation: MutationEnvelope,
  before: EarlierOutcome,
): AppliedMutation {
  const refusal = {
    code: DUPLICATE_CODE,
    reason: `mutation ${mutation.id} was ${before.outcome} before`,
  };
  const result: PushResult =
    before.outcome === 'applied'
      ? { seq: mutation.seq, outcome: 'duplicate' }
      : { seq: mutation.seq, outcome: 'refused', code: before.code, reason: before.reason };
  return { result, log: logRow(batch, mutation, 'refused', refusal) };
}

/** The desk could not send this mutation through (R3.7): its seq is spent, nothing runs. */
function withdrawn(batch: PushBatch, mutation: MutationEnvelope): AppliedMutation {
  const refusal = {
    code: 'too_large',
    reason: `${mutation.name} was too large for the server to accept; the desk kept it`,
  };
  return {
    result: { seq: mutation.seq, outcome: 'refused', ...refusal },
    log: logRow(batch, mutation, 'refused', refusal),
  };
}

function logRow(
  batch: PushBatch,
  mutation: MutationEnvelope,
  outcome: 'applied' | 'refused',
  refusal?: Refusal,
): Insertable<MutationLogTable> {
  return {
    tenant_id: batch.device.tenantId,
    device_id: batch.device.deviceId,
    seq: mutation.seq,
    mutation_id: mutation.id,
    name: mutation.name,
    actor_id: mutation.actorId,
    outcome,
    code: refusal?.code ?? null,
    reason: refusal?.reason ?? null,
    applied_at: isoAt(batch.deps.clock),
  };
}
