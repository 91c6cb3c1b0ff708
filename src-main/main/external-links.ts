/**
 * What the desk window does with a link that leaves the app (Stripe's onboarding page from
 * the Card payments tab, a help page): an https address opens in the system browser, where
 * staff have their passwords and Stripe's page runs with its own protections; anything else
 * (http, file:, javascript:, custom schemes, addresses with a user name or password) is
 * refused, so a link can never run a local program or turn the desk window into a browser.
 */
export type ExternalLinkDecision = 'open-in-browser' | 'deny';

export function externalLinkDecision(candidate: string): ExternalLinkDecision {
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    return 'deny';
  }
  if (parsed.protocol !== 'https:') return 'deny';
  if (parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return 'deny';
  return 'open-in-browser';
}
