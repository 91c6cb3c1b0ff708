/**
 * Staff PIN hashes on the server (R2.4), in the one format the desk verifies with
 * (src-shared/auth/pin-hash.ts): `scrypt$N$r$p$<salt>$<hash>` over HMAC-SHA256(pepper, PIN),
 * with the same primitives as the desk (src-shared/auth/pin-crypto.ts). The server only
 * writes them (staff added, the demo studio); desks check them offline.
 */
import { pinCrypto } from '../../src-shared/auth/pin-crypto';
import {
  DEFAULT_SCRYPT,
  hashPin as hashPinWith,
  verifyPin as verifyPinWith,
  type ScryptParams,
} from '../../src-shared/auth/pin-hash';

export type { ScryptParams };

/** Hashes a PIN with the tenant's pepper; the cost defaults to the shared one. */
export function hashPin(
  pin: string,
  pepper: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): string {
  return hashPinWith(pin, pepper, pinCrypto, params);
}

const ENCODED = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/;

/**
 * Checks a PIN against a stored hash. Parameters a stored value carries are bounded first, so
 * a damaged or hostile row cannot make scrypt exhaust memory; such a hash never matches.
 */
export function verifyPin(pin: string, pepper: string, stored: string): boolean {
  const match = ENCODED.exec(stored);
  if (!match) return false;
  const [N, r, p] = [match[1], match[2], match[3]].map(Number);
  if (N === undefined || r === undefined || p === undefined) return false;
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  return verifyPinWith(pin, pepper, stored, pinCrypto);
}
