import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { found } from '../../mutations/front-desk/desk-rules';
import { defineQuery } from '../query-definition';
import { memberCards, parseProfile } from './member-names';

/** The instant the desk asks about: statuses and expiries are judged at it. */
export const atSchema = z.iso.datetime();

export const memberGlance = defineQuery({
  name: 'member.glance',
  description:
    'What the desk needs at check-in: membership status, pack credits, waivers signed or not, alerts, gift cards.',
  args: z.strictObject({ memberId: z.uuid(), at: atSchema }),
  async run({ db, tenantId }, { memberId, at }) {
    const member = found(
      await memberCards(db, tenantId).where('tenant_members.id', '=', memberId).executeTakeFirst(),
      `member ${memberId}`,
    );
    const subscriptions = await db
      .selectFrom('subscriptions')
      .innerJoin('membership_plans as plan', (j) =>
        j
          .onRef('plan.tenant_id', '=', 'subscriptions.tenant_id')
          .onRef('plan.id', '=', 'subscriptions.plan_id'),
      )
      .select([
        'subscriptions.id',
        'plan.name',
        'subscriptions.status',
        'subscriptions.current_period_end',
      ])
      .where('subscriptions.tenant_id', '=', tenantId)
      .where('subscriptions.member_id', '=', memberId)
      .orderBy('subscriptions.current_period_end', 'desc')
      .execute();
    const packs = await memberPacks(db, tenantId, memberId)
      .where('p.remaining_credits', '>', 0)
      .where((eb) => eb.or([eb('p.expires_at', 'is', null), eb('p.expires_at', '>', at)]))
      .orderBy('p.expires_at')
      .orderBy('p.created_at')
      .execute();
    const waivers = await memberWaivers(db, tenantId, memberId)
      .where('t.required', '=', 1)
      .orderBy('t.title')
      .execute();
    const alerts = await db
      .selectFrom('student_notes')
      .select(['id', 'note', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('student_id', '=', memberId)
      .where('is_alert', '=', 1)
      .orderBy('created_at', 'desc')
      .execute();
    const giftCards = await db
      .selectFrom('gift_cards')
      .select(['id', 'code', 'current_balance'])
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'active')
      .where((eb) =>
        eb.or([eb('recipient_member_id', '=', memberId), eb('buyer_member_id', '=', memberId)]),
      )
      .orderBy('created_at')
      .execute();
    const profile = parseProfile(member.profile);
    const usable = subscriptions.filter(
      (s) => (s.status === 'active' || s.status === 'trialing') && s.current_period_end > at,
    );
    return {
      memberId: member.id,
      firstName: profile.firstName ?? '',
      lastName: profile.lastName ?? '',
      email: member.email,
      phone: profile.phone ?? null,
      barcode: member.barcode,
      status: member.status,
      membership: {
        status: usable.length > 0 ? 'active' : subscriptions.length > 0 ? 'lapsed' : 'none',
        subscriptions: subscriptions.map((s) => ({
          subscriptionId: s.id,
          planName: s.name,
          status: s.status,
          currentPeriodEnd: s.current_period_end,
          usable: usable.includes(s),
        })),
      },
      packs: packs.map((p) => ({
        packId: p.id,
        name: p.name,
        remainingCredits: p.remaining_credits,
        initialCredits: p.initial_credits,
        expiresAt: p.expires_at,
      })),
      packCredits: packs.reduce((sum, p) => sum + p.remaining_credits, 0),
      waivers: waivers.map((w) => ({
        templateId: w.id,
        title: w.title,
        signedAt: w.signed_at ?? null,
      })),
      waiversSigned: waivers.every((w) => w.signed_at !== null),
      alerts: alerts.map((a) => ({ noteId: a.id, note: a.note, createdAt: a.created_at })),
      giftCards: giftCards.map((c) => ({
        giftCardId: c.id,
        code: c.code,
        balance: c.current_balance,
      })),
    };
  },
});

/** A member's class packs with their names: every one, used up or expired too. */
export function memberPacks(db: Kysely<Database>, tenantId: string, memberId: string) {
  return db
    .selectFrom('purchased_packs as p')
    .innerJoin('class_pack_definitions as d', (j) =>
      j.onRef('d.tenant_id', '=', 'p.tenant_id').onRef('d.id', '=', 'p.pack_definition_id'),
    )
    .select([
      'p.id',
      'd.name',
      'p.initial_credits',
      'p.remaining_credits',
      'p.expires_at',
      'p.created_at',
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.member_id', '=', memberId);
}

/**
 * The studio's active waivers, each with when this member last signed it (null: never).
 * Callers that select more template columns must group by them too.
 */
export function memberWaivers(db: Kysely<Database>, tenantId: string, memberId: string) {
  return db
    .selectFrom('waiver_templates as t')
    .leftJoin('waiver_signatures as s', (j) =>
      j
        .onRef('s.tenant_id', '=', 't.tenant_id')
        .onRef('s.template_id', '=', 't.id')
        .on('s.member_id', '=', memberId),
    )
    .select(['t.id', 't.title', (eb) => eb.fn.max('s.signed_at').as('signed_at')])
    .where('t.tenant_id', '=', tenantId)
    .where('t.active', '=', 1)
    .groupBy(['t.id', 't.title']);
}
