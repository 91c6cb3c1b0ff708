import { describe, expect, it } from 'vitest';
import { topInclusiveTime, topSelfTime } from '../../bench/cpu-profile-top';

/** A V8 profile node with its callees; V8's pseudo-frames, like "(idle)", have no file. */
function node(id: number, functionName: string, children: number[] = []) {
  return {
    id,
    callFrame: {
      functionName,
      url: functionName.startsWith('(') ? '' : 'file:///repo/a.ts',
      lineNumber: 0,
    },
    children,
  };
}

// root → handle → { parse, query → write }, and idle; each sample lasts 10 µs.
const profile = JSON.stringify({
  nodes: [
    node(1, '(root)', [2, 6]),
    node(2, 'handle', [3, 4]),
    node(3, 'parse'),
    node(4, 'query', [5]),
    node(5, 'write'),
    node(6, '(idle)'),
  ],
  samples: [3, 5, 5, 4, 2, 6, 6, 5],
  timeDeltas: [10, 10, 10, 10, 10, 10, 10, 10],
});

/** Each entry's share, keyed by its function name alone, rounded to three places. */
function shares(entries: readonly { name: string; busyShare: number }[]): Record<string, number> {
  const byName: Record<string, number> = {};
  for (const entry of entries) {
    byName[entry.name.split(' ')[0] ?? ''] = Number(entry.busyShare.toFixed(3));
  }
  return byName;
}

describe('bench/cpu-profile-top', () => {
  it('gives self time as shares of the busy samples, idle left out', () => {
    expect(shares(topSelfTime(profile, 10))).toEqual({
      write: 0.5,
      parse: 0.167,
      query: 0.167,
      handle: 0.167,
    });
  });

  it('gives inclusive time: a function and everything it called, root left out', () => {
    expect(shares(topInclusiveTime(profile, 10))).toEqual({
      handle: 1,
      query: 0.667,
      write: 0.5,
      parse: 0.167,
    });
  });

  it('leaves out the samples of the first seconds when asked', () => {
    // The first two samples end before 25 µs have passed: write and parse lose one each.
    expect(shares(topSelfTime(profile, 10, 25e-6))).toEqual({
      write: 0.5,
      query: 0.25,
      handle: 0.25,
    });
  });
});
