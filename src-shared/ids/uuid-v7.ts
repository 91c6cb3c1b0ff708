/** Fills a byte array with randomness; the desk and server pass the platform's CSPRNG. */
export type RandomBytes = (length: number) => Uint8Array;

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids are born where the
 * record is, so two offline desks never collide, and they sort roughly by creation time,
 * which keeps B-tree inserts at the right edge.
 */
export function uuidV7(epochMs: number, randomBytes: RandomBytes): string {
  if (!Number.isSafeInteger(epochMs) || epochMs < 0 || epochMs >= 2 ** 48) {
    throw new RangeError(`uuidV7 needs a millisecond timestamp in [0, 2^48), got ${epochMs}`);
  }
  const bytes = new Uint8Array(16);
  bytes.set(randomBytes(10), 6);
  let ms = epochMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Reads the creation time back out of a UUIDv7. */
export function uuidV7Time(id: string): number {
  return Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
}
