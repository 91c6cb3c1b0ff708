import { pinCrypto } from '../../src-shared/auth/pin-crypto';
import { hashPin } from '../../src-shared/auth/pin-hash';
import { requireIdentity, type Desk } from '../store/open-desk';

/**
 * A PIN as staff_credentials stores it, keyed with this studio's pepper, which only the desk
 * core holds (never the renderer, never a desk database). The console's staff mutations
 * take this hash, so a clear PIN is never in a mutation's arguments, the outbox or the
 * server's log (R2.4).
 */
export function pinCredential(desk: Desk, pin: string): { readonly pinHash: string } {
  return { pinHash: hashPin(pin, requireIdentity(desk).pinPepper, pinCrypto) };
}
