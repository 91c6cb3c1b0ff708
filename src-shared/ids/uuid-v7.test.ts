import { describe, expect, it } from 'vitest';
import { uuidV7, uuidV7Time } from './uuid-v7';

const counterBytes = () => {
  let n = 0;
  return (length: number) => Uint8Array.from({ length }, () => n++ % 256);
};

describe('uuidV7', () => {
  it('encodes version 7, the RFC variant and the timestamp', () => {
    const id = uuidV7(Date.UTC(2026, 10, 26, 12), counterBytes());
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV7Time(id)).toBe(Date.UTC(2026, 10, 26, 12));
  });

  it('sorts by creation time', () => {
    const random = counterBytes();
    const ids = [3, 1, 2].map((offset) => uuidV7(1_700_000_000_000 + offset, random));
    expect([...ids].sort().map(uuidV7Time)).toEqual([1, 2, 3].map((o) => 1_700_000_000_000 + o));
  });

  it('refuses a timestamp that does not fit 48 bits', () => {
    expect(() => uuidV7(-1, counterBytes())).toThrow(RangeError);
    expect(() => uuidV7(2 ** 48, counterBytes())).toThrow(RangeError);
  });
});
