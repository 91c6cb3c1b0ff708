import type { CardDetails } from '../../../src-shared/mutations/front-desk/card-details';

/**
 * The card reader as the POS screen sees it. The Stripe Terminal implementation and the
 * fake used by tests both sit behind this interface, so the screen's flows are the same.
 */
export interface ReaderInfo {
  readonly id: string;
  readonly label: string;
  /** e.g. `online`, `offline`: as the reader reports it. */
  readonly status: string;
}

export type CollectOutcome =
  /**
   * The PaymentIntent was confirmed and captured: record the card tender with this id, and
   * with the card (brand, last 4) when Stripe's capture named it.
   */
  | {
      readonly status: 'succeeded';
      readonly paymentIntentId: string;
      readonly card?: CardDetails;
    }
  /** Nothing was charged; `message` says why (declined, canceled, reader lost, offline). */
  | {
      readonly status: 'declined' | 'canceled' | 'failed';
      readonly message: string;
    };

export interface CollectRequest {
  /** In the studio's minor units (cents). */
  readonly amount: number;
  /** One per checkout, reused on retry: the server's idempotency key. */
  readonly checkoutId: string;
  /**
   * Save the card for this member's membership autopay (PROTOCOL.md R13.5): the server makes
   * the intent with the member's Customer and Stripe keeps a reusable copy of the card.
   */
  readonly saveCardFor?: { readonly memberId: string };
}

export interface PaymentTerminal {
  discoverReaders(): Promise<readonly ReaderInfo[]>;
  connectReader(readerId: string): Promise<ReaderInfo>;
  connectedReader(): ReaderInfo | null;
  /** Runs create → collect → process → capture; `onMessage` gets the reader's prompts. */
  collect(request: CollectRequest, onMessage: (message: string) => void): Promise<CollectOutcome>;
  /** Cancels a collect in progress; the pending `collect` then settles as `canceled`. */
  cancel(): Promise<void>;
}
