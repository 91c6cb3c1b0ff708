import { createFakePaymentTerminal, type FakeReaderBehaviour } from './fake-payment-terminal';
import type { PaymentTerminal } from './payment-terminal';
import type { PaymentsBridge } from './payments-bridge';
import { createStripePaymentTerminal } from './stripe-payment-terminal';

/**
 * The simulated readers `?terminal=` selects, by what they do with every card: `fake`
 * approves; `fake-decline` and `fake-wait` (no card is ever presented, so staff can cancel)
 * let the declined and cancelled flows be tried in the desk app and its end-to-end tests.
 */
const FAKE_READERS = {
  fake: { kind: 'approve' },
  'fake-decline': {
    kind: 'decline',
    message: 'The card was declined (insufficient funds); nothing was charged.',
  },
  'fake-wait': { kind: 'wait' },
} satisfies Record<string, FakeReaderBehaviour>;

export type TerminalMode = 'stripe' | keyof typeof FAKE_READERS;

function isFakeMode(value: string | null): value is keyof typeof FAKE_READERS {
  return value === 'fake' || value === 'fake-decline' || value === 'fake-wait';
}

/** The simulated reader with `?terminal=fake` (or a variant) or in demo mode; else Stripe's. */
export function terminalModeFor(search: string, demo: boolean): TerminalMode {
  const asked = new URLSearchParams(search).get('terminal');
  if (isFakeMode(asked)) return asked;
  return demo ? 'fake' : 'stripe';
}

export function createPaymentTerminal(bridge: PaymentsBridge, mode: TerminalMode): PaymentTerminal {
  return mode === 'stripe'
    ? createStripePaymentTerminal(bridge)
    : createFakePaymentTerminal(bridge, { behaviour: FAKE_READERS[mode] });
}
