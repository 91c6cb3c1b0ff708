import { describe, expect, it } from 'vitest';
import { createBurstDetector } from '../../src-renderer/hardware/scanner/scanner-burst';
import { parseMoney } from '../../src-renderer/desk/money';

/** Feeds `text` then Enter, `gaps[i]` ms after the previous key; returns what was scanned. */
function feed(text: string, gapMs: (i: number) => number): string | null {
  const detector = createBurstDetector();
  let at = 1_000;
  for (const [i, char] of Array.from(text).entries()) {
    at += gapMs(i);
    expect(detector.key(char, at)).toBeNull();
  }
  return detector.key('Enter', at + gapMs(text.length));
}

describe('telling a scanner from a person', () => {
  it('takes a fast burst ending in Enter as a scan', () => {
    expect(feed('M123456789', () => 8)).toBe('M123456789');
  });

  it('tolerates one slow key in a fast burst (a busy computer)', () => {
    expect(feed('M123456789', (i) => (i === 4 ? 70 : 6))).toBe('M123456789');
  });

  it('ignores a person typing, even quickly', () => {
    expect(feed('maya tester', () => 90)).toBeNull();
    expect(feed('maya tester', () => 45)).toBeNull();
  });

  it('ignores bursts too short to be a card', () => {
    expect(feed('12345', () => 5)).toBeNull();
  });

  it('starts over after a pause, so typed text before a scan is not part of it', () => {
    const detector = createBurstDetector();
    detector.key('a', 0);
    detector.key('b', 150);
    let at = 1_000;
    for (const char of 'CARD0042') detector.key(char, (at += 5));
    expect(detector.key('Enter', at + 5)).toBe('CARD0042');
  });

  it('does not count Shift and other named keys as characters', () => {
    const detector = createBurstDetector();
    let at = 0;
    for (const key of ['Shift', 'M', '1', '2', 'Shift', '3', '4', '5', '6'])
      detector.key(key, (at += 4));
    expect(detector.key('Enter', at + 4)).toBe('M123456');
  });
});

describe('money typed at the desk', () => {
  it('reads dollars and cents into integer cents', () => {
    expect(parseMoney('12')).toBe(1200);
    expect(parseMoney('12.5')).toBe(1250);
    expect(parseMoney('$ 0.07')).toBe(7);
  });

  it('refuses anything else', () => {
    for (const text of ['', '12.345', '-3', '1,000', 'ten']) expect(parseMoney(text)).toBeNull();
  });
});
