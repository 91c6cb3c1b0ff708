import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { servedAutomations } from '../../sync-server/cli/run-automations-command';
import { serverctl, serverctlStudio } from '../support/serverctl-run';
import type { TestDatabase } from '../support/test-databases';

const PASSWORD = 'operator-typed-secret-7781';

/** `serverctl studio-smtp get|set|clear` (issue 20, R20.5): a studio's own SMTP server. */
describe('serverctl studio-smtp', () => {
  let database: TestDatabase<Database> & { url: string };
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ database, env } = await serverctlStudio({ name: 'Tide Yoga', slug: 'tide' }));
  });

  afterAll(async () => {
    await database.dispose();
  });

  const settings = {
    host: 'smtp.tide.test',
    port: 587,
    secure: false,
    user: 'tide',
    pass: PASSWORD,
    from: 'Tide Yoga <hello@tide.test>',
  };

  it('R20.5 sets, shows masked, and clears a studio server; mail follows at once', async () => {
    const { tenantId } = JSON.parse(
      (await serverctl(env, 'studio-smtp', 'get', '--tenant', 'tide', '--json')).out,
    ) as { tenantId: string; smtp: null };
    const before = await serverctl(env, 'studio-smtp', 'get', '--tenant', 'tide');
    expect(before.out).toBe("tide sends through the platform's smtp.default.");

    const set = await serverctl(
      env,
      'studio-smtp',
      'set',
      '--tenant',
      'tide',
      JSON.stringify(settings),
    );
    expect(set.code).toBe(0);
    expect(set.out).not.toContain(PASSWORD);
    const got = await serverctl(env, 'studio-smtp', 'get', '--tenant', tenantId, '--json');
    expect(JSON.parse(got.out)).toEqual({ tenantId, smtp: { ...settings, pass: '****7781' } });
    const served = await servedAutomations(database.db, 'http://members.tide.test');
    expect(await served.mailerFor(tenantId)).toBeTypeOf('function');

    expect((await serverctl(env, 'studio-smtp', 'clear', '--tenant', 'tide')).code).toBe(0);
    expect(
      JSON.parse((await serverctl(env, 'studio-smtp', 'get', '--tenant', 'tide', '--json')).out),
    ).toEqual({
      tenantId,
      smtp: null,
    });
    // Neither the studio's nor the platform's: nothing to send with.
    expect(await served.mailerFor(tenantId)).toBeUndefined();
  });

  it('refuses bad settings, a missing --tenant or an unknown studio, storing nothing', async () => {
    const badPort = await serverctl(
      env,
      ...['studio-smtp', 'set', '--tenant', 'tide', JSON.stringify({ ...settings, port: 0 })],
    );
    expect(badPort.code).toBe(2);
    expect(badPort.err).toMatch(/port/);
    const badFrom = await serverctl(
      env,
      ...['studio-smtp', 'set', '--tenant', 'tide', JSON.stringify({ ...settings, from: 'tide' })],
    );
    expect(badFrom.code).toBe(2);
    expect(badFrom.err).toMatch(/from/);
    expect((await serverctl(env, 'studio-smtp', 'set', '--tenant', 'tide', '{')).code).toBe(2);
    expect((await serverctl(env, 'studio-smtp', 'get')).err).toMatch(/--tenant is required/);
    const unknown = await serverctl(env, 'studio-smtp', 'get', '--tenant', 'nowhere');
    expect(unknown.code).not.toBe(0);
    const after = await serverctl(env, 'studio-smtp', 'get', '--tenant', 'tide');
    expect(after.out).toBe("tide sends through the platform's smtp.default.");
  });
});
