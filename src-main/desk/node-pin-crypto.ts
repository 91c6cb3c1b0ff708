import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { PinCrypto } from '../../src-shared/auth/pin-hash';

/** node:crypto behind the PinCrypto interface. */
export const nodePinCrypto: PinCrypto = {
  hmacSha256: (key, message) => createHmac('sha256', key).update(message).digest(),
  scrypt: (password, salt, { N, r, p, keyLength }) =>
    scryptSync(password, salt, keyLength, { N, r, p, maxmem: 256 * N * r }),
  randomBytes: (length) => randomBytes(length),
  timingSafeEqual: (a, b) => a.length === b.length && timingSafeEqual(a, b),
  toBase64: (bytes) => Buffer.from(bytes).toString('base64'),
  fromBase64: (text) => Buffer.from(text, 'base64'),
};
