import { sql } from 'kysely';
import { z } from 'zod';
import { LEAD_STATUSES, type LeadStatus } from '../../mutations/leads/lead-fields';
import { defineQuery } from '../query-definition';
import { leadHistory, type LeadHistory } from './lead-history';

/** One lead as the pipeline lists it. */
export interface LeadSummary {
  readonly leadId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  /** One of LEAD_SOURCES, or older text (the demo's, a lead from before the list). */
  readonly source: string | null;
  readonly status: LeadStatus;
  readonly trialClassId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const LIST_LIMIT = 200;

/** `%` and `_` typed by staff are letters to find, not patterns. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The pipeline: leads by status (all when none is given), or those whose name, e-mail or
 * phone holds the search; most recently changed first, at most 200.
 */
export const leadList = defineQuery({
  name: 'lead.list',
  description: 'Leads by status, or found by name, e-mail or phone; recently changed first.',
  args: z.strictObject({
    status: z.enum(LEAD_STATUSES).optional(),
    search: z.string().trim().max(100).optional(),
  }),
  async run({ db, tenantId }, args) {
    let query = db
      .selectFrom('leads')
      .select([
        'id',
        'name',
        'email',
        'phone',
        'source',
        'status',
        'trial_class_id',
        'created_at',
        'updated_at',
      ])
      .where('tenant_id', '=', tenantId);
    if (args.status !== undefined) query = query.where('status', '=', args.status);
    if (args.search) {
      const pattern = likePattern(args.search);
      const digits = args.search.replace(/[^0-9]/g, '');
      query = query.where((eb) =>
        eb.or([
          eb(sql`lower(coalesce(name, ''))`, 'like', sql<string>`${pattern} escape '\\'`),
          eb(sql`lower(coalesce(email, ''))`, 'like', sql<string>`${pattern} escape '\\'`),
          eb(sql`coalesce(phone, '')`, 'like', sql<string>`${pattern} escape '\\'`),
          ...(digits.length >= 3
            ? [
                eb(
                  sql`replace(replace(replace(replace(coalesce(phone, ''), ' ', ''), '-', ''), '(', ''), ')', '')`,
                  'like',
                  `%${digits}%`,
                ),
              ]
            : []),
        ]),
      );
    }
    const rows = await query
      .orderBy(sql`coalesce(updated_at, created_at)`, 'desc')
      .orderBy('id')
      .limit(LIST_LIMIT)
      .execute();
    return {
      leads: rows.map((row): LeadSummary => ({
        leadId: row.id,
        name: row.name ?? '',
        email: row.email,
        phone: row.phone,
        source: row.source,
        status: row.status,
        trialClassId: row.trial_class_id,
        createdAt: row.created_at,
        updatedAt: row.updated_at ?? row.created_at,
      })),
    };
  },
});

/** One lead with its notes (newest first), its trial class and who took it. */
export const leadDetail = defineQuery({
  name: 'lead.detail',
  description: 'A lead with its notes, trial class, conversion and who took it.',
  args: z.strictObject({ leadId: z.uuid() }),
  async run({ db, tenantId }, args): Promise<{ lead: LeadHistory | null }> {
    const row = await db
      .selectFrom('leads')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', args.leadId)
      .executeTakeFirst();
    return { lead: row === undefined ? null : await leadHistory(db, tenantId, row) };
  },
});

/** The lead a member was converted from, with its history, for the member page. */
export const memberLeadHistory = defineQuery({
  name: 'lead.ofMember',
  description: 'The lead a member was converted from, with its notes and trial.',
  args: z.strictObject({ memberId: z.uuid() }),
  async run({ db, tenantId }, args): Promise<{ lead: LeadHistory | null }> {
    const row = await db
      .selectFrom('leads')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('converted_member_id', '=', args.memberId)
      .orderBy('created_at')
      .executeTakeFirst();
    return { lead: row === undefined ? null : await leadHistory(db, tenantId, row) };
  },
});
