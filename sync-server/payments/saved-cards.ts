import type Stripe from 'stripe';
import { cardDetailsFrom } from '../../src-shared/mutations/front-desk/card-details';
import { isoAt } from '../../src-shared/time/clock';
import { headAfterWrites } from '../sync/committed-head';
import { ServiceError } from '../support/service-error';
import {
  inPaymentsTransaction,
  type PaymentsContext,
  type PaymentsTransaction,
  type TenantStripe,
} from './payments-context';
import { refusalFromStripe } from './stripe-refusals';

/**
 * Cards saved at the desk for a membership's autopay (issue 18, PROTOCOL.md R13.5), the way
 * Stripe Terminal saves a card after a payment: the card-present PaymentIntent is made with
 * the member's Customer and `setup_future_usage: off_session`; once captured, its charge's
 * `payment_method_details.card_present.generated_card` is a reusable card PaymentMethod on
 * that Customer. The subscriptions the sale started get it when both the capture and the
 * sale (a push, possibly much later) have reached the server, whichever comes last.
 */

/**
 * The member's Customer on the studio's connected account: the one made before, or a new
 * one. Stripe's idempotency key is per member and account, so two desks saving a card for
 * one member at once get one Customer. It carries only our ids, no name or email.
 */
export async function customerForMember(
  context: PaymentsContext,
  tenantId: string,
  tenant: TenantStripe,
  memberId: string,
): Promise<string> {
  const known = await inPaymentsTransaction(context.tenants, tenantId, async (trx) => {
    const member = await trx
      .selectFrom('tenant_members')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', memberId)
      .executeTakeFirst();
    if (!member) {
      throw new ServiceError(
        404,
        'unknown_member',
        `This studio has no member ${memberId} to save a card for; nothing was started.`,
      );
    }
    return trx
      .selectFrom('stripe_customers')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('stripe_account_id', '=', tenant.account)
      .where('member_id', '=', memberId)
      .executeTakeFirst();
  });
  if (known) return known.id;
  let customer: Stripe.Customer;
  try {
    customer = await tenant.stripe.customers.create(
      { metadata: { tenant_id: tenantId, member_id: memberId } },
      {
        stripeAccount: tenant.account,
        idempotencyKey: `studio-desk:customer:${tenantId}:${tenant.account}:${memberId}`,
      },
    );
  } catch (error) {
    throw refusalFromStripe(error, "saving the member's card");
  }
  await inPaymentsTransaction(context.tenants, tenantId, (trx) =>
    trx
      .insertInto('stripe_customers')
      .values({
        tenant_id: tenantId,
        stripe_account_id: tenant.account,
        member_id: memberId,
        id: customer.id,
        created_at: isoAt(context.clock),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'stripe_account_id', 'member_id']).doNothing())
      .execute(),
  );
  return customer.id;
}

/** The reusable card a captured, expanded intent's charge generated, with its brand and last 4. */
export function generatedCardOf(
  intent: Stripe.PaymentIntent,
): { id: string; brand: string; last4: string | null } | undefined {
  const charge = intent.latest_charge;
  if (charge === null || typeof charge === 'string') return undefined;
  const present = charge.payment_method_details?.card_present;
  const id = present?.generated_card;
  if (!present || typeof id !== 'string' || !/^pm_[A-Za-z0-9_]+$/.test(id)) return undefined;
  const named = cardDetailsFrom({ brand: present.brand, last4: present.last4 });
  return { id, brand: named?.brand ?? 'card', last4: named?.last4 ?? null };
}

/**
 * Records the card a captured intent saved (when it was asked to save one), then gives it
 * to the sale's subscriptions if the sale is already here. Pokes desks when a membership
 * went on autopay. A capture without a generated card (a digital wallet, which Stripe does
 * not save) leaves the membership off autopay.
 */
export async function recordSavedCard(
  context: PaymentsContext,
  tenantId: string,
  intent: Stripe.PaymentIntent,
): Promise<void> {
  const card = generatedCardOf(intent);
  if (intent.status !== 'succeeded' || card === undefined) return;
  const position = await inPaymentsTransaction(context.tenants, tenantId, async (trx, server) => {
    await trx
      .updateTable('card_payment_intents')
      .set({
        generated_card_id: card.id,
        saved_card_brand: card.brand,
        saved_card_last4: card.last4,
        updated_at: isoAt(context.clock),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', intent.id)
      .where('save_card_member_id', 'is not', null)
      .where('generated_card_id', 'is', null)
      .execute();
    return (await attachSavedCards(trx, context, tenantId)) > 0
      ? headAfterWrites(server, tenantId)
      : null;
  });
  if (position !== null) context.hub.publish(tenantId, position);
}

/**
 * Gives every saved card whose sale has arrived to the memberships that sale started for the
 * member the card was saved for: the subscription's server-only Stripe ids (which renewal
 * billing charges, R14) and a `subscription_autopay` row desks show. Each intent is given
 * once (`card_attached_at`), so a membership whose autopay was later turned off is not put
 * back on by a later push. A membership already ended gets nothing. Returns how many
 * memberships went on autopay.
 */
export async function attachSavedCards(
  trx: PaymentsTransaction,
  context: PaymentsContext,
  tenantId: string,
): Promise<number> {
  const now = isoAt(context.clock);
  const ready = await trx
    .selectFrom('card_payment_intents as i')
    .innerJoin('payments as p', (j) =>
      j.onRef('p.tenant_id', '=', 'i.tenant_id').onRef('p.stripe_payment_intent_id', '=', 'i.id'),
    )
    .select([
      'i.id',
      'i.save_card_member_id',
      'i.stripe_customer_id',
      'i.generated_card_id',
      'i.saved_card_brand',
      'i.saved_card_last4',
      'p.order_id',
    ])
    .where('i.tenant_id', '=', tenantId)
    .where('i.status', '=', 'succeeded')
    .where('i.generated_card_id', 'is not', null)
    .where('i.card_attached_at', 'is', null)
    .where('p.method', '=', 'card')
    .where('p.amount', '>', 0)
    .orderBy('i.created_at')
    .execute();
  let attached = 0;
  for (const intent of ready) {
    const memberId = intent.save_card_member_id;
    const customerId = intent.stripe_customer_id;
    const cardId = intent.generated_card_id;
    if (memberId === null || customerId === null || cardId === null) continue;
    const sold = await trx
      .selectFrom('pos_order_items as item')
      .innerJoin('subscription_sales as sale', (j) =>
        j
          .onRef('sale.tenant_id', '=', 'item.tenant_id')
          .onRef('sale.order_item_id', '=', 'item.id'),
      )
      .innerJoin('subscriptions as s', (j) =>
        j.onRef('s.tenant_id', '=', 'sale.tenant_id').onRef('s.id', '=', 'sale.subscription_id'),
      )
      .select('s.id')
      .where('item.tenant_id', '=', tenantId)
      .where('item.order_id', '=', intent.order_id)
      .where('s.member_id', '=', memberId)
      .where('s.status', 'not in', ['canceled', 'expired'])
      .execute();
    for (const subscription of sold) {
      await trx
        .updateTable('subscriptions')
        .set({ stripe_customer_id: customerId, stripe_payment_method_id: cardId })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', subscription.id)
        .execute();
      await trx
        .insertInto('subscription_autopay')
        .values({
          tenant_id: tenantId,
          subscription_id: subscription.id,
          card_brand: intent.saved_card_brand ?? 'card',
          card_last4: intent.saved_card_last4,
          created_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'subscription_id']).doUpdateSet({
            card_brand: intent.saved_card_brand ?? 'card',
            card_last4: intent.saved_card_last4,
          }),
        )
        .execute();
      attached++;
    }
    await trx
      .updateTable('card_payment_intents')
      .set({ card_attached_at: now, updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', intent.id)
      .execute();
  }
  return attached;
}
