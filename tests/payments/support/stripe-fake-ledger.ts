import type { FormValue } from './stripe-form';
import {
  DECLINE_MESSAGES,
  missing,
  newCharge,
  newIntent,
  stripeId,
  StripeFakeError,
  unexpectedState,
  type FakeCharge,
  type FakeEvent,
  type FakeIntent,
  type FakeRefund,
} from './stripe-fake-objects';

/** Customers and saved cards, kept by the off-session part of the fake (R13.5). */
export interface SavedCardsKeeper {
  hasCustomer(id: string, account: string): boolean;
  generateCard(
    present: { readonly brand: string; readonly last4: string },
    charge: string,
    customer: string | null,
    account: string,
  ): { readonly id: string };
}

/** An intent whose `latest_charge` was expanded into the charge itself. */
export type ExpandedIntent = Omit<FakeIntent, 'latest_charge'> & { latest_charge: FakeCharge };

/**
 * What the Stripe fake knows: intents, charges and refunds per connected account, the
 * state changes Stripe makes to them, and the events those changes emit.
 */
export class StripeFakeLedger {
  private readonly intents = new Map<string, { account: string; intent: FakeIntent }>();
  private readonly charges = new Map<string, FakeCharge>();
  readonly refunds: FakeRefund[] = [];
  pendingEvents: FakeEvent[] = [];

  constructor(
    private readonly seconds: () => number,
    private readonly savedCards: () => SavedCardsKeeper,
  ) {}

  intent(id: string): FakeIntent | undefined {
    return this.intents.get(id)?.intent;
  }

  /** Keeps an intent made elsewhere (an off-session charge) so GET and cancel find it. */
  keep(intent: FakeIntent, account: string): void {
    this.intents.set(intent.id, { account, intent });
  }

  allIntents(): FakeIntent[] {
    return [...this.intents.values()].map((entry) => entry.intent);
  }

  /** The reader read a card and Stripe authorised (`approve`) or declined it. */
  presentCard(intentId: string, outcome: 'approve' | { readonly decline: string }): void {
    const entry = this.intents.get(intentId);
    if (!entry) throw new Error(`the fake has no intent ${intentId}`);
    const { intent, account } = entry;
    if (intent.status !== 'requires_payment_method') {
      throw new Error(`intent ${intentId} is ${intent.status}: no card can be presented`);
    }
    intent.payment_method = stripeId('pm');
    if (outcome === 'approve') {
      const charge = newCharge(intent, this.seconds());
      this.charges.set(charge.id, charge);
      if (intent.setup_future_usage !== null) {
        // Saving after payment: Stripe makes the reusable card as it authorises the card.
        const { brand, last4 } = charge.payment_method_details.card_present;
        const saved = this.savedCards().generateCard(
          { brand, last4 },
          charge.id,
          intent.customer,
          account,
        );
        charge.payment_method_details.card_present.generated_card = saved.id;
      }
      Object.assign(intent, {
        status: 'requires_capture',
        amount_capturable: intent.amount,
        latest_charge: charge.id,
        last_payment_error: null,
      });
      this.emit('payment_intent.amount_capturable_updated', intent, account);
      return;
    }
    intent.last_payment_error = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: outcome.decline,
      message: DECLINE_MESSAGES[outcome.decline] ?? 'Your card was declined.',
    };
    this.emit('payment_intent.payment_failed', intent, account);
  }

  private emit(type: string, object: FakeIntent | FakeCharge, account: string): void {
    // A snapshot: later changes to the object do not rewrite an event already queued.
    const snapshot: unknown = JSON.parse(JSON.stringify(object));
    const event: FakeEvent = {
      id: stripeId('evt'),
      object: 'event',
      api_version: '2026-10-28.endive',
      account,
      created: this.seconds(),
      data: { object: snapshot },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    this.pendingEvents.push(event);
  }

  create(params: Record<string, FormValue>, account: string): FakeIntent {
    const known = new Set([
      'amount',
      'currency',
      'capture_method',
      'allowed_payment_method_types',
      'metadata',
      'customer',
      'setup_future_usage',
    ]);
    for (const name of Object.keys(params)) {
      if (!known.has(name)) throw invalid(`Received unknown parameter: ${name}`, name);
    }
    const amount = Number(params['amount']);
    if (!Number.isInteger(amount) || amount < 1) throw invalid('Invalid integer', 'amount');
    const currency = params['currency'];
    if (typeof currency !== 'string' || !/^[a-z]{3}$/.test(currency)) {
      throw invalid('Invalid currency', 'currency');
    }
    const methods = params['allowed_payment_method_types'];
    const metadata = params['metadata'];
    const intent = newIntent(
      {
        amount,
        currency,
        capture_method:
          typeof params['capture_method'] === 'string' ? params['capture_method'] : 'automatic',
        methods: Array.isArray(methods) ? methods.filter((m) => typeof m === 'string') : ['card'],
        metadata: stringRecord(metadata),
      },
      this.seconds(),
    );
    const customer = params['customer'];
    if (customer !== undefined) {
      if (typeof customer !== 'string' || !this.savedCards().hasCustomer(customer, account)) {
        throw missing('customer', typeof customer === 'string' ? customer : '');
      }
      intent.customer = customer;
    }
    const future = params['setup_future_usage'];
    if (future !== undefined) {
      if (future !== 'off_session' && future !== 'on_session') {
        throw invalid(
          'Invalid setup_future_usage: must be one of on_session or off_session',
          'setup_future_usage',
        );
      }
      intent.setup_future_usage = future;
    }
    this.intents.set(intent.id, { account, intent });
    return intent;
  }

  own(params: Record<string, FormValue>, account: string): FakeIntent {
    const id = typeof params['id'] === 'string' ? params['id'] : '';
    const entry = this.intents.get(id);
    // Another account's object does not exist as far as this account can tell.
    if (!entry || entry.account !== account) throw missing('payment_intent', id);
    return entry.intent;
  }

  /**
   * The intent as a reply shows it: with `expand[]=latest_charge` its charge is the whole
   * object (whose `payment_method_details.card_present` names the card), as Stripe's API
   * expands it; any other expansion is refused as Stripe refuses one it does not offer.
   */
  expanded(params: Record<string, FormValue>, act: () => FakeIntent): FakeIntent | ExpandedIntent {
    const expand = params['expand'];
    const fields = Array.isArray(expand) ? expand : expand === undefined ? [] : [expand];
    // Checked before the action, as Stripe refuses the request before acting on it.
    for (const field of fields) {
      if (field !== 'latest_charge') {
        throw invalid(`This property cannot be expanded (${JSON.stringify(field)}).`, 'expand');
      }
    }
    const intent = act();
    if (fields.length === 0 || intent.latest_charge === null) return intent;
    const charge = this.charges.get(intent.latest_charge);
    return charge ? { ...intent, latest_charge: charge } : intent;
  }

  capture(params: Record<string, FormValue>, account: string): FakeIntent {
    const intent = this.own(params, account);
    if (intent.status !== 'requires_capture') {
      throw unexpectedState(intent, 'captured', 'requires_capture');
    }
    const charge =
      intent.latest_charge === null ? undefined : this.charges.get(intent.latest_charge);
    Object.assign(intent, {
      status: 'succeeded',
      amount_received: intent.amount_capturable,
      amount_capturable: 0,
    });
    if (charge) Object.assign(charge, { captured: true, amount_captured: intent.amount_received });
    this.emit('payment_intent.succeeded', intent, account);
    return intent;
  }

  cancel(params: Record<string, FormValue>, account: string): FakeIntent {
    const intent = this.own(params, account);
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      throw unexpectedState(
        intent,
        'canceled',
        'requires_payment_method, requires_capture, requires_confirmation, requires_action, processing',
      );
    }
    Object.assign(intent, {
      status: 'canceled',
      amount_capturable: 0,
      canceled_at: this.seconds(),
      cancellation_reason:
        typeof params['cancellation_reason'] === 'string' ? params['cancellation_reason'] : null,
    });
    this.emit('payment_intent.canceled', intent, account);
    return intent;
  }

  refund(params: Record<string, FormValue>, account: string): FakeRefund {
    const intentId = params['payment_intent'];
    if (typeof intentId !== 'string')
      throw invalid('Missing required param: payment_intent.', 'payment_intent');
    const intent = this.own({ id: intentId }, account);
    const charge =
      intent.latest_charge === null ? undefined : this.charges.get(intent.latest_charge);
    if (intent.status !== 'succeeded' || !charge) {
      throw invalid(
        `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
        'payment_intent',
      );
    }
    const remaining = charge.amount_captured - charge.amount_refunded;
    const amount = params['amount'] === undefined ? remaining : Number(params['amount']);
    if (remaining === 0) {
      throw new StripeFakeError(400, {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: `Charge ${charge.id} has already been refunded.`,
      });
    }
    if (!Number.isInteger(amount) || amount < 1 || amount > remaining) {
      throw invalid(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
        'amount',
      );
    }
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount_captured;
    const refund: FakeRefund = {
      id: stripeId('re'),
      object: 'refund',
      amount,
      charge: charge.id,
      payment_intent: intent.id,
      currency: intent.currency,
      status: 'succeeded',
      metadata: stringRecord(params['metadata']),
      created: this.seconds(),
    };
    this.refunds.push(refund);
    this.emit('charge.refunded', charge, account);
    return refund;
  }
}

function invalid(message: string, param: string) {
  return new StripeFakeError(400, { type: 'invalid_request_error', message, param });
}

function stringRecord(value: FormValue | undefined): Record<string, string> {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}
