import type { FormValue } from './stripe-form';
import {
  DECLINE_MESSAGES,
  missing,
  newIntent,
  stripeId,
  StripeFakeError,
  type FakeIntent,
} from './stripe-fake-objects';

/**
 * Saved cards charged off-session (issue 18, renewal billing), as Stripe's API does it on a
 * connected account: customers (`POST /v1/customers`), a card attached to one
 * (`POST /v1/payment_methods/:id/attach`, or `payment_method` on the customer's create), and
 * a PaymentIntent created with `confirm=true&off_session=true`, which Stripe charges at once:
 * `succeeded`, or a 402 `card_error` whose body carries the intent it left
 * `requires_payment_method`.
 *
 * Cards come from Stripe's test PaymentMethods, which behave as Stripe documents them:
 * attaching `pm_card_visa` makes a new `pm_…` on the account that charges;
 * `pm_card_chargeCustomerFail` attaches and then declines every charge; and
 * `pm_card_chargeDeclined` (`…InsufficientFunds`) is declined already when attached, and
 * declines a charge made with it directly. `declineFrom(pm, code)` makes a saved card start
 * declining (it expired, the account ran dry) and `approveFrom(pm)` mends it.
 */
export interface FakeCustomer {
  id: string;
  object: 'customer';
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  invoice_settings: { default_payment_method: string | null };
  created: number;
  livemode: false;
}

export interface FakePaymentMethod {
  id: string;
  object: 'payment_method';
  type: 'card';
  customer: string | null;
  card: {
    brand: string;
    last4: string;
    exp_month: number;
    exp_year: number;
    /** A card saved after a Terminal payment names the charge it came from (`generated_card`). */
    generated_from?: {
      charge: string;
      payment_method_details: {
        type: 'card_present';
        card_present: { brand: string; last4: string };
      };
      setup_attempt: null;
    };
  };
  created: number;
  livemode: false;
}

/** What an off-session charge did, for tests that count charges. */
export interface OffSessionCharge {
  readonly account: string;
  readonly intent: FakeIntent;
}

type Route = {
  method: string;
  path: RegExp;
  handler: (params: Record<string, FormValue>, account: string) => unknown;
};

interface TestCard {
  readonly last4: string;
  /** Declined already when attached to a customer (Stripe checks the card then). */
  readonly attaches: boolean;
  /** The decline code of every charge; null: charges succeed. */
  readonly decline: string | null;
}

const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: { last4: '4242', attaches: true, decline: null },
  pm_card_chargeCustomerFail: { last4: '0341', attaches: true, decline: 'generic_decline' },
  pm_card_chargeDeclined: { last4: '0002', attaches: false, decline: 'generic_decline' },
  pm_card_chargeDeclinedInsufficientFunds: {
    last4: '9995',
    attaches: false,
    decline: 'insufficient_funds',
  },
};

const KNOWN_INTENT_PARAMS = new Set([
  'amount',
  'currency',
  'customer',
  'payment_method',
  'off_session',
  'confirm',
  'description',
  'metadata',
]);

export class StripeFakeOffSession {
  private readonly customers = new Map<string, { account: string; customer: FakeCustomer }>();
  private readonly methods = new Map<string, { account: string; method: FakePaymentMethod }>();
  /** The decline code each saved card answers with now; absent: approves. */
  private readonly declines = new Map<string, string>();
  /** Every off-session PaymentIntent made, in order (replays of a key make none). */
  readonly charges: OffSessionCharge[] = [];

  constructor(
    private readonly seconds: () => number,
    /** Lets the ledger keep the intent, so GET and cancel find it like any other. */
    private readonly keep: (intent: FakeIntent, account: string) => void,
  ) {}

  declineFrom(paymentMethodId: string, code: string): void {
    this.declines.set(paymentMethodId, code);
  }

  approveFrom(paymentMethodId: string): void {
    this.declines.delete(paymentMethodId);
  }

  /** Whether `id` is a customer of `account` (a Terminal intent may name one, R13.5). */
  hasCustomer(id: string, account: string): boolean {
    return this.customers.get(id)?.account === account;
  }

  /** The saved card a reusable PaymentMethod is, as a test reads it; undefined if none. */
  method(id: string): FakePaymentMethod | undefined {
    return this.methods.get(id)?.method;
  }

  /**
   * Saving a card after a Terminal payment (`setup_future_usage` on a card-present intent):
   * Stripe makes a reusable `card` PaymentMethod from the card present, attached to the
   * intent's customer, and names it in the charge's `card_present.generated_card`. It
   * charges off-session like any saved card.
   */
  generateCard(
    present: { readonly brand: string; readonly last4: string },
    charge: string,
    customer: string | null,
    account: string,
  ): FakePaymentMethod {
    const method: FakePaymentMethod = {
      id: stripeId('pm'),
      object: 'payment_method',
      type: 'card',
      customer,
      card: {
        brand: present.brand,
        last4: present.last4,
        exp_month: 12,
        exp_year: 2034,
        generated_from: {
          charge,
          payment_method_details: { type: 'card_present', card_present: { ...present } },
          setup_attempt: null,
        },
      },
      created: this.seconds(),
      livemode: false,
    };
    this.methods.set(method.id, { account, method });
    return method;
  }

  routes(): Route[] {
    return [
      { method: 'POST', path: /^\/v1\/customers$/, handler: (p, a) => this.createCustomer(p, a) },
      {
        method: 'POST',
        path: /^\/v1\/payment_methods\/([^/]+)\/attach$/,
        handler: (p, a) => this.attach(p, a),
      },
    ];
  }

  /** `POST /v1/payment_intents` with `confirm=true`: charge the saved card now. */
  createConfirmed(params: Record<string, FormValue>, account: string): FakeIntent {
    for (const name of Object.keys(params)) {
      if (!KNOWN_INTENT_PARAMS.has(name))
        throw invalid(`Received unknown parameter: ${name}`, name);
    }
    const amount = Number(params['amount']);
    if (!Number.isInteger(amount) || amount < 1) throw invalid('Invalid integer', 'amount');
    const currency = params['currency'];
    if (typeof currency !== 'string' || !/^[a-z]{3}$/.test(currency)) {
      throw invalid('Invalid currency', 'currency');
    }
    const methodId = this.chargedMethod(params, account);
    if (params['off_session'] !== 'true') {
      throw invalid('This test fake charges saved cards off-session only.', 'off_session');
    }
    const intent = newIntent(
      {
        amount,
        currency,
        capture_method: 'automatic',
        methods: ['card'],
        metadata: stringRecord(params['metadata']),
      },
      this.seconds(),
    );
    intent.payment_method = methodId;
    this.keep(intent, account);
    this.charges.push({ account, intent });
    const decline = this.declines.get(methodId);
    if (decline !== undefined) {
      const message = DECLINE_MESSAGES[decline] ?? 'Your card was declined.';
      intent.last_payment_error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: decline,
        message,
      };
      throw new StripeFakeError(402, {
        type: 'card_error',
        code: 'card_declined',
        decline_code: decline,
        message,
        payment_intent: JSON.parse(JSON.stringify(intent)) as unknown,
      });
    }
    Object.assign(intent, {
      status: 'succeeded',
      amount_received: amount,
      latest_charge: stripeId('ch'),
    });
    return intent;
  }

  /**
   * The saved card a charge names: attached to the named customer; or, with no customer, a
   * test card used once (made into a PaymentMethod of its own, as Stripe does).
   */
  private chargedMethod(params: Record<string, FormValue>, account: string): string {
    const methodId = text(params['payment_method']);
    const test = TEST_CARDS[methodId];
    if (params['customer'] === undefined && test !== undefined) {
      return this.materialise(test, null, account).id;
    }
    const customer = this.ownCustomer(text(params['customer']), account);
    const method = this.methods.get(methodId);
    if (!method || method.account !== account) throw missing('payment_method', methodId);
    if (method.method.customer !== customer.id) {
      throw invalid(
        `The provided PaymentMethod ${methodId} does not belong to the Customer ${customer.id}.`,
        'payment_method',
      );
    }
    return methodId;
  }

  private createCustomer(params: Record<string, FormValue>, account: string): FakeCustomer {
    const customer: FakeCustomer = {
      id: stripeId('cus'),
      object: 'customer',
      email: typeof params['email'] === 'string' ? params['email'] : null,
      name: typeof params['name'] === 'string' ? params['name'] : null,
      metadata: stringRecord(params['metadata']),
      invoice_settings: { default_payment_method: null },
      created: this.seconds(),
      livemode: false,
    };
    this.customers.set(customer.id, { account, customer });
    const methodId = params['payment_method'];
    if (typeof methodId === 'string') {
      const method = this.attach({ id: methodId, customer: customer.id }, account);
      customer.invoice_settings.default_payment_method = method.id;
    }
    return customer;
  }

  private attach(params: Record<string, FormValue>, account: string): FakePaymentMethod {
    const customer = this.ownCustomer(text(params['customer']), account);
    const id = text(params['id']);
    const test = TEST_CARDS[id];
    if (test === undefined) {
      const saved = this.methods.get(id);
      if (!saved || saved.account !== account) throw missing('payment_method', id);
      saved.method.customer = customer.id;
      return saved.method;
    }
    if (!test.attaches) {
      throw new StripeFakeError(402, {
        type: 'card_error',
        code: 'card_declined',
        decline_code: test.decline ?? 'generic_decline',
        message: DECLINE_MESSAGES[test.decline ?? ''] ?? 'Your card was declined.',
        param: '',
      });
    }
    return this.materialise(test, customer.id, account);
  }

  /** A test card is a template: each use makes a PaymentMethod of its own. */
  private materialise(test: TestCard, customer: string | null, account: string) {
    const method: FakePaymentMethod = {
      id: stripeId('pm'),
      object: 'payment_method',
      type: 'card',
      customer,
      card: { brand: 'visa', last4: test.last4, exp_month: 12, exp_year: 2034 },
      created: this.seconds(),
      livemode: false,
    };
    this.methods.set(method.id, { account, method });
    if (test.decline !== null) this.declines.set(method.id, test.decline);
    return method;
  }

  private ownCustomer(id: string, account: string): FakeCustomer {
    const entry = this.customers.get(id);
    // Another account's customer does not exist as far as this account can tell.
    if (!entry || entry.account !== account) throw missing('customer', id);
    return entry.customer;
  }
}

function text(value: FormValue | undefined): string {
  return typeof value === 'string' ? value : '';
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
