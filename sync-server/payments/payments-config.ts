import Stripe from 'stripe';

/**
 * How the sync server reaches Stripe. Both secrets come from the operator's environment and
 * are never logged or stored. `api` points the SDK elsewhere (tests: a local fake of the
 * endpoints used); by default it talks to api.stripe.com over HTTPS.
 */
export interface PaymentsOptions {
  /** The platform's secret key (`sk_live_…`/`sk_test_…`); intents go to connected accounts. */
  readonly secretKey: string;
  /** The Connect webhook endpoint's signing secret (`whsec_…`). */
  readonly webhookSecret: string;
  readonly api?: {
    readonly host: string;
    readonly port: number;
    readonly protocol: 'http' | 'https';
  };
  /** The SDK's own retries of a dropped connection, with the same idempotency key. */
  readonly maxNetworkRetries?: number;
  readonly timeoutMs?: number;
  /** Seconds a webhook's signature timestamp may be old (Stripe's default: 300). */
  readonly webhookToleranceSeconds?: number;
}

export function createStripeClient(options: PaymentsOptions): Stripe {
  return new Stripe(options.secretKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    // Latency telemetry would send request ids of one call in the headers of the next.
    telemetry: false,
    ...(options.api ?? {}),
  });
}

/**
 * Card payments as the operator configured them in the environment: both
 * `STRIPE_SECRET_KEY` and `STRIPE_WEBHOOK_SECRET`, or neither (cards then answer
 * "not configured" and every other tender works).
 */
export function paymentsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): PaymentsOptions | undefined {
  const secretKey = env['STRIPE_SECRET_KEY'];
  const webhookSecret = env['STRIPE_WEBHOOK_SECRET'];
  if (!secretKey && !webhookSecret) return undefined;
  if (!secretKey?.startsWith('sk_') || !webhookSecret?.startsWith('whsec_')) {
    throw new Error(
      'card payments need both STRIPE_SECRET_KEY (sk_…) and STRIPE_WEBHOOK_SECRET (whsec_…); set both or neither',
    );
  }
  return { secretKey, webhookSecret };
}
