import { hmac } from '@noble/hashes/hmac';
import { scrypt } from '@noble/hashes/scrypt';
import { sha256 } from '@noble/hashes/sha2';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils';
import type { PinCrypto } from './pin-hash';

/**
 * The one PinCrypto, in plain JavaScript (@noble/hashes), so the desk and the server hash and
 * check staff PINs with the same code. Its output is byte for byte node:crypto's (a test
 * cross-checks); a sign-in's scrypt at DEFAULT_SCRYPT costs about a third more than
 * node:crypto's native one, well under a second.
 */
export const pinCrypto: PinCrypto = {
  hmacSha256: (key, message) => hmac(sha256, utf8ToBytes(key), utf8ToBytes(message)),
  // scrypt needs 128·N·r bytes; the bound keeps a hostile stored cost from exhausting memory.
  scrypt: (password, salt, { N, r, p, keyLength }) =>
    scrypt(password, salt, { N, r, p, dkLen: keyLength, maxmem: 256 * N * r }),
  // From globalThis.crypto.getRandomValues, on the desk and on the server.
  randomBytes: (length) => randomBytes(length),
  timingSafeEqual: (a, b) => {
    if (a.length !== b.length) return false;
    let difference = 0;
    for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
    return difference === 0;
  },
  toBase64,
  fromBase64,
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map(Array.from({ length: 64 }, (_, value) => [ALPHABET.charAt(value), value]));

/** Standard base64 with padding, as Buffer writes it. */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const chunk = (a << 16) | (b << 8) | c;
    const left = bytes.length - i;
    text += ALPHABET.charAt((chunk >> 18) & 63);
    text += ALPHABET.charAt((chunk >> 12) & 63);
    text += left > 1 ? ALPHABET.charAt((chunk >> 6) & 63) : '=';
    text += left > 2 ? ALPHABET.charAt(chunk & 63) : '=';
  }
  return text;
}

/** Decodes standard base64 (padding optional); anything else decodes to no bytes. */
export function fromBase64(text: string): Uint8Array {
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return new Uint8Array(0);
  const bytes: number[] = [];
  let bits = 0;
  let buffer = 0;
  for (const char of body) {
    const value = VALUES.get(char);
    if (value === undefined) return new Uint8Array(0);
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}
