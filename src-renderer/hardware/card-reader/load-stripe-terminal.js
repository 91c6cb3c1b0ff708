// Stripe requires its Terminal SDK to be loaded from its CDN (https://js.stripe.com/terminal/v1),
// never bundled: @stripe/terminal-js's `pure` entry injects that script on the first call,
// not on import, so the fake terminal and tests never touch the network.
//
// Plain JavaScript with a hand-written declaration (load-stripe-terminal.d.ts) on purpose:
// the package's own types import the `stripe` server SDK's types, which reference Node's
// types, and would let Node declarations into the sandboxed renderer's build.
export { loadStripeTerminal } from '@stripe/terminal-js/pure';
