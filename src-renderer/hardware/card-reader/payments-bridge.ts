import { DeskBridgeError } from '../../../src-shared/bridge/desk-bridge';
import type {
  DeskMethod,
  DeskMethodArgs,
  DeskMethodResults,
} from '../../../src-shared/bridge/desk-methods';
import type { CollectOutcome, CollectRequest } from './payment-terminal';

export type PaymentMethodName = Extract<DeskMethod, `payments.${string}`>;

/** The part of the desk bridge a payment terminal uses; a DeskBridge is one. */
export interface PaymentsBridge {
  invoke<M extends PaymentMethodName>(
    method: M,
    args: DeskMethodArgs<M>,
  ): Promise<DeskMethodResults[M]>;
}

export function codeOf(error: unknown): string {
  return error instanceof DeskBridgeError ? error.code : 'internal';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Codes after which the server may or may not have acted: asking again is the way to know. */
const UNCERTAIN = new Set(['offline', 'stripe_unreachable', 'stripe_failed', 'internal']);

/**
 * The last step of every collect, real reader or fake: capture the authorised intent
 * through the desk, and say `succeeded` only when the server confirms the capture.
 *
 * A capture whose reply was lost is asked once more (capturing twice is harmless). If it
 * still cannot be confirmed, the intent is canceled so no authorisation is left on the
 * card; a cancel refused as `already_captured` is itself the confirmation that the money
 * was taken (the card then goes unnamed: only a capture's reply names it). Anything else is
 * `failed`: the sale is not recorded as paid.
 */
export async function confirmCapture(
  bridge: PaymentsBridge,
  paymentIntentId: string,
): Promise<CollectOutcome> {
  let reason = 'the studio server did not confirm it';
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const captured = await bridge.invoke('payments.capture', { paymentIntentId });
      if (captured.status === 'succeeded') {
        return {
          status: 'succeeded',
          paymentIntentId,
          ...(captured.card && { card: captured.card }),
        };
      }
      reason = `Stripe says it is ${captured.status}`;
      break;
    } catch (error) {
      if (codeOf(error) === 'card_declined') {
        return { status: 'declined', message: messageOf(error) };
      }
      reason = messageOf(error);
      if (!UNCERTAIN.has(codeOf(error))) break;
    }
  }
  try {
    await bridge.invoke('payments.cancel', { paymentIntentId });
  } catch (error) {
    if (codeOf(error) === 'already_captured') return { status: 'succeeded', paymentIntentId };
  }
  return {
    status: 'failed',
    message: `The card payment could not be confirmed (${reason}), so it was not recorded. Take another tender or try again.`,
  };
}

/** Starts a PaymentIntent for the checkout, or the outcome that says why it could not. */
export async function startIntent(
  bridge: PaymentsBridge,
  request: CollectRequest,
): Promise<DeskMethodResults['payments.createIntent'] | CollectOutcome> {
  try {
    return await bridge.invoke('payments.createIntent', {
      amount: request.amount,
      checkoutId: request.checkoutId,
      ...(request.saveCardFor ? { saveCardFor: request.saveCardFor } : {}),
    });
  } catch (error) {
    return { status: 'failed', message: messageOf(error) };
  }
}
