/**
 * Staff PIN hashes: scrypt over HMAC-SHA256(pepper, pin), stored as
 * `scrypt$N$r$p$<salt b64>$<hash b64>`. A 4-digit PIN falls to offline brute force whatever
 * the cost factor, so the hash is keyed with a per-tenant pepper that no desk database holds,
 * and sign-in locks after repeated failures (LESSONS.md).
 *
 * The primitives are an interface so this module names no implementation; the desk and the
 * server both use the one in ./pin-crypto.ts (plain JavaScript, no Node).
 */
export interface PinCrypto {
  hmacSha256(key: string, message: string): Uint8Array;
  scrypt(password: Uint8Array, salt: Uint8Array, params: ScryptParams): Uint8Array;
  randomBytes(length: number): Uint8Array;
  /** Compares in time independent of where the inputs differ. */
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
  toBase64(bytes: Uint8Array): string;
  fromBase64(text: string): Uint8Array;
}

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly keyLength: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };

export const PIN_PATTERN = /^\d{4,8}$/;

export function hashPin(
  pin: string,
  pepper: string,
  crypto: PinCrypto,
  params = DEFAULT_SCRYPT,
): string {
  if (!PIN_PATTERN.test(pin)) throw new Error('a PIN is 4 to 8 digits');
  const salt = crypto.randomBytes(16);
  const hash = crypto.scrypt(crypto.hmacSha256(pepper, pin), salt, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    crypto.toBase64(salt),
    crypto.toBase64(hash),
  ].join('$');
}

export function verifyPin(pin: string, pepper: string, stored: string, crypto: PinCrypto): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash || !PIN_PATTERN.test(pin)) return false;
  const expected = crypto.fromBase64(hash);
  const saltBytes = crypto.fromBase64(salt);
  if (expected.length === 0 || saltBytes.length === 0) return false;
  const params: ScryptParams = {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    keyLength: expected.length,
  };
  const actual = crypto.scrypt(crypto.hmacSha256(pepper, pin), saltBytes, params);
  return crypto.timingSafeEqual(actual, expected);
}
