import { z } from 'zod';
import { memberNames } from '../front-desk/member-names';
import { MANAGER_ROLES } from '../../mutations/front-desk/front-desk-roles';
import { defineQuery } from '../query-definition';
import { REVIEW_KIND_SENTENCES } from './review-kinds';
import { subjectLabels } from './review-subjects';

/** Where the next page starts: the last item's `created_at` and id, `<at>/<id>`. */
const cursorSchema = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\/[0-9a-f-]{36}$/i, 'a cursor from nextBefore');

const detailsSchema = z.looseObject({
  message: z.string().optional(),
  actorIds: z.array(z.string()).optional(),
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function deviceIdsOf(text: string): string[] {
  const parsed = z.array(z.string()).safeParse(parseJson(text));
  return parsed.success ? parsed.data : [];
}

/**
 * The studio's review items (R16), newest first: what happened, the member, the amount,
 * every desk (by device id: desk names stay on the server) and staff member involved (R9.4),
 * the subject, and how it was settled. `status: 'resolved'` lists dismissed ones too.
 */
export const reviewList = defineQuery({
  name: 'review.list',
  description:
    'Review items newest first, with what happened, the member, the amounts, the desks and staff involved and how each was settled.',
  args: z.strictObject({
    status: z.enum(['open', 'resolved']).optional(),
    limit: z.number().int().min(1).max(200).default(50),
    before: cursorSchema.optional(),
  }),
  // What went wrong between desks, with members and amounts: for owners and managers.
  roles: MANAGER_ROLES,
  async run({ db, tenantId }, { status, limit, before }) {
    let query = db.selectFrom('review_items').selectAll().where('tenant_id', '=', tenantId);
    if (status === 'open') query = query.where('status', '=', 'open');
    if (status === 'resolved') query = query.where('status', 'in', ['resolved', 'dismissed']);
    if (before !== undefined) {
      const [at = '', id = ''] = before.split('/');
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', at),
          eb.and([eb('created_at', '=', at), eb('id', '<', id.toLowerCase())]),
        ]),
      );
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const details = new Map(
      page.map((r) => {
        const parsed = detailsSchema.safeParse(parseJson(r.details));
        return [r.id, parsed.success ? parsed.data : {}] as const;
      }),
    );
    const names = await memberNames(db, tenantId, [
      ...page.map((r) => r.member_id),
      ...page.map((r) => r.resolved_by),
      ...page.flatMap((r) => details.get(r.id)?.actorIds ?? []),
    ]);
    const subjects = await subjectLabels(db, tenantId, page);
    const person = (id: string) => ({ memberId: id, name: names.get(id) ?? 'Unknown staff' });
    const last = page.at(-1);
    return {
      items: page.map((r) => {
        const detail = details.get(r.id) ?? {};
        return {
          reviewItemId: r.id,
          kind: r.kind,
          what: REVIEW_KIND_SENTENCES[r.kind],
          message: detail.message ?? null,
          status: r.status,
          member:
            r.member_id === null
              ? null
              : { memberId: r.member_id, name: names.get(r.member_id) ?? 'Unknown member' },
          amount: r.amount,
          subject:
            r.subject_id === null
              ? null
              : { id: r.subject_id, label: subjects.get(r.subject_id) ?? null },
          deviceIds: deviceIdsOf(r.device_ids),
          staff: (detail.actorIds ?? []).map(person),
          createdAt: r.created_at,
          resolution:
            r.status === 'open'
              ? null
              : {
                  action: r.resolution,
                  note: r.resolution_note,
                  amount: r.resolution_amount,
                  reference: r.resolution_reference,
                  resolvedAt: r.resolved_at,
                  resolvedBy: r.resolved_by === null ? null : person(r.resolved_by),
                  deviceId: r.resolved_device_id,
                },
        };
      }),
      nextBefore: rows.length > limit && last ? `${last.created_at}/${last.id}` : null,
    };
  },
});

/** How many review items wait for the owner: the top bar's count (R16). */
export const reviewOpenCount = defineQuery({
  name: 'review.openCount',
  description: 'How many review items are open.',
  args: z.strictObject({}),
  roles: MANAGER_ROLES,
  async run({ db, tenantId }) {
    const row = await db
      .selectFrom('review_items')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    return { count: Number(row.count) };
  },
});

export const reviewQueries = [reviewList, reviewOpenCount] as const;
