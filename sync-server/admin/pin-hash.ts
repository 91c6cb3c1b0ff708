import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import {
  DEFAULT_SCRYPT,
  hashPin as hashPinWith,
  verifyPin as verifyPinWith,
  type PinCrypto,
  type ScryptParams,
} from '../../src-shared/auth/pin-hash';

/**
 * Staff PIN hashes on the server (R2.4), in the one format the desk verifies with
 * (src-shared/auth/pin-hash.ts): `scrypt$N$r$p$<salt>$<hash>` over HMAC-SHA256(pepper, PIN).
 * The server only writes them (staff added, the demo studio); desks check them offline.
 */
export const serverPinCrypto: PinCrypto = {
  hmacSha256: (key, message) => createHmac('sha256', key).update(message).digest(),
  // scrypt needs 128·N·r bytes; Node refuses anything above maxmem (32 MiB by default).
  scrypt: (password, salt, { N, r, p, keyLength }) =>
    scryptSync(password, salt, keyLength, { N, r, p, maxmem: 256 * N * r }),
  randomBytes: (length) => randomBytes(length),
  timingSafeEqual: (a, b) => a.length === b.length && timingSafeEqual(a, b),
  toBase64: (bytes) => Buffer.from(bytes).toString('base64'),
  fromBase64: (text) => Buffer.from(text, 'base64'),
};

export type { ScryptParams };

/** Hashes a PIN with the tenant's pepper; the cost defaults to the shared one. */
export function hashPin(
  pin: string,
  pepper: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): string {
  return hashPinWith(pin, pepper, serverPinCrypto, params);
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
  return verifyPinWith(pin, pepper, stored, serverPinCrypto);
}
