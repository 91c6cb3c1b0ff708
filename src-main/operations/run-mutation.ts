import type { Transaction } from 'kysely';
import { executeMutation } from '../../src-shared/mutations/execute-mutation';
import {
  MutationRefusal,
  type MutationActor,
} from '../../src-shared/mutations/mutation-definition';
import { mutationRegistry } from '../../src-shared/mutations/all-mutations';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { isoAt } from '../../src-shared/time/clock';
import { requireIdentity, type Desk } from '../store/open-desk';
import { asSharedDb, type DeskDatabase } from '../store/desk-tables';
import { WrittenTablesRecorder } from '../store/written-tables-recorder';
import { sendableArgsJson } from '../store/outbox-batches';
import { mutationBookkeeping, type MutationBookkeeping } from '../store/mutation-bookkeeping';

export interface DeskMutationOptions {
  /**
   * Runs first inside the mutation's transaction, with its id: a claim that must commit or
   * roll back with the mutation (a captured card marked used by this sale). Throwing refuses
   * the mutation with nothing written.
   */
  readonly beforeEffects?: (tx: Transaction<DeskDatabase>, mutationId: string) => Promise<void>;
}

export interface DeskMutationResult {
  readonly seq: number;
  readonly mutationId: string;
  readonly result: unknown;
}

/** The staff member's roles as this desk last synced them. */
export async function localActor(desk: Desk, memberId: string): Promise<MutationActor> {
  const identity = requireIdentity(desk);
  const member = await desk.db
    .selectFrom('tenant_members')
    .select('status')
    .where('tenant_id', '=', identity.tenantId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!member || member.status !== 'active') {
    throw new MutationRefusal('forbidden', `staff member ${memberId} is not active at this studio`);
  }
  const roles = await desk.db
    .selectFrom('tenant_roles')
    .select('role')
    .where('tenant_id', '=', identity.tenantId)
    .where('member_id', '=', memberId)
    .execute();
  return { memberId, roles: roles.map((r) => r.role) };
}

/** The actor from the desk's copy, refused exactly as localActor refuses. */
function actorFrom(
  bookkeeping: MutationBookkeeping,
  tenantId: string,
  memberId: string,
): MutationActor {
  const staff = bookkeeping.staffRow(tenantId, memberId);
  if (!staff || staff.status !== 'active') {
    throw new MutationRefusal('forbidden', `staff member ${memberId} is not active at this studio`);
  }
  return { memberId, roles: staff.roles };
}

/**
 * Runs a mutation at the desk (R1.2): its effects and its outbox entry commit in one SQLite
 * transaction, durable before the caller hears of success. A refusal writes nothing. The
 * outbox records the arguments with any choice the desk made filled in (R1.7).
 *
 * The actor and the outbox entry go through statements prepared once (mutation-bookkeeping.ts),
 * inside the transaction, where this call holds the connection: the POS sale's own CPU is most
 * of its latency (B6, issue 21). The actor is read first and the arguments' size checked next,
 * so refusals come in the same order as when both were read before the transaction.
 */
export async function runDeskMutation(
  desk: Desk,
  actorId: string,
  name: string,
  args: unknown,
  options: DeskMutationOptions = {},
): Promise<DeskMutationResult> {
  const identity = requireIdentity(desk);
  const bookkeeping = mutationBookkeeping(desk);
  const call = {
    id: uuidV7(desk.clock.now(), desk.randomBytes),
    name,
    args,
    at: isoAt(desk.clock),
  };
  // Names the tables the mutation writes, for the drift check once it is acknowledged (R6.4).
  const written = new WrittenTablesRecorder();
  const committed = await desk.db.transaction().execute(async (tx) => {
    const actor = actorFrom(bookkeeping, identity.tenantId, actorId);
    // Serialised once: checked for size now, stored as is unless the desk fills a choice in.
    const argsJson = sendableArgsJson(name, args);
    await options.beforeEffects?.(tx, call.id);
    const outcome = await executeMutation({
      registry: mutationRegistry,
      db: asSharedDb(tx.withPlugin(written)),
      side: 'desk',
      tenantId: identity.tenantId,
      deviceId: identity.deviceId,
      actor,
      call,
    });
    // The desk's choices (R1.7) make the recorded arguments; they must still fit (R3.6).
    const recordedJson = outcome.args === args ? argsJson : sendableArgsJson(name, outcome.args);
    const seq = bookkeeping.appendOutbox({
      id: call.id,
      name,
      args: recordedJson,
      actorId,
      at: call.at,
      tablesWritten: written.toColumn(),
    });
    return { seq, mutationId: call.id, result: outcome.result };
  });
  desk.changes.emit();
  return committed;
}
