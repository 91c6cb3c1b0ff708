/**
 * The part of Stripe Terminal's JavaScript SDK (https://js.stripe.com/terminal/v1) the desk
 * uses, declared here rather than imported from @stripe/terminal-js (see the .js file).
 * Shapes follow @stripe/terminal-js 0.26's `types/terminal.d.ts`.
 */
export interface TerminalSdkError {
  readonly message: string;
  readonly code?: string;
  readonly decline_code?: string;
}

export type TerminalSdkResult<T> = T | { readonly error: TerminalSdkError };

export interface TerminalSdkReader {
  readonly id: string;
  readonly label: string | null;
  readonly serial_number: string;
  readonly status: string | null;
}

/** The SDK's PaymentIntent: passed back from collect to process, and read for its status. */
export interface TerminalSdkIntent {
  readonly id: string;
  readonly status: string;
}

export interface TerminalSdk {
  discoverReaders(config?: {
    readonly simulated?: boolean;
    readonly location?: string;
  }): Promise<TerminalSdkResult<{ readonly discoveredReaders: TerminalSdkReader[] }>>;
  connectReader(
    reader: TerminalSdkReader,
    options?: { readonly fail_if_in_use?: boolean },
  ): Promise<TerminalSdkResult<{ readonly reader: TerminalSdkReader }>>;
  disconnectReader(): Promise<unknown>;
  collectPaymentMethod(
    clientSecret: string,
    options?: {
      readonly config_override?: {
        /**
         * Required when the intent saves the card (`setup_future_usage`): whether checkout
         * flows may show the saved card to its customer again.
         */
        readonly allow_redisplay?: 'always' | 'limited' | 'unspecified';
      };
    },
  ): Promise<TerminalSdkResult<{ readonly paymentIntent: TerminalSdkIntent }>>;
  cancelCollectPaymentMethod(): Promise<TerminalSdkResult<object>>;
  processPayment(
    paymentIntent: TerminalSdkIntent,
  ): Promise<TerminalSdkResult<{ readonly paymentIntent: TerminalSdkIntent }>>;
}

export interface TerminalSdkFactory {
  create(props: {
    onFetchConnectionToken: () => Promise<string>;
    onUnexpectedReaderDisconnect?: (event: { readonly error?: TerminalSdkError }) => void;
    onPaymentStatusChange?: (event: { readonly status: string }) => void;
  }): TerminalSdk;
}

/** Loads the SDK from Stripe's CDN on first call; null outside a browser. */
export function loadStripeTerminal(): Promise<TerminalSdkFactory | null>;
