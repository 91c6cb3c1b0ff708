import { randomBytes } from 'node:crypto';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import type { Database } from '../../src-shared/schema/catalog';
import { isFeatureEnabled } from '../../src-shared/features/feature-checks';
import { readStoredSettings } from '../../src-shared/mutations/front-desk/tenant-settings';
import { localDateOf, ZoneTime } from '../../src-shared/time/zone-time';
import type { TenantTransaction } from '../db/tenant-transaction';
import { headAfterWrites } from '../sync/committed-head';
import { claimSends, recordOutcomes, type Claim, type Outcome } from './automation-claims';
import type { AutomationsContext } from './automation-context';
import type { MailSender } from './automation-mail';
import {
  isMemberRecipient,
  recipientsOf,
  type Recipient,
  type RecipientSearch,
} from './automation-recipients';
import { fillTemplate, type MergeValues } from '../../src-shared/automations/automation-template';
import {
  runnableAutomation,
  type Channel,
  type RunnableAutomation,
} from '../../src-shared/automations/automation-triggers';
import { memberLinkToken, type LinkPurpose } from './member-link-token';
import { pushToDevices, recordDeliveries, type Delivery } from './push-deliveries';
import { subscriptionsOf, withPushTables, type DeviceSubscription } from './push-subscriptions';
import { isQuietTime, quietHoursOf } from '../../src-shared/automations/quiet-hours';

/** What one studio's run did. */
export interface AutomationRun {
  /** Automations turned on and runnable. */
  readonly automations: number;
  /** Messages delivered: e-mails, and pushes that reached at least one device. */
  readonly sent: number;
  readonly failed: number;
  /** The run fell in the studio's quiet hours and sent nothing. */
  readonly quiet: boolean;
}

export interface StudioView {
  readonly name: string;
  readonly zone: string;
  readonly quiet: ReturnType<typeof quietHoursOf>;
  readonly secret: string;
  readonly automations: readonly RunnableAutomation[];
}

async function readStudio(
  trx: TenantTransaction,
  shared: TenantTransaction<Database>,
  tenantId: string,
): Promise<StudioView> {
  const { name, stored } = await readStoredSettings(shared, tenantId);
  // A studio whose plan has no automations sends nothing (R19), whatever is turned on.
  const inPlan = await isFeatureEnabled(shared, tenantId, 'automations');
  const secrets = await trx.selectFrom('tenant_secrets').select('pin_pepper').executeTakeFirst();
  const rows = await trx
    .selectFrom('marketing_automations')
    .select(['id', 'trigger_event', 'subject', 'body', 'channels', 'settings'])
    .where('tenant_id', '=', tenantId)
    .where('is_enabled', '=', 1)
    .orderBy('id')
    .execute();
  const settings = stored as Record<string, unknown>;
  return {
    name,
    zone: typeof stored.timeZone === 'string' ? stored.timeZone : 'UTC',
    quiet: quietHoursOf(settings.automationQuietHours),
    secret: secrets?.pin_pepper ?? '',
    automations: inPlan ? rows.flatMap((row) => runnableAutomation(row) ?? []) : [],
  };
}

function searchAt(now: number, zone: string): RecipientSearch {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  return {
    now,
    today: localDateOf(new ZoneTime().toFloating(zone, now)),
    formatTime: (iso) => format.format(new Date(iso)),
  };
}

/** A message for one person: the template filled with their fields and their links. */
interface Letter {
  readonly subject: string;
  readonly text: string;
  readonly unsubscribeUrl: string;
}

/**
 * The recipient's own links: a member's to unsubscribe, to notifications and to progress; a
 * lead's only to unsubscribe, signed for leads so it never passes for a member's (R20.3).
 */
function linksOf(
  context: AutomationsContext,
  studio: StudioView,
  recipient: Recipient,
  tenantId: string,
): MergeValues & { readonly unsubscribeUrl: string } {
  const link = (path: string, purpose: LinkPurpose, holderId: string) => {
    const token = memberLinkToken(studio.secret, purpose, { tenantId, memberId: holderId });
    return `${context.publicUrl}/v1/${path}/${token}`;
  };
  if (recipient.kind === 'lead') {
    return { unsubscribeUrl: link('unsubscribe', 'lead-unsubscribe', recipient.leadId) };
  }
  return {
    unsubscribeUrl: link('unsubscribe', 'unsubscribe', recipient.memberId),
    notificationsUrl: link('notifications', 'notifications', recipient.memberId),
    progressUrl: link('progress', 'progress', recipient.memberId),
    messagesUrl: link('messages', 'messages', recipient.memberId),
  };
}

function letterFor(
  context: AutomationsContext,
  studio: StudioView,
  automation: RunnableAutomation,
  recipient: Recipient,
  tenantId: string,
): Letter {
  const links = linksOf(context, studio, recipient, tenantId);
  const unsubscribeUrl = links.unsubscribeUrl;
  const values: MergeValues = { studio: studio.name, ...links, ...recipient.fields };
  return {
    subject: fillTemplate(automation.subject, values),
    text: fillTemplate(automation.body, values),
    unsubscribeUrl,
  };
}

/**
 * One run of a studio's automations (issue 20, R20): in its quiet hours nothing; otherwise
 * for each automation turned on and each of its channels, claim the sends it owes (one
 * transaction, committed before anything is sent), send them, then record how each went.
 * A crash between claim and record leaves a row 'sending' that no later run sends again: a
 * member may miss one message, never get two.
 */
export async function runTenantAutomations(
  context: AutomationsContext,
  tenantId: string,
): Promise<AutomationRun> {
  const now = context.clock.now();
  const studio = await context.tenants.inTenant(tenantId, (trx, shared) =>
    readStudio(trx, shared, tenantId),
  );
  const counts = { automations: studio.automations.length, sent: 0, failed: 0, quiet: false };
  if (studio.automations.length === 0) return counts;
  if (isQuietTime(studio.quiet, studio.zone, now)) return { ...counts, quiet: true };
  const mailer = await context.mailerFor(tenantId);
  if (mailer === undefined) {
    context.log.warn({ tenantId }, 'automations are on but no SMTP server is set; no e-mail sent');
  }
  const search = searchAt(now, studio.zone);
  const run = { context, studio, tenantId, search };
  for (const automation of studio.automations) {
    for (const channel of automation.channels) {
      const outcomes =
        channel === 'email'
          ? mailer === undefined
            ? []
            : await runEmail(run, automation, mailer)
          : await runPush(run, automation);
      counts.sent += outcomes.filter((o) => o.error === undefined).length;
      counts.failed += outcomes.filter((o) => o.error !== undefined).length;
    }
  }
  return counts;
}

interface RunState {
  readonly context: AutomationsContext;
  readonly studio: StudioView;
  readonly tenantId: string;
  readonly search: RecipientSearch;
}

async function commitAndPoke<T>(
  context: AutomationsContext,
  tenantId: string,
  work: (trx: TenantTransaction) => Promise<T>,
): Promise<T> {
  const { result, position } = await context.tenants.inTenant(tenantId, async (trx) => {
    const result = await work(trx);
    return { result, position: await headAfterWrites(trx, tenantId) };
  });
  context.hub.publish(tenantId, position);
  return result;
}

/** Claims the automation's sends on one channel, for the recipients `keep` lets through. */
function claim<R extends Recipient>(
  run: RunState,
  automation: RunnableAutomation,
  channel: Channel,
  keep: (trx: TenantTransaction, recipients: Recipient[]) => Promise<R[]>,
): Promise<Claim<R>[]> {
  const { context, tenantId, search } = run;
  const at = new Date(search.now).toISOString();
  const newId = () => uuidV7(context.clock.now(), (n) => randomBytes(n));
  return commitAndPoke(context, tenantId, async (trx) => {
    const recipients = await keep(trx, await recipientsOf(trx, automation, search));
    return claimSends(trx, tenantId, automation.id, channel, recipients, { at, newId });
  });
}

const nowIso = (context: AutomationsContext) => new Date(context.clock.now()).toISOString();

async function runEmail(
  run: RunState,
  automation: RunnableAutomation,
  mailer: MailSender,
): Promise<Outcome[]> {
  const { context, studio, tenantId } = run;
  const claims = await claim(run, automation, 'email', (_trx, all) => Promise.resolve(all));
  const outcomes: Outcome[] = [];
  for (const { logId, recipient } of claims) {
    const letter = letterFor(context, studio, automation, recipient, tenantId);
    try {
      await mailer({ to: recipient.email, ...letter });
      outcomes.push({ logId, error: undefined });
    } catch (error) {
      outcomes.push({ logId, error: error instanceof Error ? error.message : 'unknown error' });
    }
  }
  await commitAndPoke(context, tenantId, (trx) =>
    recordOutcomes(trx, tenantId, outcomes, nowIso(context)),
  );
  return outcomes;
}

/**
 * Push goes to members who turned notifications on (R20.5): one claim per member and
 * period, delivered to each of their devices, each delivery logged in push_logs. Leads have
 * no devices, so the trial follow-up pushes nothing.
 */
async function runPush(run: RunState, automation: RunnableAutomation): Promise<Outcome[]> {
  const { context, studio, tenantId } = run;
  const push = context.push;
  if (push === undefined) return [];
  let devices = new Map<string, DeviceSubscription[]>();
  const claims = await claim(run, automation, 'push', async (trx, all) => {
    const members = all.filter(isMemberRecipient);
    devices = await subscriptionsOf(
      withPushTables(trx),
      tenantId,
      members.map((r) => r.memberId),
    );
    return members.filter((r) => devices.has(r.memberId));
  });
  const outcomes: Outcome[] = [];
  const deliveries: Delivery[] = [];
  for (const { logId, recipient } of claims) {
    const letter = letterFor(context, studio, automation, recipient, tenantId);
    const made = await pushToDevices(push, devices.get(recipient.memberId) ?? [], {
      logId,
      userId: recipient.userId,
      message: { title: letter.subject, body: letter.text },
    });
    deliveries.push(...made);
    const failures = made.filter((d) => d.outcome.status !== 'sent');
    outcomes.push({
      logId,
      error:
        failures.length === made.length
          ? failures.map((d) => (d.outcome.status === 'sent' ? '' : d.outcome.error)).join('; ') ||
            'no device'
          : undefined,
    });
  }
  await commitAndPoke(context, tenantId, async (trx) => {
    const at = nowIso(context);
    await recordOutcomes(trx, tenantId, outcomes, at);
    await recordDeliveries(withPushTables(trx), tenantId, deliveries, {
      at,
      newId: () => uuidV7(context.clock.now(), (n) => randomBytes(n)),
    });
  });
  return outcomes;
}
