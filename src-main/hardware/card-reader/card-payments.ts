import { z } from 'zod';
import {
  deskMethodArgs,
  type DeskMethodArgs,
  type DeskMethodResults,
} from '../../../src-shared/bridge/desk-methods';
import { cardDetailsSchema } from '../../../src-shared/mutations/front-desk/card-details';
import { errorResponseSchema } from '../../../src-shared/protocol/sync-messages';
import type { Desk } from '../../store/open-desk';

/** Why the card tender is unavailable offline: Stripe Terminal's JS SDK needs the internet. */
export const CARD_OFFLINE_REASON =
  'The card reader needs the internet; take cash, gift card or external instead.';

/**
 * A card call refused, with a stable code (`offline`, `card_declined`, `payments_not_set_up`,
 * `stripe_unreachable`, …) and a sentence for staff, which the desk host passes on to the
 * screen unchanged (bridge/host-errors.ts).
 */
export class DeskPaymentsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeskPaymentsError';
  }
}

/**
 * Card payments through the studio's server (the card reader itself is in the renderer):
 * the desk host's payments port, declared here so the host depends on payments, not back.
 */
export interface DeskPayments {
  status(): Promise<DeskMethodResults['payments.status']>;
  connectionToken(): Promise<DeskMethodResults['payments.connectionToken']>;
  createIntent(
    args: DeskMethodArgs<'payments.createIntent'>,
  ): Promise<DeskMethodResults['payments.createIntent']>;
  capture(args: DeskMethodArgs<'payments.capture'>): Promise<DeskMethodResults['payments.capture']>;
  cancel(args: DeskMethodArgs<'payments.cancel'>): Promise<DeskMethodResults['payments.cancel']>;
}

export interface DeskPaymentsOptions {
  readonly fetchImpl?: typeof fetch;
  /** The desk's last word on the connection (the sync engine's): no call is tried offline. */
  readonly isOnline: () => boolean;
  /** A card call waits this long for the server (which waits for Stripe). */
  readonly timeoutMs?: number;
}

// The server's replies (sync-server/http/payment-routes.ts), checked before use.
const statusReply = z.object({ available: z.boolean(), reason: z.string().nullable() });
const tokenReply = z.object({ secret: z.string().min(1) });
const intentReply = z.object({
  paymentIntentId: z.string().regex(/^pi_\w+$/),
  clientSecret: z.string().min(1),
});
const intentStatusReply = z.object({
  paymentIntentId: z.string().regex(/^pi_\w+$/),
  status: z.string().min(1),
});
/**
 * A capture also names the card. Card details that do not read as such are dropped, not
 * refused: the money was taken, and the sale is recorded with the card unnamed.
 */
const captureReply = intentStatusReply.extend({
  card: cardDetailsSchema.optional().catch(undefined),
});

function parseArgs<S extends z.ZodType>(schema: S, args: unknown): z.output<S> {
  const parsed = schema.safeParse(args);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.map(String).join('.') || 'args'}: ${i.message}`,
    );
    throw new DeskPaymentsError('invalid', issues.join('; '));
  }
  return parsed.data;
}

/**
 * Card payments as the desk core offers them to the renderer (`payments.*`). The card reader
 * and Stripe's SDK live in the renderer; this side only asks the studio's server, with the
 * desk's device token, for connection tokens and PaymentIntents. Offline nothing is tried:
 * the card tender is shown unavailable, and every call fails with `offline`.
 */
export function createDeskPayments(desk: Desk, options: DeskPaymentsOptions): DeskPayments {
  const fetchImpl = options.fetchImpl ?? fetch;

  async function send<T>(
    path: string,
    schema: z.ZodType<T>,
    request: { readonly payload?: unknown; readonly timeoutMs?: number } = {},
  ): Promise<T> {
    const identity = desk.identity;
    if (!identity) {
      throw new DeskPaymentsError('not_enrolled', 'This desk is not enrolled with a studio yet.');
    }
    if (!options.isOnline()) throw new DeskPaymentsError('offline', CARD_OFFLINE_REASON);
    const post = request.payload !== undefined;
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(new URL(path, identity.serverUrl), {
        method: post ? 'POST' : 'GET',
        headers: {
          authorization: `Bearer ${identity.deviceToken}`,
          ...(post ? { 'content-type': 'application/json' } : {}),
        },
        ...(post ? { body: JSON.stringify(request.payload) } : {}),
        signal: AbortSignal.timeout(request.timeoutMs ?? options.timeoutMs ?? 30_000),
      });
      text = await response.text();
    } catch {
      // Unreachable, or the reply was lost: the caller cannot know whether the server acted,
      // which is why captures are retried (harmless) and never assumed.
      throw new DeskPaymentsError('offline', CARD_OFFLINE_REASON);
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const refusal = errorResponseSchema.safeParse(body);
      if (refusal.success) throw new DeskPaymentsError(refusal.data.error, refusal.data.message);
      throw new DeskPaymentsError(
        'server_error',
        `The studio's server answered ${response.status}; take another tender or try again.`,
      );
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new DeskPaymentsError(
        'malformed_reply',
        "The studio's server sent an unreadable reply.",
      );
    }
    return parsed.data;
  }

  return {
    async status() {
      if (!desk.identity) {
        return { available: false, reason: 'This desk is not enrolled with a studio yet.' };
      }
      if (!options.isOnline()) return { available: false, reason: CARD_OFFLINE_REASON };
      try {
        return await send('/v1/payments/status', statusReply, { timeoutMs: 5_000 });
      } catch (error) {
        return {
          available: false,
          reason: error instanceof DeskPaymentsError ? error.message : CARD_OFFLINE_REASON,
        };
      }
    },
    connectionToken: () => send('/v1/payments/connection-token', tokenReply, { payload: {} }),
    async createIntent(args) {
      const { amount, checkoutId, saveCardFor } = parseArgs(
        deskMethodArgs['payments.createIntent'],
        args,
      );
      // saveCardFor (R13.5) goes only when asked: the server keeps it with the intent.
      return send('/v1/payments/intents', intentReply, {
        payload: { amount, checkoutId, ...(saveCardFor ? { saveCardFor } : {}) },
      });
    },
    async capture(args) {
      const { paymentIntentId } = parseArgs(deskMethodArgs['payments.capture'], args);
      return send(`/v1/payments/intents/${paymentIntentId}/capture`, captureReply, {
        payload: {},
      });
    },
    async cancel(args) {
      const { paymentIntentId } = parseArgs(deskMethodArgs['payments.cancel'], args);
      return send(`/v1/payments/intents/${paymentIntentId}/cancel`, intentStatusReply, {
        payload: {},
      });
    },
  };
}
