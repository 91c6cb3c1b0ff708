import {
  loadStripeTerminal,
  type TerminalSdk,
  type TerminalSdkError,
  type TerminalSdkFactory,
  type TerminalSdkReader,
  type TerminalSdkResult,
} from './load-stripe-terminal.js';
import type {
  CollectOutcome,
  CollectRequest,
  PaymentTerminal,
  ReaderInfo,
} from './payment-terminal';
import { confirmCapture, messageOf, startIntent, type PaymentsBridge } from './payments-bridge';

export interface StripeTerminalOptions {
  /** Stripe's test mode: discover Stripe's simulated reader instead of real ones. */
  readonly simulated?: boolean;
  /** A Terminal location id, to discover only that studio's readers. */
  readonly location?: string;
  /** How the SDK is loaded; the default fetches it from Stripe's CDN, as Stripe requires. */
  readonly load?: () => Promise<TerminalSdkFactory | null>;
}

/** What the SDK's payment status means for the person at the desk. */
const STATUS_MESSAGES: Readonly<Record<string, string>> = {
  waiting_for_input: 'Insert, tap or swipe the card on the reader',
  processing: 'Processing…',
};

const canceledAtDesk: CollectOutcome = {
  status: 'canceled',
  message: 'Canceled at the desk; nothing was charged.',
};

/** Read through a call: staff cancel from outside while `run` awaits the SDK. */
function canceledByStaff(state: { readonly canceledByStaff: boolean }): boolean {
  return state.canceledByStaff;
}

function failure<T extends object>(result: TerminalSdkResult<T>): TerminalSdkError | null {
  return 'error' in result ? result.error : null;
}

function isDecline(error: TerminalSdkError): boolean {
  return error.decline_code !== undefined || error.code === 'card_declined';
}

function readerInfo(reader: TerminalSdkReader): ReaderInfo {
  return {
    id: reader.id,
    label: reader.label ?? reader.serial_number,
    status: reader.status ?? 'unknown',
  };
}

/**
 * Stripe Terminal (smart readers over the internet) behind the desk's PaymentTerminal.
 * The card stays on the reader and with Stripe: this code sees ids and statuses only. It
 * records nothing: `collect` reports `succeeded` only with a captured PaymentIntent, and
 * the POS screen records the card tender with that intent's id.
 */
export function createStripePaymentTerminal(
  bridge: PaymentsBridge,
  options: StripeTerminalOptions = {},
): PaymentTerminal {
  let sdk: TerminalSdk | null = null;
  let connected: ReaderInfo | null = null;
  const discovered = new Map<string, TerminalSdkReader>();
  let onMessage: ((message: string) => void) | null = null;
  let collecting: { canceledByStaff: boolean; readerLost: boolean } | null = null;

  async function terminal(): Promise<TerminalSdk> {
    if (sdk) return sdk;
    const factory = await (options.load ?? loadStripeTerminal)();
    if (!factory) throw new Error('Stripe Terminal could not be loaded; it needs the internet.');
    sdk = factory.create({
      onFetchConnectionToken: async () =>
        (await bridge.invoke('payments.connectionToken', {})).secret,
      onUnexpectedReaderDisconnect: () => {
        connected = null;
        if (collecting) collecting.readerLost = true;
      },
      onPaymentStatusChange: ({ status }) => {
        const message = STATUS_MESSAGES[status];
        if (message) onMessage?.(message);
      },
    });
    return sdk;
  }

  async function run(
    request: CollectRequest,
    state: { canceledByStaff: boolean; readerLost: boolean },
  ): Promise<CollectOutcome> {
    const reader = await terminal();
    onMessage?.('Starting the card payment…');
    const intent = await startIntent(bridge, request);
    if ('status' in intent) return intent;
    // Staff may cancel while the intent is being made, before the reader is asked.
    if (canceledByStaff(state)) return canceledAtDesk;
    // Saving the card for autopay (R13.5): Stripe's SDK wants the customer's consent scope;
    // `limited`: the card is kept for the membership's renewals, not offered at checkouts.
    const collected = request.saveCardFor
      ? await reader.collectPaymentMethod(intent.clientSecret, {
          config_override: { allow_redisplay: 'limited' },
        })
      : await reader.collectPaymentMethod(intent.clientSecret);
    const collectError = failure(collected);
    if (collectError || !('paymentIntent' in collected)) {
      if (canceledByStaff(state)) return canceledAtDesk;
      if (state.readerLost) {
        return { status: 'failed', message: 'The card reader disconnected; nothing was charged.' };
      }
      if (collectError?.code === 'canceled') {
        return { status: 'canceled', message: 'The payment was canceled on the reader.' };
      }
      return { status: 'failed', message: collectError?.message ?? 'The reader read no card.' };
    }
    if (canceledByStaff(state)) return canceledAtDesk;
    onMessage?.('Processing…');
    const processed = await reader.processPayment(collected.paymentIntent);
    const processError = failure(processed);
    if (processError || !('paymentIntent' in processed)) {
      const message = processError?.message ?? 'The card could not be processed.';
      return isDecline(processError ?? { message })
        ? { status: 'declined', message }
        : { status: 'failed', message };
    }
    if (processed.paymentIntent.status !== 'requires_capture') {
      return {
        status: 'failed',
        message: `The reader left the payment ${processed.paymentIntent.status}; nothing was recorded.`,
      };
    }
    onMessage?.('Confirming the payment…');
    return confirmCapture(bridge, intent.paymentIntentId);
  }

  return {
    async discoverReaders() {
      const found = await (
        await terminal()
      ).discoverReaders({
        ...(options.simulated ? { simulated: true } : {}),
        ...(options.location ? { location: options.location } : {}),
      });
      const error = failure(found);
      if (error || !('discoveredReaders' in found)) {
        throw new Error(`No card readers were found: ${error?.message ?? 'no answer'}`);
      }
      discovered.clear();
      for (const reader of found.discoveredReaders) discovered.set(reader.id, reader);
      return found.discoveredReaders.map(readerInfo);
    },
    async connectReader(readerId) {
      const reader = discovered.get(readerId);
      if (!reader)
        throw new Error(`No reader ${readerId} was discovered; search for readers again.`);
      const result = await (await terminal()).connectReader(reader, { fail_if_in_use: true });
      const error = failure(result);
      if (error || !('reader' in result)) {
        throw new Error(`The reader could not be connected: ${error?.message ?? 'no answer'}`);
      }
      connected = readerInfo(result.reader);
      return connected;
    },
    connectedReader: () => connected,
    async collect(request, messages) {
      if (connected === null) {
        return { status: 'failed', message: 'Connect a card reader in settings first.' };
      }
      if (collecting)
        return { status: 'failed', message: 'A card payment is already in progress.' };
      const state = { canceledByStaff: false, readerLost: false };
      collecting = state;
      onMessage = messages;
      try {
        return await run(request, state);
      } catch (error) {
        return { status: 'failed', message: messageOf(error) };
      } finally {
        collecting = null;
        onMessage = null;
      }
    },
    async cancel() {
      if (!collecting || !sdk) return;
      collecting.canceledByStaff = true;
      await sdk.cancelCollectPaymentMethod();
    },
  };
}
