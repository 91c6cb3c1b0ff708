import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { serverctl, serverctlDatabase } from '../support/serverctl-run';
import type { TestDatabase } from '../support/test-databases';

describe('serverctl bill-renewals', () => {
  let database: TestDatabase<Database> & { url: string };

  beforeAll(async () => {
    ({ database } = await serverctlDatabase());
  });

  afterAll(async () => {
    await database.dispose();
  });

  it('R14.5 refuses without Stripe keys, saying what to set and that nothing was charged', async () => {
    const result = await serverctl({ DATABASE_URL: database.url }, 'bill-renewals');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET/);
    expect(result.err).toMatch(/No renewal was charged/);
  });

  it('R14.5 runs the job once and reports what it did', async () => {
    const env = {
      DATABASE_URL: database.url,
      STRIPE_SECRET_KEY: 'sk_test_StudioDeskCommandKey',
      STRIPE_WEBHOOK_SECRET: 'whsec_StudioDeskCommandSecret',
    };
    expect(
      (await serverctl(env, 'tenant', 'create', '--name', 'Quiet', '--slug', 'quiet')).code,
    ).toBe(0);
    // A studio with nothing due: no call reaches Stripe, so no network is needed.
    const result = await serverctl(env, 'bill-renewals', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({
      charged: 0,
      declined: 0,
      expired: 0,
      canceled: 0,
      deferred: 0,
      skippedStudios: 0,
    });
    const human = await serverctl(env, 'bill-renewals');
    expect(human.out).toBe(
      'Renewals: 0 charged, 0 declined (0 expired), 0 canceled at period end, 0 deferred, 0 studios skipped.',
    );
  });

  it('refuses an unknown option before opening the database', async () => {
    const result = await serverctl({ DATABASE_URL: database.url }, 'bill-renewals', '--now');
    expect(result.code).toBe(2);
  });
});
