import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { serverctl, serverctlStudio } from '../support/serverctl-run';
import type { TestDatabase } from '../support/test-databases';

describe('serverctl reconcile-payouts (issue 19)', () => {
  let database: TestDatabase<Database> & { url: string };
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ database, env } = await serverctlStudio(
      { name: 'Quiet', slug: 'quiet' },
      {
        STRIPE_SECRET_KEY: 'sk_test_StudioDeskCommandKey',
        STRIPE_WEBHOOK_SECRET: 'whsec_StudioDeskCommandSecret',
      },
    ));
  });

  afterAll(async () => {
    await database.dispose();
  });

  it('refuses without Stripe keys, saying what to set and that nothing was read', async () => {
    const result = await serverctl({ DATABASE_URL: database.url }, 'reconcile-payouts');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET/);
    expect(result.err).toMatch(/Nothing was read/);
  });

  it('skips studios with no connected account, and says so for one named', async () => {
    // No studio has an account: no call reaches Stripe, so no network is needed.
    const all = await serverctl(env, 'reconcile-payouts', '--json');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out)).toEqual({ tenants: 0, failed: 0, payouts: 0, lines: 0 });
    const human = await serverctl(env, 'reconcile-payouts');
    expect(human.out).toBe(
      'Card payouts: 0 payouts and 0 balance lines new or changed in 0 studios.',
    );
    const named = await serverctl(env, 'reconcile-payouts', '--tenant', 'quiet');
    expect(named.code).toBe(1);
    expect(named.err).toMatch(/not connected a Stripe account/);
  });

  it('refuses an unknown studio or option', async () => {
    const unknown = await serverctl(env, 'reconcile-payouts', '--tenant', 'no-such-studio');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no-such-studio/);
    expect((await serverctl(env, 'reconcile-payouts', '--now')).code).toBe(2);
  });
});
