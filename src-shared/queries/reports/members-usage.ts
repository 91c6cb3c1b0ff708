import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import { checkInsInRange } from './attendance-query';
import { amount, type ReportRange } from './report-range';

/** A membership in one of these states is running: the member may still come on it. */
export const RUNNING_STATUSES = ['active', 'trialing', 'past_due', 'paused'] as const;

/**
 * Pack usage by pack kind: packs and credits bought in the range (any location), and
 * credits used: the range's check-ins paid with a pack of that kind.
 */
export async function packUsage(db: Kysely<Database>, tenantId: string, range: ReportRange) {
  const [bought, used, definitions] = await Promise.all([
    db
      .selectFrom('purchased_packs')
      .where('tenant_id', '=', tenantId)
      .where('created_at', '>=', range.startsAt)
      .where('created_at', '<', range.endsAt)
      .select((eb) => [
        'pack_definition_id',
        eb.fn.countAll().as('packs'),
        eb.fn.sum('initial_credits').as('credits'),
      ])
      .groupBy('pack_definition_id')
      .execute(),
    // Counted by pack from the check-ins index alone, then each pack looked up once.
    db
      .selectFrom(
        checkInsInRange(db, tenantId, range)
          .select((eb) => ['b.used_pack_id', eb.fn.countAll().as('credits')])
          .where('b.used_pack_id', 'is not', null)
          .groupBy('b.used_pack_id')
          .as('u'),
      )
      .innerJoin('purchased_packs as pp', (j) =>
        j.on('pp.tenant_id', '=', tenantId).onRef('pp.id', '=', 'u.used_pack_id'),
      )
      .select((eb) => ['pp.pack_definition_id', eb.fn.sum('u.credits').as('credits')])
      .groupBy('pp.pack_definition_id')
      .execute(),
    db
      .selectFrom('class_pack_definitions')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenantId)
      .execute(),
  ]);
  const ids = new Set([
    ...bought.map((b) => b.pack_definition_id),
    ...used.map((u) => u.pack_definition_id),
  ]);
  const names = new Map(definitions.map((d) => [d.id, d.name]));
  return [...ids]
    .map((id) => {
      const b = bought.find((row) => row.pack_definition_id === id);
      return {
        packDefinitionId: id,
        name: names.get(id) ?? id,
        packsBought: amount(b?.packs),
        creditsBought: amount(b?.credits),
        creditsUsed: amount(used.find((row) => row.pack_definition_id === id)?.credits),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Plan usage by plan: memberships running during the range (a running state, their period
 * overlapping it) and visits: the range's check-ins paid by a membership of that plan.
 */
export async function planUsage(db: Kysely<Database>, tenantId: string, range: ReportRange) {
  const [active, visits, plans] = await Promise.all([
    db
      .selectFrom('subscriptions')
      .where('tenant_id', '=', tenantId)
      .where('status', 'in', RUNNING_STATUSES)
      .where('current_period_start', '<', range.endsAt)
      .where('current_period_end', '>', range.startsAt)
      .select((eb) => ['plan_id', eb.fn.countAll().as('subscriptions')])
      .groupBy('plan_id')
      .execute(),
    // Counted by membership from the check-ins index alone, then each looked up once.
    db
      .selectFrom(
        checkInsInRange(db, tenantId, range)
          .select((eb) => ['b.subscription_id', eb.fn.countAll().as('visits')])
          .where('b.subscription_id', 'is not', null)
          .groupBy('b.subscription_id')
          .as('v'),
      )
      .innerJoin('subscriptions as s', (j) =>
        j.on('s.tenant_id', '=', tenantId).onRef('s.id', '=', 'v.subscription_id'),
      )
      .select((eb) => ['s.plan_id', eb.fn.sum('v.visits').as('visits')])
      .groupBy('s.plan_id')
      .execute(),
    db
      .selectFrom('membership_plans')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenantId)
      .execute(),
  ]);
  const ids = new Set([...active.map((a) => a.plan_id), ...visits.map((v) => v.plan_id)]);
  const names = new Map(plans.map((p) => [p.id, p.name]));
  return [...ids]
    .map((id) => ({
      planId: id,
      name: names.get(id) ?? id,
      activeSubscriptions: amount(active.find((row) => row.plan_id === id)?.subscriptions),
      visits: amount(visits.find((row) => row.plan_id === id)?.visits),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
