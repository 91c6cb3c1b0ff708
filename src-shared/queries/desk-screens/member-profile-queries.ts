import { z } from 'zod';
import { defineQuery } from '../query-definition';
import {
  atSchema,
  memberGlance,
  memberPacks,
  memberWaivers,
} from '../front-desk/member-glance-queries';
import { memberNames } from '../front-desk/member-names';

/** How many rows of each history the profile shows; the rest is for reports. */
const HISTORY = 25;

/**
 * The member screen: everything `member.glance` shows at check-in, plus the histories
 * behind it: every pack (used up and expired too), upcoming and recent bookings, all notes,
 * every active waiver with its text for on-screen signing, and progress entries. Each read
 * is on an index led by (tenant_id, member_id) or (tenant_id, student_id).
 */
export const memberProfile = defineQuery({
  name: 'member.profile',
  description:
    'A member’s profile: membership, packs and credits, gift cards, bookings, notes and alerts, waivers, progress.',
  args: z.strictObject({ memberId: z.uuid(), at: atSchema }),
  async run(context, args) {
    const { db, tenantId } = context;
    const { memberId, at } = args;
    const glance = await memberGlance.run(context, args);
    const packs = await memberPacks(db, tenantId, memberId)
      .orderBy('p.created_at', 'desc')
      .limit(HISTORY)
      .execute();
    const bookingQuery = () =>
      db
        .selectFrom('bookings as b')
        .innerJoin('classes as c', (j) =>
          j.onRef('c.tenant_id', '=', 'b.tenant_id').onRef('c.id', '=', 'b.class_id'),
        )
        .select([
          'b.id',
          'b.class_id',
          'c.title',
          'b.start_time',
          'b.status',
          'b.payment_method',
          'b.free_reason',
          'b.checked_in_at',
        ])
        .where('b.tenant_id', '=', tenantId)
        .where('b.member_id', '=', memberId);
    const upcoming = await bookingQuery()
      .where('b.start_time', '>=', at)
      .orderBy('b.start_time')
      .limit(HISTORY)
      .execute();
    const past = await bookingQuery()
      .where('b.start_time', '<', at)
      .orderBy('b.start_time', 'desc')
      .limit(HISTORY)
      .execute();
    const notes = await db
      .selectFrom('student_notes')
      .select(['id', 'note', 'is_alert', 'author_id', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('student_id', '=', memberId)
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
    const waivers = await memberWaivers(db, tenantId, memberId)
      .select(['t.body', 't.required'])
      .groupBy(['t.body', 't.required'])
      .orderBy('t.title')
      .execute();
    const progress = await db
      .selectFrom('member_progress_entries as e')
      .innerJoin('progress_metric_definitions as m', (j) =>
        j.onRef('m.tenant_id', '=', 'e.tenant_id').onRef('m.id', '=', 'e.metric_definition_id'),
      )
      .select(['e.id', 'm.name', 'm.unit', 'm.category', 'e.value', 'e.recorded_at', 'e.source'])
      .where('e.tenant_id', '=', tenantId)
      .where('e.member_id', '=', memberId)
      .orderBy('e.recorded_at', 'desc')
      .limit(HISTORY)
      .execute();
    // Issue 20 (R20.3): when the member's unsubscribe link stopped every automatic message.
    const optOut = await db
      .selectFrom('tenant_members')
      .select('messages_opt_out_at')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', memberId)
      .executeTakeFirst();
    const authors = await memberNames(
      db,
      tenantId,
      notes.map((n) => n.author_id),
    );
    const toBooking = (b: (typeof upcoming)[number]) => ({
      bookingId: b.id,
      classId: b.class_id,
      title: b.title,
      startTime: b.start_time,
      status: b.status,
      paidBy: b.payment_method,
      // Why staff gave the place free (issue 18); null otherwise, and from older desks.
      freeReason: b.free_reason,
      checkedInAt: b.checked_in_at,
    });
    return {
      ...glance,
      allPacks: packs.map((p) => ({
        packId: p.id,
        name: p.name,
        initialCredits: p.initial_credits,
        remainingCredits: p.remaining_credits,
        expiresAt: p.expires_at,
        purchasedAt: p.created_at,
        usable: p.remaining_credits > 0 && (p.expires_at === null || p.expires_at > at),
      })),
      upcomingBookings: upcoming.map(toBooking),
      pastBookings: past.map(toBooking),
      notes: notes.map((n) => ({
        noteId: n.id,
        note: n.note,
        isAlert: n.is_alert === 1,
        authorName: authors.get(n.author_id) ?? null,
        createdAt: n.created_at,
      })),
      waiverDocuments: waivers.map((w) => ({
        templateId: w.id,
        title: w.title,
        body: w.body,
        required: w.required === 1,
        signedAt: w.signed_at ?? null,
      })),
      progress: progress.map((e) => ({
        entryId: e.id,
        metric: e.name,
        unit: e.unit,
        category: e.category,
        value: e.value,
        recordedAt: e.recorded_at,
        source: e.source,
      })),
      messagesOptOutAt: optOut?.messages_opt_out_at ?? null,
    };
  },
});
