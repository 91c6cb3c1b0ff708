import { describe, expect, it } from 'vitest';
import { pullResponseSchema } from './sync-messages';

const page = (changes: unknown[]) => ({
  changes,
  position: 2,
  headPosition: 2,
  hasMore: false,
  lastAppliedSeq: 0,
});

describe('pull pages are checked strictly (R7.2), with the hand-written row check', () => {
  it('accepts upserts and deletes of strings, numbers and nulls', () => {
    const valid = page([
      { op: 'upsert', table: 'members', row: { id: 'a', n: 3, note: null } },
      { op: 'delete', table: 'members', key: { tenant_id: 't', id: 'a' } },
    ]);
    expect(pullResponseSchema.parse(valid)).toEqual(valid);
  });

  it('refuses every other shape instead of coercing it', () => {
    const invalid: unknown[] = [
      { op: 'upsert', table: 'members', row: { id: true } },
      { op: 'upsert', table: 'members', row: { id: { nested: 1 } } },
      { op: 'upsert', table: 'members', row: { id: [1] } },
      { op: 'upsert', table: 'members', row: ['a'] },
      { op: 'upsert', table: 'members', row: null },
      { op: 'upsert', table: 'members', key: { id: 'a' } },
      { op: 'delete', table: 'members', row: { id: 'a' } },
      { op: 'replace', table: 'members', row: { id: 'a' } },
      { op: 'upsert', table: 7, row: { id: 'a' } },
      { op: 'upsert', table: 'members', row: { id: 'a' }, extra: 1 },
      { op: 'upsert', table: 'members' },
      'upsert',
    ];
    for (const change of invalid) {
      expect(pullResponseSchema.safeParse(page([change])).success).toBe(false);
    }
  });
});
