import type {
  CollectOutcome,
  CollectRequest,
  PaymentTerminal,
  ReaderInfo,
} from './payment-terminal';
import { confirmCapture, startIntent, type PaymentsBridge } from './payments-bridge';

/** What the simulated reader does with the next card. */
export type FakeReaderBehaviour =
  | { readonly kind: 'approve' }
  | { readonly kind: 'decline'; readonly message: string }
  /** The customer presses cancel on the reader. */
  | { readonly kind: 'cancel' }
  /** The reader drops off the network mid-payment. */
  | { readonly kind: 'disconnect' }
  /** No card is presented until staff cancel (or `maxWaitMs` passes). */
  | { readonly kind: 'wait' };

export interface FakeTerminalOptions {
  readonly behaviour?: FakeReaderBehaviour;
  /**
   * What the card network does between collect and capture, which with a real reader
   * happens between Stripe's SDK and Stripe. Tests point it at their Stripe fake so the
   * server's capture meets an authorised intent.
   */
  readonly onCardPresented?: (
    paymentIntentId: string,
    outcome: 'approve' | 'decline',
  ) => void | Promise<void>;
  readonly readers?: readonly ReaderInfo[];
  /** A `wait` ends as a reader timeout after this long. */
  readonly maxWaitMs?: number;
}

export interface FakePaymentTerminal extends PaymentTerminal {
  setBehaviour(behaviour: FakeReaderBehaviour): void;
}

const SIMULATED_READER: ReaderInfo = {
  id: 'tmr_SimulatedFrontDesk',
  label: 'Simulated reader',
  status: 'online',
};

type Presented =
  'approve' | 'decline' | 'customer_cancel' | 'disconnect' | 'staff_cancel' | 'timeout';

/**
 * The card reader simulated in plain TypeScript, behind the same interface and the same
 * desk calls as the Stripe Terminal one: connection token, create, capture, cancel. Used by
 * tests and by the desk app with `?terminal=fake` or in demo mode. It never sees a card.
 */
export function createFakePaymentTerminal(
  bridge: PaymentsBridge,
  options: FakeTerminalOptions = {},
): FakePaymentTerminal {
  let behaviour: FakeReaderBehaviour = options.behaviour ?? { kind: 'approve' };
  const readers = options.readers ?? [SIMULATED_READER];
  let connected: ReaderInfo | null = null;
  let busy = false;
  let staffCancel: (() => void) | null = null;
  /** Staff canceled before the reader was prompting (while the intent was being made). */
  let canceledEarly = false;

  function present(): Promise<Presented> {
    return new Promise((resolve) => {
      const now = behaviour;
      const outcome: Record<Exclude<FakeReaderBehaviour['kind'], 'wait'>, Presented> = {
        approve: 'approve',
        decline: 'decline',
        cancel: 'customer_cancel',
        disconnect: 'disconnect',
      };
      // A real reader answers a moment after its prompt; `wait` answers only to staff.
      const timer =
        now.kind === 'wait'
          ? setTimeout(() => {
              settle('timeout');
            }, options.maxWaitMs ?? 60_000)
          : setTimeout(() => {
              settle(outcome[now.kind]);
            }, 0);
      function settle(presented: Presented) {
        clearTimeout(timer);
        staffCancel = null;
        resolve(presented);
      }
      staffCancel = () => {
        settle('staff_cancel');
      };
    });
  }

  async function collect(
    request: CollectRequest,
    onMessage: (message: string) => void,
  ): Promise<CollectOutcome> {
    if (connected === null) {
      return { status: 'failed', message: 'Connect a card reader in settings first.' };
    }
    onMessage('Starting the card payment…');
    const intent = await startIntent(bridge, request);
    if ('status' in intent) return intent;
    onMessage('Insert, tap or swipe the card');
    const presented = canceledEarly ? 'staff_cancel' : await present();
    switch (presented) {
      case 'staff_cancel':
        return { status: 'canceled', message: 'Canceled at the desk; nothing was charged.' };
      case 'customer_cancel':
        return { status: 'canceled', message: 'The customer canceled on the reader.' };
      case 'timeout':
        return { status: 'canceled', message: 'No card was presented; nothing was charged.' };
      case 'disconnect':
        connected = null;
        return {
          status: 'failed',
          message: 'The card reader disconnected; nothing was charged. Reconnect it in settings.',
        };
      case 'decline': {
        await options.onCardPresented?.(intent.paymentIntentId, 'decline');
        const message = behaviour.kind === 'decline' ? behaviour.message : 'Card declined.';
        onMessage(message);
        return { status: 'declined', message };
      }
      case 'approve':
        onMessage('Processing…');
        await options.onCardPresented?.(intent.paymentIntentId, 'approve');
        onMessage('Confirming the payment…');
        return confirmCapture(bridge, intent.paymentIntentId);
    }
  }

  return {
    discoverReaders: () => Promise.resolve(readers),
    async connectReader(readerId) {
      const reader = readers.find((r) => r.id === readerId);
      if (!reader) throw new Error(`No reader ${readerId} was discovered.`);
      // As Stripe's SDK does on connecting: it needs a connection token from the server.
      await bridge.invoke('payments.connectionToken', {});
      connected = reader;
      return reader;
    },
    connectedReader: () => connected,
    async collect(request, onMessage) {
      if (busy) return { status: 'failed', message: 'A card payment is already in progress.' };
      busy = true;
      canceledEarly = false;
      try {
        return await collect(request, onMessage);
      } finally {
        busy = false;
      }
    },
    cancel() {
      if (staffCancel) staffCancel();
      else if (busy) canceledEarly = true;
      return Promise.resolve();
    },
    setBehaviour(next) {
      behaviour = next;
    },
  };
}
