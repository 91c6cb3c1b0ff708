import type { Kysely } from 'kysely';
import type { LeadStatus } from '../../mutations/leads/lead-fields';
import type { Database } from '../../schema/catalog';
import { memberNames } from '../front-desk/member-names';

export interface LeadNoteEntry {
  readonly noteId: string;
  readonly note: string;
  readonly authorName: string;
  readonly createdAt: string;
}

export interface LeadTrial {
  readonly classId: string;
  readonly title: string;
  readonly startTime: string;
  readonly classStatus: 'scheduled' | 'cancelled' | 'completed';
  readonly timeZone: string;
  readonly bookedAt: string | null;
}

/** A lead as its detail and the member page show it: everything that happened to it. */
export interface LeadHistory {
  readonly leadId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  /** One of LEAD_SOURCES, or older text (the demo's, a lead from before the list). */
  readonly source: string | null;
  readonly sourceDetail: string | null;
  readonly status: LeadStatus;
  readonly lostReason: string | null;
  readonly trial: LeadTrial | null;
  readonly convertedMemberId: string | null;
  readonly convertedAt: string | null;
  readonly takenBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly notes: readonly LeadNoteEntry[];
}

async function trialOf(
  db: Kysely<Database>,
  tenantId: string,
  lead: Database['leads'],
): Promise<LeadTrial | null> {
  if (lead.trial_class_id === null) return null;
  const klass = await db
    .selectFrom('classes')
    .innerJoin('locations', (join) =>
      join
        .onRef('locations.id', '=', 'classes.location_id')
        .onRef('locations.tenant_id', '=', 'classes.tenant_id'),
    )
    .select(['classes.title', 'classes.start_time', 'classes.status', 'locations.time_zone'])
    .where('classes.tenant_id', '=', tenantId)
    .where('classes.id', '=', lead.trial_class_id)
    .executeTakeFirst();
  if (klass === undefined) return null;
  return {
    classId: lead.trial_class_id,
    title: klass.title,
    startTime: klass.start_time,
    classStatus: klass.status,
    timeZone: klass.time_zone,
    bookedAt: lead.trial_booked_at,
  };
}

export async function leadHistory(
  db: Kysely<Database>,
  tenantId: string,
  lead: Database['leads'],
): Promise<LeadHistory> {
  const notes = await db
    .selectFrom('lead_notes')
    .select(['id', 'note', 'author_id', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('lead_id', '=', lead.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const names = await memberNames(db, tenantId, [
    lead.created_by,
    ...notes.map((n) => n.author_id),
  ]);
  return {
    leadId: lead.id,
    name: lead.name ?? '',
    email: lead.email,
    phone: lead.phone,
    source: lead.source,
    sourceDetail: lead.source_detail,
    status: lead.status,
    lostReason: lead.lost_reason,
    trial: await trialOf(db, tenantId, lead),
    convertedMemberId: lead.converted_member_id,
    convertedAt: lead.converted_at,
    takenBy: lead.created_by === null ? null : (names.get(lead.created_by) ?? null),
    createdAt: lead.created_at,
    updatedAt: lead.updated_at ?? lead.created_at,
    notes: notes.map((n) => ({
      noteId: n.id,
      note: n.note,
      authorName: names.get(n.author_id) ?? 'Staff',
      createdAt: n.created_at,
    })),
  };
}
