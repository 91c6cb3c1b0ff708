import { createFakePaymentTerminal } from './fake-payment-terminal';
import type { PaymentTerminal } from './payment-terminal';
import type { PaymentsBridge } from './payments-bridge';
import { createStripePaymentTerminal } from './stripe-payment-terminal';

export type TerminalMode = 'stripe' | 'fake';

/** The simulated reader with `?terminal=fake` in the URL or in demo mode; else Stripe's. */
export function terminalModeFor(search: string, demo: boolean): TerminalMode {
  return demo || new URLSearchParams(search).get('terminal') === 'fake' ? 'fake' : 'stripe';
}

export function createPaymentTerminal(bridge: PaymentsBridge, mode: TerminalMode): PaymentTerminal {
  return mode === 'fake' ? createFakePaymentTerminal(bridge) : createStripePaymentTerminal(bridge);
}
