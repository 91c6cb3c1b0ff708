import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { serverctl, serverctlStudio } from '../support/serverctl-run';
import type { TestDatabase } from '../support/test-databases';

/** `serverctl extend-series`: the class series horizon job over every studio (R11.1). */
describe('serverctl extend-series', () => {
  let database: TestDatabase<Database> & { url: string };
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ database, env } = await serverctlStudio({ name: 'Quiet', slug: 'quiet' }));
  });

  afterAll(async () => {
    await database.dispose();
  });

  it('R11.1 goes over every studio, leaving one without an owner to act for', async () => {
    const before = await serverctl(env, 'extend-series', '--json');
    expect(before.code).toBe(0);
    expect(JSON.parse(before.out)).toEqual({ studios: 1, created: 0, withoutOwner: 1 });

    const owner = await serverctl(
      env,
      ...['staff', 'add', '--tenant', 'quiet', '--email', 'owner@quiet.example'],
      ...['--first', 'Olive', '--last', 'Owner', '--role', 'owner', '--pin', '2468'],
    );
    expect(owner.code).toBe(0);
    const after = await serverctl(env, 'extend-series', '--weeks', '4');
    expect(after.code).toBe(0);
    expect(after.out).toBe('Class series made 4 weeks ahead: 0 classes added in 1 studios.');
  });

  it('refuses a horizon out of range as bad usage, changing nothing', async () => {
    for (const weeks of ['0', '53', 'soon']) {
      const refused = await serverctl(env, 'extend-series', '--weeks', weeks);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/weeks/);
    }
  });
});
