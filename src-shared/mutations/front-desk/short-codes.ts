import { sha256 } from '@noble/hashes/sha2';
import { utf8ToBytes } from '@noble/hashes/utils';

/** 32 symbols without 0/O and 1/I, so a code read aloud or typed from paper survives. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** `length` symbols (5 bits each, up to 51) drawn from the SHA-256 of `seed`. */
function codeFrom(seed: string, length: number): string {
  const digest = sha256(utf8ToBytes(seed));
  let code = '';
  for (let i = 0; i < length; i++) {
    const bit = i * 5;
    const byte = bit >> 3;
    const pair = ((digest[byte] ?? 0) << 8) | (digest[byte + 1] ?? 0);
    code += CODE_ALPHABET[(pair >> (11 - (bit & 7))) & 31] ?? '';
  }
  return code;
}

/**
 * A gift card's code: `GC-` and 8 symbols (40 bits) derived from the card's id, whose
 * random bits come from the mutation's id (`ctx.newId()`), so desk and server derive the
 * same code. `attempt` moves to another code when one is taken in the tenant.
 */
export function giftCardCode(cardId: string, attempt = 0): string {
  return `GC-${codeFrom(`gift-card:${cardId}:${attempt}`, 8)}`;
}

/** The number printed on a receipt, derived from the order id: `R-7K3M-Q9XP`. */
export function receiptNumberFor(orderId: string): string {
  const code = codeFrom(`receipt:${orderId}`, 8);
  return `R-${code.slice(0, 4)}-${code.slice(4)}`;
}
