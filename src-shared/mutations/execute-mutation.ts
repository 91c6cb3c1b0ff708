import { describeIssues } from '../validation/describe-issues';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/catalog';
import type { IsoTimestamp } from '../schema/column-spec';
import {
  MutationRefusal,
  type MutationActor,
  type MutationContext,
  type MutationSide,
  type RuleBreach,
} from './mutation-definition';
import { mutationIdSource } from './mutation-ids';
import { findMutation, type MutationRegistry } from './mutation-registry';

/** The recorded call of a mutation: what the desk ran, by whom, when. */
export interface MutationCall {
  readonly id: string;
  readonly name: string;
  readonly args: unknown;
  readonly at: IsoTimestamp;
}

export interface ExecuteMutationOptions {
  readonly registry: MutationRegistry;
  /** An open transaction: the caller commits it together with its own bookkeeping. */
  readonly db: Kysely<Database>;
  readonly side: MutationSide;
  readonly tenantId: string;
  readonly deviceId: string;
  readonly actor: MutationActor;
  readonly call: MutationCall;
}

export interface MutationOutcome {
  readonly result: unknown;
  /**
   * The arguments to record and send: the call's own, or, for a mutation that leaves a
   * choice to the desk, the desk's choice filled in (R1.7). The server re-runs these.
   */
  readonly args: unknown;
  /** Rules the server found broken; always empty at the desk, which refuses instead. */
  readonly breaches: readonly RuleBreach[];
}

const SERVER_ONLY_ID_STREAM = 0x5e12;

/** Each non-null value once, in first-seen order. */
function distinct(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

/**
 * Records a breach for the owner. It names every desk and staff member involved (R9.4): those
 * of the earlier movements that led to it, oldest first, then the breaching call's own.
 */
async function raiseReviewItem(options: ExecuteOptionsWithIds, breach: RuleBreach): Promise<void> {
  const parties = [
    ...((await breach.parties?.()) ?? []),
    { deviceId: options.deviceId, actorId: options.actor.memberId },
  ];
  await options.db
    .insertInto('review_items')
    .values({
      id: options.serverOnlyId(),
      tenant_id: options.tenantId,
      kind: breach.kind,
      status: 'open',
      member_id: breach.memberId ?? null,
      amount: breach.amount ?? null,
      subject_id: breach.subjectId ?? null,
      device_ids: JSON.stringify(distinct(parties.map((p) => p.deviceId))),
      details: JSON.stringify({
        message: breach.message,
        mutation: options.call.name,
        mutationId: options.call.id,
        actorIds: distinct(parties.map((p) => p.actorId)),
      }),
      created_at: options.call.at,
    })
    .execute();
}

interface ExecuteOptionsWithIds extends ExecuteMutationOptions {
  serverOnlyId(): string;
}

/**
 * Validates, authorises and runs one mutation inside the caller's transaction. Refusals
 * (malformed arguments, a role that may not call it, an unknown name) throw
 * MutationRefusal before anything is written.
 */
export async function executeMutation(options: ExecuteMutationOptions): Promise<MutationOutcome> {
  const { call, actor } = options;
  const definition = findMutation(options.registry, call.name);
  const parsed = definition.args.safeParse(call.args);
  if (!parsed.success) {
    throw new MutationRefusal('invalid', `${call.name}: ${describeIssues(parsed.error)}`);
  }
  if (!definition.roles.some((role) => actor.roles.includes(role))) {
    throw new MutationRefusal(
      'forbidden',
      `${call.name} needs one of the roles ${definition.roles.join(', ')}; this staff member has ${actor.roles.join(', ') || 'none'}`,
    );
  }
  const atMs = Date.parse(call.at);
  if (Number.isNaN(atMs))
    throw new MutationRefusal('invalid', `${call.name}: "${call.at}" is not a timestamp`);
  const withIds: ExecuteOptionsWithIds = {
    ...options,
    serverOnlyId: mutationIdSource(call.id, atMs, SERVER_ONLY_ID_STREAM),
  };
  const breaches: RuleBreach[] = [];
  const context: MutationContext = {
    db: options.db,
    side: options.side,
    tenantId: options.tenantId,
    deviceId: options.deviceId,
    actor,
    mutationId: call.id,
    at: call.at,
    newId: mutationIdSource(call.id, atMs),
    require: async (holds, breach) => {
      if (holds) return;
      if (options.side === 'desk') throw new MutationRefusal('rule', breach.message);
      breaches.push(breach);
      await raiseReviewItem(withIds, breach);
    },
  };
  if (options.side === 'desk' && definition.chooseAtDesk) {
    const chosen = await definition.chooseAtDesk(context, parsed.data);
    // What is recorded must pass the server's check of the same schema.
    const recorded = definition.args.safeParse(chosen);
    if (!recorded.success) {
      throw new Error(`${call.name} chose arguments its schema refuses: ${recorded.error.message}`);
    }
    return { result: await definition.run(context, recorded.data), args: chosen, breaches };
  }
  const result = await definition.run(context, parsed.data);
  return { result, args: call.args, breaches };
}
