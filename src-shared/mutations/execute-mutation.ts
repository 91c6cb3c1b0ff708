import { describeIssues } from '../validation/describe-issues';
import { appendAuditEntry, isConsoleAuditAction } from '../audit/audit-chain';
import type { JsonValue } from '../audit/canonical-json';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/catalog';
import type { IsoTimestamp } from '../schema/column-spec';
import {
  MutationRefusal,
  type MutationActor,
  type MutationContext,
  type MutationDefinition,
  type MutationSide,
  type RuleBreach,
} from './mutation-definition';
import { mutationIdSource } from './mutation-ids';
import { refuseOutsidePlan } from '../features/feature-checks';
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
// Its own stream: an audit entry's id never depends on how many rows `run` created, which a
// server re-run may differ in (a breach path), so desk and server write the same entry.
const AUDIT_ID_STREAM = 0xa0d1;

/** The call's arguments as recorded in the audit chain: PIN hashes never leave the staff rows. */
function withoutSecrets(args: unknown): { readonly [key: string]: JsonValue } {
  // Arguments are always an object (every schema is a strict object) and JSON already.
  const json = JSON.stringify(args, (key, value: unknown) =>
    key === 'pinHash' ? undefined : value,
  );
  const parsed: unknown = JSON.parse(json);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as { readonly [key: string]: JsonValue })
    : { value: parsed as JsonValue };
}

/** Appends the audited call's entry (MutationDefinition.audit) after its body ran. */
async function auditCall(
  definition: MutationDefinition,
  context: MutationContext,
  call: MutationCall,
  args: unknown,
  result: unknown,
): Promise<void> {
  if (!definition.audit) return;
  if (!isConsoleAuditAction(call.name)) {
    throw new Error(`${call.name} declares an audit but its name is no audit action`);
  }
  const change = definition.audit(args, result);
  await appendAuditEntry(context, {
    id: mutationIdSource(call.id, Date.parse(call.at), AUDIT_ID_STREAM)(),
    action: call.name,
    targetId: change.targetId,
    details: change.details ?? withoutSecrets(args),
  });
}

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
  // The studio's plan (R19): a feature switched off refuses its mutations on both sides.
  await refuseOutsidePlan(options.db, options.tenantId, call.name);
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
    const result = await definition.run(context, recorded.data);
    await auditCall(definition, context, call, recorded.data, result);
    return { result, args: chosen, breaches };
  }
  const result = await definition.run(context, parsed.data);
  await auditCall(definition, context, call, parsed.data, result);
  return { result, args: call.args, breaches };
}
