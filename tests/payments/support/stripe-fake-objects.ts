import { randomBytes } from 'node:crypto';

/**
 * The Stripe objects the fake keeps, shaped as Stripe's API returns them (the fields the
 * server reads, and enough around them to be recognisable). No card numbers anywhere: a
 * card-present charge carries the brand and last four digits, as Stripe's does.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Letters only after the prefix, so an id never looks like a card number. */
export function stripeId(prefix: string): string {
  const bytes = randomBytes(24);
  let id = `${prefix}_`;
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length] ?? 'x';
  return id;
}

export interface StripeErrorBody {
  readonly type:
    | 'card_error'
    | 'invalid_request_error'
    | 'api_error'
    | 'idempotency_error'
    | 'authentication_error'
    | 'rate_limit_error';
  readonly code?: string;
  readonly decline_code?: string;
  readonly message: string;
  readonly param?: string;
  readonly payment_intent?: unknown;
}

/** A refusal in Stripe's wire shape: `{ error: { type, code, decline_code, message } }`. */
export class StripeFakeError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

export interface FakeCharge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  currency: string;
  paid: boolean;
  refunded: boolean;
  status: 'succeeded';
  payment_intent: string;
  metadata: Record<string, string>;
  payment_method_details: {
    type: 'card_present';
    card_present: {
      brand: string;
      last4: string;
      read_method: string;
      /** The reusable card saved from this one (`setup_future_usage`), else null. */
      generated_card: string | null;
    };
  };
  created: number;
  livemode: false;
}

export interface FakeIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  allowed_payment_method_types: string[];
  payment_method_types: string[];
  capture_method: string;
  client_secret: string;
  created: number;
  currency: string;
  status: string;
  last_payment_error: {
    type: string;
    code: string;
    decline_code: string;
    message: string;
  } | null;
  latest_charge: string | null;
  payment_method: string | null;
  /** The Customer the intent is for, and whether it saves the card (`setup_future_usage`). */
  customer: string | null;
  setup_future_usage: 'on_session' | 'off_session' | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  metadata: Record<string, string>;
  livemode: false;
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  charge: string;
  payment_intent: string;
  currency: string;
  status: 'succeeded';
  metadata: Record<string, string>;
  created: number;
}

export function newIntent(
  fields: Pick<FakeIntent, 'amount' | 'currency' | 'capture_method' | 'metadata'> & {
    readonly methods: string[];
  },
  created: number,
): FakeIntent {
  const id = stripeId('pi');
  return {
    id,
    object: 'payment_intent',
    amount: fields.amount,
    amount_capturable: 0,
    amount_received: 0,
    allowed_payment_method_types: fields.methods,
    payment_method_types: fields.methods,
    capture_method: fields.capture_method,
    client_secret: `${id}_secret_${stripeId('s').slice(2)}`,
    created,
    currency: fields.currency,
    status: 'requires_payment_method',
    last_payment_error: null,
    latest_charge: null,
    payment_method: null,
    customer: null,
    setup_future_usage: null,
    canceled_at: null,
    cancellation_reason: null,
    metadata: fields.metadata,
    livemode: false,
  };
}

export function newCharge(intent: FakeIntent, created: number): FakeCharge {
  return {
    id: stripeId('ch'),
    object: 'charge',
    amount: intent.amount,
    amount_captured: 0,
    amount_refunded: 0,
    captured: false,
    currency: intent.currency,
    paid: true,
    refunded: false,
    status: 'succeeded',
    payment_intent: intent.id,
    metadata: intent.metadata,
    payment_method_details: {
      type: 'card_present',
      card_present: {
        brand: 'visa',
        last4: '4242',
        read_method: 'contactless_emv',
        generated_card: null,
      },
    },
    created,
    livemode: false,
  };
}

/** Stripe's words for decline codes the tests use. */
export const DECLINE_MESSAGES: Readonly<Record<string, string>> = {
  insufficient_funds: 'Your card has insufficient funds.',
  generic_decline: 'Your card was declined.',
  expired_card: 'Your card has expired.',
};

export function unexpectedState(intent: FakeIntent, action: string, allowed: string) {
  return new StripeFakeError(400, {
    type: 'invalid_request_error',
    code: 'payment_intent_unexpected_state',
    message: `This PaymentIntent could not be ${action} because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be ${action}: ${allowed}.`,
    payment_intent: intent,
  });
}

export function missing(kind: string, id: string) {
  return new StripeFakeError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param: 'id',
    message: `No such ${kind}: '${id}'`,
  });
}

/** An event as Stripe's webhooks carry it (a snapshot of the object it is about). */
export interface FakeEvent {
  readonly id: string;
  readonly object: 'event';
  readonly api_version: string;
  readonly account: string;
  readonly created: number;
  readonly data: { readonly object: unknown };
  readonly livemode: false;
  readonly pending_webhooks: number;
  readonly request: { readonly id: null; readonly idempotency_key: null };
  readonly type: string;
}
