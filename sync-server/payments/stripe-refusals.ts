import Stripe from 'stripe';
import { ServiceError } from '../support/service-error';

/** Said whenever a card cannot be taken right now, so staff know what still works. */
export const OTHER_TENDERS = 'Take cash, a gift card or an external payment instead.';

/** Stripe's decline codes, said the way staff can repeat them to the customer. */
const DECLINE_REASONS: Readonly<Record<string, string>> = {
  insufficient_funds: 'insufficient funds',
  do_not_honor: 'the bank did not approve it',
  generic_decline: 'the bank did not approve it',
  expired_card: 'the card has expired',
  incorrect_pin: 'the PIN was wrong',
  lost_card: 'the card was reported lost',
  stolen_card: 'the card was reported stolen',
  card_velocity_exceeded: 'the card is over its limit',
  processing_error: 'the card network had an error',
};

export function declineReason(declineCode: string | null | undefined, fallback: string): string {
  return (declineCode ? DECLINE_REASONS[declineCode] : undefined) ?? fallback;
}

export function cardDeclined(declineCode: string | null | undefined, message: string) {
  return new ServiceError(
    402,
    'card_declined',
    `The card was declined (${declineReason(declineCode, message)}); nothing was charged.`,
    declineCode ? { declineCode } : {},
  );
}

/**
 * Turns what the Stripe SDK threw into a refusal the desk can act on. Stripe's messages
 * never carry card numbers (Terminal keeps the card on the reader), so they may be passed
 * on; the secret key and request bodies never are.
 */
export function refusalFromStripe(error: unknown, doing: string): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof Stripe.errors.StripeCardError) {
    // Typed as always present, but Stripe leaves it out for some card errors.
    const declineCode: unknown = error.decline_code;
    return cardDeclined(typeof declineCode === 'string' ? declineCode : error.code, error.message);
  }
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return new ServiceError(
      502,
      'stripe_unreachable',
      `Stripe could not be reached while ${doing}; nothing was charged by this attempt. Try again, or ${OTHER_TENDERS.toLowerCase()}`,
    );
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    return new ServiceError(
      409,
      'checkout_changed',
      'This checkout already started a card payment for a different amount; start a new checkout.',
    );
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    return new ServiceError(
      503,
      'stripe_busy',
      `Stripe is busy; try again in a moment.`,
      {},
      {
        'retry-after': '2',
      },
    );
  }
  if (
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError
  ) {
    return new ServiceError(
      502,
      'stripe_misconfigured',
      `Stripe refused the studio's credentials while ${doing}; the studio owner must reconnect Stripe. ${OTHER_TENDERS}`,
    );
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    if (error.code === 'resource_missing') {
      return new ServiceError(404, 'unknown_payment', `Stripe does not know this payment.`);
    }
    return new ServiceError(409, 'stripe_refused', `Stripe refused ${doing}: ${error.message}`);
  }
  if (error instanceof Stripe.errors.StripeError) {
    return new ServiceError(
      502,
      'stripe_failed',
      `Stripe failed while ${doing}; try again, or ${OTHER_TENDERS.toLowerCase()}`,
    );
  }
  throw error;
}
