import type Stripe from 'stripe';
import { isoAt } from '../../src-shared/time/clock';
import { headAfterWrites } from '../sync/committed-head';
import { inPaymentsTransaction, tenantStripe, type PaymentsContext } from './payments-context';
import { attachSavedCards, generatedCardOf, recordSavedCard } from './saved-cards';
// A cycle of functions only (terminal-service records saved cards on capture): safe.
import { FINAL_INTENT_STATUSES, writeIntentState } from './terminal-service';

/*
 * The follow-up of a push for cards saved for autopay (PROTOCOL.md R13.5): the sale it
 * brought may be the last of the two facts a membership's autopay waits for.
 */

/**
 * Intents that were to save a card, whose sale has arrived, but whose capture the server
 * never recorded (its reply was lost and the desk confirmed the payment by a refused cancel,
 * R8.2): Stripe is asked for each until its answer settles it. One that saved no card (a
 * digital wallet) or was canceled is marked given, to nobody, so it is not asked again.
 */
async function recoverUnrecordedCards(context: PaymentsContext, tenantId: string): Promise<void> {
  const unrecorded = await inPaymentsTransaction(context.tenants, tenantId, (trx) =>
    trx
      .selectFrom('card_payment_intents as i')
      .select('i.id')
      .where('i.tenant_id', '=', tenantId)
      .where('i.save_card_member_id', 'is not', null)
      .where('i.generated_card_id', 'is', null)
      .where('i.card_attached_at', 'is', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('payments as p')
            .select('p.id')
            .whereRef('p.tenant_id', '=', 'i.tenant_id')
            .whereRef('p.stripe_payment_intent_id', '=', 'i.id')
            .where('p.amount', '>', 0),
        ),
      )
      .limit(20)
      .execute(),
  );
  if (unrecorded.length === 0) return;
  const { stripe, account } = await tenantStripe(context, tenantId);
  for (const { id } of unrecorded) {
    let intent: Stripe.PaymentIntent;
    try {
      intent = await stripe.paymentIntents.retrieve(
        id,
        { expand: ['latest_charge'] },
        { stripeAccount: account },
      );
    } catch (error) {
      // Stripe unreachable: the next push's follow-up asks again.
      context.log.warn(
        { tenantId, paymentIntentId: id, error: error instanceof Error ? error.name : 'unknown' },
        'could not ask Stripe for the card saved for autopay',
      );
      continue;
    }
    // What Stripe says now: reconciliation can then match the desk's payment (R8.3).
    await inPaymentsTransaction(context.tenants, tenantId, (trx) =>
      writeIntentState(trx, context, tenantId, intent),
    );
    if (intent.status === 'succeeded' && generatedCardOf(intent) !== undefined) {
      await recordSavedCard(context, tenantId, intent);
      continue;
    }
    // Not captured yet: its capture records the card. Canceled, or captured without a card
    // to save: settled, with nothing to give.
    if (!FINAL_INTENT_STATUSES.has(intent.status)) continue;
    await inPaymentsTransaction(context.tenants, tenantId, (trx) =>
      trx
        .updateTable('card_payment_intents')
        .set({ card_attached_at: isoAt(context.clock), updated_at: isoAt(context.clock) })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute(),
    );
  }
}

/**
 * The follow-up of a push: give saved cards to the memberships it brought (asking Stripe
 * about captures the server never saw first); pokes desks.
 */
export async function attachTenantSavedCards(
  context: PaymentsContext,
  tenantId: string,
): Promise<void> {
  await recoverUnrecordedCards(context, tenantId);
  const position = await inPaymentsTransaction(context.tenants, tenantId, async (trx, server) =>
    (await attachSavedCards(trx, context, tenantId)) > 0 ? headAfterWrites(server, tenantId) : null,
  );
  if (position !== null) context.hub.publish(tenantId, position);
}
