import type {
  TerminalSdk,
  TerminalSdkFactory,
  TerminalSdkIntent,
  TerminalSdkReader,
} from '../../../src-renderer/hardware/card-reader/load-stripe-terminal.js';
import type { StripeFake } from './stripe-fake';

/**
 * Stands in for Stripe Terminal's JS SDK (which only loads from Stripe's CDN in a browser):
 * the same calls and the same `{ error }` results, with the card network played by the
 * Stripe fake, as Stripe's simulated reader does in test mode.
 */
export interface SdkDouble {
  readonly factory: TerminalSdkFactory;
  readonly tokens: string[];
  /** What the next card does at processPayment. */
  next: 'approve' | 'decline' | 'hold';
  /** A held collect is waiting for a card. */
  readonly collecting: boolean;
  disconnect(): void;
}

export function terminalSdkDouble(stripe: StripeFake): SdkDouble {
  const reader: TerminalSdkReader = {
    id: 'tmr_WisePosFrontDesk',
    label: 'Front desk reader',
    serial_number: 'WSC513105011295',
    status: 'online',
  };
  let pendingCollect: ((canceled: boolean) => void) | null = null;
  let onDisconnect: (() => void) | null = null;
  const double: SdkDouble = {
    tokens: [],
    next: 'approve',
    get collecting() {
      return pendingCollect !== null;
    },
    disconnect: () => {
      onDisconnect?.();
      pendingCollect?.(true);
    },
    factory: {
      create(props) {
        onDisconnect = () => {
          props.onUnexpectedReaderDisconnect?.({});
        };
        const sdk: TerminalSdk = {
          discoverReaders: async () => ({ discoveredReaders: [reader] }),
          async connectReader(found) {
            double.tokens.push(await props.onFetchConnectionToken());
            return { reader: found };
          },
          disconnectReader: async () => ({}),
          collectPaymentMethod(clientSecret) {
            const id = clientSecret.split('_secret_')[0] ?? '';
            props.onPaymentStatusChange?.({ status: 'waiting_for_input' });
            if (double.next !== 'hold') {
              return Promise.resolve({ paymentIntent: { id, status: 'requires_payment_method' } });
            }
            return new Promise((resolve) => {
              pendingCollect = (canceled) => {
                pendingCollect = null;
                resolve(
                  canceled
                    ? { error: { code: 'canceled', message: 'The collect was canceled.' } }
                    : { paymentIntent: { id, status: 'requires_payment_method' } },
                );
              };
            });
          },
          cancelCollectPaymentMethod: async () => {
            pendingCollect?.(true);
            return {};
          },
          async processPayment(intent: TerminalSdkIntent) {
            props.onPaymentStatusChange?.({ status: 'processing' });
            if (double.next === 'decline') {
              stripe.presentCard(intent.id, { decline: 'insufficient_funds' });
              return {
                error: {
                  code: 'card_declined',
                  decline_code: 'insufficient_funds',
                  message: 'Your card has insufficient funds.',
                },
              };
            }
            stripe.presentCard(intent.id, 'approve');
            return { paymentIntent: { id: intent.id, status: 'requires_capture' } };
          },
        };
        return sdk;
      },
    },
  };
  return double;
}
