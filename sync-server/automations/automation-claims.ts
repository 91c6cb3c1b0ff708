import type { TenantTransaction } from '../db/tenant-transaction';
import type { Channel } from '../../src-shared/automations/automation-triggers';
import type { Recipient } from './automation-recipients';

/** A send this run owns: its log row was inserted by this run, so no other run sends it. */
export interface Claim<R extends Recipient = Recipient> {
  readonly logId: string;
  readonly recipient: R;
}

export interface Outcome {
  readonly logId: string;
  readonly error: string | undefined;
}

/**
 * Whom a log row names, and the unique index its claim meets: a member's user, or a lead
 * (who has no user; R20.2).
 */
function loggedPerson(recipient: Recipient) {
  return recipient.kind === 'member'
    ? {
        key: recipient.userId,
        index: 'user_id' as const,
        columns: { user_id: recipient.userId, lead_id: null },
        metadata: { memberId: recipient.memberId },
      }
    : {
        key: recipient.leadId,
        index: 'lead_id' as const,
        columns: { user_id: null, lead_id: recipient.leadId },
        metadata: { leadId: recipient.leadId },
      };
}

/**
 * Claims the sends of one automation and channel (R20.2): one automation_logs row per
 * person and period, inserted with ON CONFLICT DO NOTHING on the unique (automation, user,
 * channel, period) index — for a lead the (automation, lead, channel, period) one — so of
 * two runs at once (two server instances, a run repeated) exactly one inserts each row, and
 * only the inserter sends. Rows from before periods (the seed's one-send-ever logs, period
 * NULL) still count for one-time triggers.
 */
export async function claimSends<R extends Recipient>(
  trx: TenantTransaction,
  tenantId: string,
  automationId: string,
  channel: Channel,
  recipients: readonly R[],
  context: { readonly at: string; readonly newId: () => string },
): Promise<Claim<R>[]> {
  if (recipients.length === 0) return [];
  const legacy = await trx
    .selectFrom('automation_logs')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('automation_id', '=', automationId)
    .where('channel', '=', channel)
    .where('period_key', 'is', null)
    .execute();
  const sentOnceBefore = new Set(legacy.map((r) => r.user_id));
  const claims: Claim<R>[] = [];
  const sortKey = (r: R) => `${r.kind}:${loggedPerson(r).key}:${r.periodKey}`;
  // In person order: two runs at once then meet the same rows in the same order (no deadlock).
  const ordered = [...recipients]
    .filter((r) => !(r.kind === 'member' && r.periodKey === 'once' && sentOnceBefore.has(r.userId)))
    .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  for (const recipient of ordered) {
    const logId = context.newId();
    const person = loggedPerson(recipient);
    const inserted = await trx
      .insertInto('automation_logs')
      .values({
        id: logId,
        tenant_id: tenantId,
        automation_id: automationId,
        ...person.columns,
        channel,
        triggered_at: context.at,
        metadata: JSON.stringify(person.metadata),
        period_key: recipient.periodKey,
        status: 'sending',
        sent_at: null,
        error: null,
      })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'automation_id', person.index, 'channel', 'period_key'])
          .doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (inserted !== undefined) claims.push({ logId, recipient });
  }
  return claims;
}

/** Records how each claimed send went; a failure keeps its reason for the owner. */
export async function recordOutcomes(
  trx: TenantTransaction,
  tenantId: string,
  outcomes: readonly Outcome[],
  at: string,
): Promise<void> {
  for (const outcome of outcomes) {
    await trx
      .updateTable('automation_logs')
      .set(
        outcome.error === undefined
          ? { status: 'sent', sent_at: at, error: null }
          : { status: 'failed', error: outcome.error.slice(0, 500) },
      )
      .where('tenant_id', '=', tenantId)
      .where('id', '=', outcome.logId)
      .execute();
  }
}
