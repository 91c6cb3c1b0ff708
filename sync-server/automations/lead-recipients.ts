import { sql } from 'kysely';
import type { RunnableAutomation } from '../../src-shared/automations/automation-triggers';
import type { LeadStatus } from '../../src-shared/mutations/leads/lead-fields';
import type { TenantTransaction } from '../db/tenant-transaction';
import type { LeadRecipient, RecipientSearch } from './automation-recipients';

const HOUR_MS = 3_600_000;
/** A trial is followed up within 3 days of its class, not weeks later when first turned on. */
const FOLLOW_UP_WITHIN_MS = 72 * HOUR_MS;
/** The pipeline's stage of a lead with a trial booked (R18.3); converted and lost leave it. */
const TRIAL: LeadStatus = 'trial';
/**
 * A lead has one name field; the letter's first name is its first word and the last name
 * the rest, as the desk splits it when converting ("Ana María López" → "Ana", "María López").
 */
const FIRST_WORD_ONLY = '\\s.*$';
const WITHOUT_FIRST_WORD = '^\\S+\\s*';

interface LeadRow {
  lead_id: string;
  email: string;
  first_name: string;
  last_name: string;
  class_id: string;
  class_name: string;
  class_start: string;
}

/**
 * The leads the trial follow-up (R20.1) writes to now: at the trial stage, whose trial class
 * (not cancelled) started at least `hoursAfter` hours and at most 3 days ago, with an
 * e-mail, never converted, who did not unsubscribe (R20.3). Each trial class is its own
 * occurrence, `trial:<class>`, so a lead booked into a second trial hears once more.
 */
export async function trialFollowUps(
  trx: TenantTransaction,
  settings: RunnableAutomation['settings'],
  search: RecipientSearch,
): Promise<LeadRecipient[]> {
  const { now } = search;
  const startedBy = new Date(now - (settings.hoursAfter ?? 0) * HOUR_MS).toISOString();
  const startedAfter = new Date(now - FOLLOW_UP_WITHIN_MS).toISOString();
  const name = sql`btrim(coalesce(l.name, ''))`;
  const result = await sql<LeadRow>`select l.id as lead_id, btrim(l.email) as email,
      regexp_replace(${name}, ${FIRST_WORD_ONLY}, '') as first_name,
      regexp_replace(${name}, ${WITHOUT_FIRST_WORD}, '') as last_name,
      c.id as class_id, c.title as class_name, c.start_time as class_start
    from leads l join classes c on c.tenant_id = l.tenant_id and c.id = l.trial_class_id
    where l.tenant_id = current_setting('app.tenant_id')::uuid
      and l.status = ${TRIAL}
      and l.converted_member_id is null
      and l.messages_opt_out_at is null
      and btrim(coalesce(l.email, '')) <> ''
      and c.status <> 'cancelled'
      and c.start_time > ${startedAfter} and c.start_time <= ${startedBy}`.execute(trx);
  return result.rows.map((row) => ({
    kind: 'lead',
    leadId: row.lead_id,
    email: row.email,
    periodKey: `trial:${row.class_id}`,
    fields: {
      firstName: row.first_name,
      lastName: row.last_name,
      className: row.class_name,
      classTime: search.formatTime(row.class_start),
    },
  }));
}
