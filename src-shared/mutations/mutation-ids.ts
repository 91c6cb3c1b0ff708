import { uuidV7 } from '../ids/uuid-v7';

/** sfc32: a small, fast PRNG with a 128-bit state; good enough for id bits, not for secrets. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

/**
 * The ids a mutation gives the rows it creates. Seeded by the mutation's own UUID, so the
 * desk and the server, running the same mutation, create rows with the same ids: their
 * copies then match row for row and checksums can prove it.
 */
export function mutationIdSource(mutationId: string, atMs: number, stream = 0): () => string {
  const hex = mutationId.replaceAll('-', '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`mutation id ${mutationId} is not a UUID`);
  const words = [0, 8, 16, 24].map((i) => Number.parseInt(hex.slice(i, i + 8), 16));
  // `stream` separates ids only one side creates (the server's review items) from the
  // ids both sides create, so the shared sequence never shifts.
  const next = sfc32(words[0] ?? 0, words[1] ?? 0, words[2] ?? 0, (words[3] ?? 0) ^ stream);
  for (let i = 0; i < 12; i++) next(); // let the seed mix before use
  const bytes = (length: number) => Uint8Array.from({ length }, () => next() & 0xff);
  return () => uuidV7(atMs, bytes);
}
