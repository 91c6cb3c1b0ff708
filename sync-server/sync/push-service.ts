import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';
import { executeMutation } from '../../src-shared/mutations/execute-mutation';
import type { MutationRegistry } from '../../src-shared/mutations/mutation-registry';
import type {
  MutationEnvelope,
  PushRequest,
  PushResponse,
  PushResult,
} from '../../src-shared/protocol/sync-messages';
import type { MutationLogTable, ServerSchema } from '../db/server-tables';
import { inTenantTransaction } from '../db/tenant-transaction';
import { isoAt, type Clock } from '../../src-shared/time/clock';
import { ServiceError, type ServiceLog } from '../support/service-error';
import { readActor } from './actor-roles';
import { headPosition } from './change-log';
import type { AuthenticatedDevice } from './device-auth';
import { refusalFor } from './mutation-failures';

export interface PushDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly registry: MutationRegistry;
  readonly log: ServiceLog;
}

interface Applied {
  readonly result: PushResult;
  readonly log: Insertable<MutationLogTable>;
}

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
 * Applies a push (R3): one transaction for the batch, a savepoint per mutation, the device's
 * last_applied_seq and the mutation log written in that same transaction. A retried batch
 * finds its seqs applied and answers `duplicate` (R3.2); a refused mutation is acknowledged
 * and logged so it never blocks the queue (R3.4).
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

    const appliedIds = await alreadyAppliedIds(trx, tenantId, fresh);
    const logRows: Insertable<MutationLogTable>[] = [];
    for (const mutation of fresh) {
      const applied = appliedIds.has(mutation.id)
        ? duplicateId(deps, device, mutation)
        : await applyOne(deps, trx, shared, device, mutation);
      if (applied.log.outcome === 'applied') appliedIds.add(mutation.id);
      results.push(applied.result);
      logRows.push(applied.log);
    }
    const last = fresh.at(-1);
    if (last) {
      await trx.insertInto('mutation_log').values(logRows).execute();
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

function logRow(
  deps: PushDeps,
  device: AuthenticatedDevice,
  mutation: MutationEnvelope,
  outcome: 'applied' | 'refused',
  refusal?: { readonly code: string; readonly reason: string },
): Insertable<MutationLogTable> {
  return {
    tenant_id: device.tenantId,
    device_id: device.deviceId,
    seq: mutation.seq,
    mutation_id: mutation.id,
    name: mutation.name,
    actor_id: mutation.actorId,
    outcome,
    code: refusal?.code ?? null,
    reason: refusal?.reason ?? null,
    applied_at: isoAt(deps.clock),
  };
}

/**
 * The same mutation id under a new seq: a desk restored from a backup, or one that re-queued
 * a sent entry. Odoo's duplicated orders are this case; the id makes it harmless.
 */
function duplicateId(
  deps: PushDeps,
  device: AuthenticatedDevice,
  mutation: MutationEnvelope,
): Applied {
  const refusal = { code: 'duplicate', reason: `mutation ${mutation.id} was already applied` };
  return {
    result: { seq: mutation.seq, outcome: 'duplicate' },
    log: logRow(deps, device, mutation, 'refused', refusal),
  };
}

async function applyOne(
  deps: PushDeps,
  trx: Transaction<ServerSchema>,
  shared: Transaction<Database>,
  device: AuthenticatedDevice,
  mutation: MutationEnvelope,
): Promise<Applied> {
  await sql`savepoint push_mutation`.execute(trx);
  try {
    // Roles come from the server's tenant_roles, never from the request (R1.4).
    const actor = await readActor(shared, device.tenantId, mutation.actorId);
    await executeMutation({
      registry: deps.registry,
      db: shared,
      side: 'server',
      tenantId: device.tenantId,
      deviceId: device.deviceId,
      actor,
      call: { id: mutation.id, name: mutation.name, args: mutation.args, at: mutation.at },
    });
    await sql`release savepoint push_mutation`.execute(trx);
    return {
      result: { seq: mutation.seq, outcome: 'applied' },
      log: logRow(deps, device, mutation, 'applied'),
    };
  } catch (error) {
    await sql`rollback to savepoint push_mutation`.execute(trx);
    await sql`release savepoint push_mutation`.execute(trx);
    const refusal = refusalFor(error);
    // Anything else (a lost connection, a deadlock) fails the whole batch; the desk retries.
    if (!refusal) throw error;
    if (refusal.code === 'failed') {
      deps.log.error(
        { err: error, mutation: mutation.name, seq: mutation.seq },
        'mutation failed on the server',
      );
    }
    return {
      result: { seq: mutation.seq, outcome: 'refused', code: refusal.code, reason: refusal.reason },
      log: logRow(deps, device, mutation, 'refused', refusal),
    };
  }
}
