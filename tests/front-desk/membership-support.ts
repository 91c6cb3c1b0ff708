import { randomUUID } from 'node:crypto';
import type { Database } from '../../src-shared/schema/catalog';
import { NOW, resultOf, type RunOptions, type Studio } from './front-desk-harness';

/** A membership plan of the studio; price 9000 unless said. */
export async function addPlan(
  studio: Pick<Studio, 'db' | 'tenantId'>,
  plan: {
    readonly interval: Database['membership_plans']['interval'];
    readonly classLimit?: number | null;
    readonly active?: boolean;
    readonly name?: string;
    readonly price?: number;
  },
): Promise<string> {
  const id = randomUUID();
  await studio.db
    .insertInto('membership_plans')
    .values({
      id,
      tenant_id: studio.tenantId,
      name: plan.name ?? `${plan.interval} plan`,
      price: plan.price ?? 9000,
      interval: plan.interval,
      vod_enabled: 0,
      class_limit: plan.classLimit ?? null,
      active: plan.active === false ? 0 : 1,
      created_at: NOW,
    })
    .execute();
  return id;
}

export interface MembershipSold {
  readonly orderId: string;
  readonly subscriptionIds: string[];
}

/** Sells a plan to a member at the desk, paid by cheque, an external tender (the studio taxes packs at 0). */
export async function sellPlan(
  studio: Pick<Studio, 'run'>,
  sale: { readonly memberId: string; readonly planId: string; readonly startDate: string },
  options: RunOptions = {},
): Promise<MembershipSold> {
  return resultOf<MembershipSold>(
    await studio.run(
      'pos.sale',
      {
        memberId: sale.memberId,
        lines: [
          { kind: 'membership', planId: sale.planId, startDate: sale.startDate, unitPrice: 9000 },
        ],
        tenders: [{ method: 'external', amount: 9000, reference: 'cheque 1' }],
      },
      options,
    ),
  );
}

/** What membership changes touch, to prove a refusal wrote nothing. */
export async function membershipFootprint(studio: Pick<Studio, 'db' | 'tenantId'>) {
  const rows = async (
    table:
      | 'subscriptions'
      | 'subscription_pauses'
      | 'subscription_scheduled_changes'
      | 'subscription_sales'
      | 'pos_orders'
      | 'bookings'
      | 'review_items'
      | 'audit_logs',
  ) =>
    (
      await studio.db
        .selectFrom(table)
        .selectAll()
        .where('tenant_id', '=', studio.tenantId)
        .execute()
    ).length;
  const statuses = await studio.db
    .selectFrom('subscriptions')
    .select(['id', 'status', 'plan_id', 'current_period_end'])
    .where('tenant_id', '=', studio.tenantId)
    .orderBy('id')
    .execute();
  return {
    subscriptions: await rows('subscriptions'),
    pauses: await rows('subscription_pauses'),
    changes: await rows('subscription_scheduled_changes'),
    sales: await rows('subscription_sales'),
    orders: await rows('pos_orders'),
    bookings: await rows('bookings'),
    reviews: await rows('review_items'),
    audit: await rows('audit_logs'),
    statuses,
  };
}

export function subscriptionRow(studio: Pick<Studio, 'db'>, id: string) {
  return studio.db
    .selectFrom('subscriptions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}
