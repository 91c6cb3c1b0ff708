import { sql, type RawBuilder } from 'kysely';
import type { TenantTransaction } from '../db/tenant-transaction';
import type {
  RunnableAutomation,
  TriggerName,
} from '../../src-shared/automations/automation-triggers';
import type { MergeValues } from '../../src-shared/automations/automation-template';
import { parseProfile } from '../../src-shared/queries/front-desk/member-names';
import { trialFollowUps } from './lead-recipients';

/** The triggers whose recipients are members; the trial follow-up's are leads. */
type MemberTrigger = Exclude<TriggerName, 'trial_follow_up'>;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A welcome reaches members who joined this recently, not every member when first turned on. */
const WELCOME_WITHIN_MS = 7 * DAY_MS;
const FIRST_VISIT_WITHIN_MS = 3 * DAY_MS;
/** A lapse is written to once, in the month after it begins, not years later. */
const WIN_BACK_WINDOW_MS = 30 * DAY_MS;

/** What every recipient has: where the message goes, for which occurrence, with what. */
interface Reached {
  readonly email: string;
  /** Which occurrence this is ('once', the lapse's last visit, the birthday's year…). */
  readonly periodKey: string;
  /** The template's fields for this person, their first and last name among them. */
  readonly fields: MergeValues;
}

/** A member an automation reaches, for one occurrence of its trigger. */
export interface MemberRecipient extends Reached {
  readonly kind: 'member';
  readonly memberId: string;
  readonly userId: string;
}

/** A lead an automation reaches (the trial follow-up): no user, no devices. */
export interface LeadRecipient extends Reached {
  readonly kind: 'lead';
  readonly leadId: string;
}

export type Recipient = MemberRecipient | LeadRecipient;

export const isMemberRecipient = (r: Recipient): r is MemberRecipient => r.kind === 'member';

/** What the queries need of the run: its instant and the studio's calendar day. */
export interface RecipientSearch {
  readonly now: number;
  /** The studio's date today, `2026-12-04`. */
  readonly today: string;
  /** Formats an instant on the studio's wall clock, for class times. */
  readonly formatTime: (iso: string) => string;
}

interface Row {
  member_id: string;
  user_id: string;
  email: string;
  profile: unknown;
  period_key: string;
  [field: string]: unknown;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The members an automation may write to: active students of the studio with an e-mail
 * who never unsubscribed (R20.3). Every trigger's query selects from this.
 */
const members = sql`(tenant_members tm join users u on u.id = tm.user_id)`;
const reachable = sql`tm.tenant_id = current_setting('app.tenant_id')::uuid
    and tm.status = 'active'
    and tm.messages_opt_out_at is null
    and u.email <> ''
    and exists (select 1 from tenant_roles r
      where r.tenant_id = tm.tenant_id and r.member_id = tm.id and r.role = 'student')`;

const who = sql`tm.id as member_id, tm.user_id, u.email, tm.profile`;

function triggerQuery(
  trigger: MemberTrigger,
  s: RunnableAutomation['settings'],
  search: RecipientSearch,
): RawBuilder<Row> {
  const { now, today } = search;
  switch (trigger) {
    case 'member_created':
      return sql<Row>`select ${who}, 'once' as period_key from ${members} where ${reachable}
        and tm.created_at > ${iso(now - WELCOME_WITHIN_MS)} and tm.created_at <= ${iso(now)}`;
    case 'first_check_in':
      return sql<Row>`with firsts as (
          select b.member_id, min(b.checked_in_at) as first_at from bookings b
          where b.member_id in (select member_id from bookings
            where checked_in_at > ${iso(now - FIRST_VISIT_WITHIN_MS)})
            and b.checked_in_at is not null
          group by b.member_id)
        select ${who}, 'once' as period_key from firsts f join ${members} on tm.id = f.member_id
          where ${reachable}
          and f.first_at > ${iso(now - FIRST_VISIT_WITHIN_MS)}
          and f.first_at <= ${iso(now - (s.hoursAfter ?? 0) * HOUR_MS)}`;
    case 'win_back': {
      const lapsedAt = now - (s.days ?? 30) * DAY_MS;
      return sql<Row>`with lasts as (
          select b.member_id, max(b.checked_in_at) as last_at from bookings b
          where b.checked_in_at > ${iso(lapsedAt - WIN_BACK_WINDOW_MS)}
          group by b.member_id)
        select ${who}, 'last-visit:' || l.last_at as period_key, l.last_at
        from lasts l join ${members} on tm.id = l.member_id where ${reachable} and l.last_at <= ${iso(lapsedAt)}`;
    }
    case 'birthday': {
      const monthDay = today.slice(5);
      const year = Number(today.slice(0, 4));
      const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      // A 29 February birthday is kept on the 28th in other years.
      const days = monthDay === '02-28' && !isLeap ? ['02-28', '02-29'] : [monthDay];
      return sql<Row>`select ${who}, ${'birthday:' + String(year)} as period_key from ${members} where ${reachable}
        and substr(tm.profile->>'birthDate', 6, 5) in (${sql.join(days)})`;
    }
    case 'pack_low_credits':
      return sql<Row>`select ${who}, 'pack:' || p.id as period_key,
          p.remaining_credits as credits_left, d.name as pack_name
        from purchased_packs p
        join class_pack_definitions d on d.tenant_id = p.tenant_id and d.id = p.pack_definition_id
        join ${members} on tm.id = p.member_id where ${reachable}
          and p.remaining_credits between 1 and ${s.credits ?? 1}
          and (p.expires_at is null or p.expires_at > ${iso(now)})`;
    case 'membership_expiring':
      return sql<Row>`select ${who}, 'ends:' || s.id || ':' || s.current_period_end as period_key,
          pl.name as plan_name, s.current_period_end as ends_at
        from subscriptions s
        join membership_plans pl on pl.tenant_id = s.tenant_id and pl.id = s.plan_id
        join ${members} on tm.id = s.member_id where ${reachable}
          and s.status in ('active', 'trialing')
          and s.current_period_end > ${iso(now)}
          and s.current_period_end <= ${iso(now + (s.daysBefore ?? 7) * DAY_MS)}
          and (pl.interval = 'one_time' or exists (select 1 from subscription_scheduled_changes c
            where c.tenant_id = s.tenant_id and c.subscription_id = s.id and c.kind = 'cancel'
              and c.withdrawn_at is null and c.effective_at <= s.current_period_end))`;
    case 'payment_failed':
      return sql<Row>`select ${who}, 'past-due:' || s.id || ':' || s.current_period_start as period_key,
          pl.name as plan_name
        from subscriptions s
        join membership_plans pl on pl.tenant_id = s.tenant_id and pl.id = s.plan_id
        join ${members} on tm.id = s.member_id where ${reachable} and s.status = 'past_due'`;
    case 'class_cancelled':
      return sql<Row>`select distinct on (tm.id, c.id) ${who}, 'class:' || c.id as period_key,
          c.title as class_name, c.start_time as class_start
        from bookings b
        join classes c on c.tenant_id = b.tenant_id and c.id = b.class_id
        join ${members} on tm.id = b.member_id where ${reachable}
          and c.status = 'cancelled' and c.start_time > ${iso(now)}
          and b.status in ('cancelled', 'confirmed', 'waitlisted')`;
  }
}

const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

function fieldsOf(row: Row, search: RecipientSearch): MergeValues {
  const fields: MergeValues = {};
  if (row.credits_left !== undefined) fields.creditsLeft = text(row.credits_left);
  if (row.pack_name !== undefined) fields.packName = text(row.pack_name);
  if (row.plan_name !== undefined) fields.planName = text(row.plan_name);
  if (typeof row.ends_at === 'string') fields.endsOn = search.formatTime(row.ends_at);
  if (row.class_name !== undefined) fields.className = text(row.class_name);
  if (typeof row.class_start === 'string') fields.classTime = search.formatTime(row.class_start);
  if (typeof row.last_at === 'string') {
    fields.daysSinceVisit = String(Math.floor((search.now - Date.parse(row.last_at)) / DAY_MS));
  }
  return fields;
}

/** Everyone the automation reaches now, with the fields its template may use. */
export async function recipientsOf(
  trx: TenantTransaction,
  automation: RunnableAutomation,
  search: RecipientSearch,
): Promise<Recipient[]> {
  const { trigger, settings } = automation;
  if (trigger === 'trial_follow_up') return trialFollowUps(trx, settings, search);
  const result = await triggerQuery(trigger, settings, search).execute(trx);
  return result.rows.map((row) => {
    const profile = parseProfile(
      typeof row.profile === 'string' ? row.profile : JSON.stringify(row.profile),
    );
    return {
      kind: 'member',
      memberId: row.member_id,
      userId: row.user_id,
      email: row.email,
      periodKey: row.period_key,
      fields: {
        firstName: profile.firstName ?? '',
        lastName: profile.lastName ?? '',
        ...fieldsOf(row, search),
      },
    };
  });
}
