import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { readPlatformConfig, writePlatformConfig } from '../../sync-server/admin/platform-config';
import { serverctl, serverctlStudio } from '../support/serverctl-run';
import type { TestDatabase } from '../support/test-databases';

const SMTP = {
  host: 'smtp.example.com',
  port: 587,
  secure: false,
  user: 'mailer',
  pass: 'correct-horse-battery-staple',
  from: 'Studio Desk <desk@example.com>',
};
const VAPID = {
  publicKey: 'BPublicKeyBase64urlAAAAAAAAAAAAAAAAAAAAAAAA',
  privateKey: 'PrivateKeyBase64urlSECRETSECRETxyz9',
  subject: 'mailto:ops@example.com',
};

/** `serverctl features …` and `serverctl config …` (issue 20, PROTOCOL.md R19). */
describe('serverctl features and config', () => {
  let database: TestDatabase<Database> & { url: string };
  let env: Record<string, string>;
  let tenantId: string;

  const tableCounts = async () =>
    (
      await sql<{ features: number; config: number; changes: number }>`select
        (select count(*)::int from tenant_features) as features,
        (select count(*)::int from platform_config) as config,
        (select count(*)::int from sync_changes where table_name = 'tenant_features') as changes`.execute(
        database.db,
      )
    ).rows[0];

  beforeAll(async () => {
    ({ database, env, tenantId } = await serverctlStudio({ name: 'Quiet', slug: 'quiet' }));
  });

  afterAll(async () => {
    await database.dispose();
  });

  it('R19.1 lists every feature on for a studio that never had a plan', async () => {
    const listed = await serverctl(env, 'features', 'list', '--tenant', 'quiet', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toEqual({
      tenantId,
      features: [
        { key: 'appointments', label: 'Appointments', enabled: true },
        { key: 'automations', label: 'Automations', enabled: true },
        { key: 'card_payments', label: 'Card payments', enabled: true },
      ],
    });
  });

  it('R19.3 switches a feature off and on by slug or id, through change capture', async () => {
    const off = await serverctl(env, 'features', 'set', '--tenant', 'quiet', 'appointments', 'off');
    expect(off.code).toBe(0);
    expect(off.out).toMatch(/appointments is now off for quiet/);
    const listed = await serverctl(env, 'features', 'list', '--tenant', tenantId);
    expect(listed.out).toMatch(/appointments\s+off/);
    expect(listed.out).toMatch(/card_payments\s+on/);
    // Logged for the studio's desks to pull (R4.1).
    expect((await tableCounts())?.changes).toBe(1);

    const again = await serverctl(
      env,
      'features',
      'set',
      '--tenant',
      tenantId,
      'appointments',
      'off',
    );
    expect(again.out).toMatch(/already off/);
    const on = await serverctl(
      env,
      ...['features', 'set', '--tenant', 'quiet', 'appointments', 'on', '--json'],
    );
    expect(JSON.parse(on.out)).toEqual({
      tenantId,
      key: 'appointments',
      enabled: true,
      changed: true,
    });
    const rows = await database.db
      .selectFrom('tenant_features')
      .select(['feature_key', 'enabled'])
      .execute();
    expect(rows).toEqual([{ feature_key: 'appointments', enabled: 1 }]);
  });

  it('refuses an unknown feature, a state other than on or off and an unknown studio, changing nothing', async () => {
    const before = await tableCounts();
    const unknown = await serverctl(
      env,
      'features',
      'set',
      '--tenant',
      'quiet',
      'yoga_mats',
      'off',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/"yoga_mats" is not a feature; the features are appointments/);
    const state = await serverctl(env, 'features', 'set', '--tenant', 'quiet', 'automations', 'no');
    expect(state.code).toBe(2);
    expect(state.err).toMatch(/on or off/);
    const missing = await serverctl(env, 'features', 'set', 'automations', 'off');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--tenant is required/);
    const nobody = await serverctl(
      env,
      'features',
      'set',
      '--tenant',
      'nobody',
      'automations',
      'off',
    );
    expect(nobody.code).toBe(1);
    expect(nobody.err).toMatch(/No studio has the slug "nobody"/);
    const noId = await serverctl(
      env,
      ...['features', 'list', '--tenant', '01900000-0000-7000-8000-000000000bad', '--json'],
    );
    expect(noId.code).toBe(1);
    expect(JSON.parse(noId.err)).toMatchObject({ error: 'unknown_tenant' });
    expect(await tableCounts()).toEqual(before);
  });

  it('sets platform settings checked by their shape, and never prints a secret in full', async () => {
    const set = await serverctl(env, 'config', 'set', 'smtp.default', JSON.stringify(SMTP));
    expect(set.code).toBe(0);
    expect(
      await serverctl(env, 'config', 'set', 'push.vapid', JSON.stringify(VAPID)),
    ).toMatchObject({
      code: 0,
    });
    expect(
      (await serverctl(env, 'config', 'set', 'jobs.automations', '{"intervalSeconds":300}')).code,
    ).toBe(0);

    const got = await serverctl(env, 'config', 'get', 'smtp.default', '--json');
    expect(JSON.parse(got.out)).toMatchObject({
      key: 'smtp.default',
      enabled: true,
      known: true,
      value: { ...SMTP, pass: '****aple' },
    });
    const listed = await serverctl(env, 'config', 'list');
    const printed = [set.out, got.out, listed.out].join('\n');
    expect(printed).not.toContain(SMTP.pass);
    expect(printed).not.toContain(VAPID.privateKey);
    expect(listed.out).toContain('jobs.automations = {"intervalSeconds":300}');
    expect(listed.out).toContain(VAPID.publicKey);

    // The services the server's jobs read get the whole value, typed by its key.
    expect(await readPlatformConfig(database.db, 'smtp.default')).toEqual(SMTP);
    expect(await readPlatformConfig(database.db, 'push.vapid')).toEqual(VAPID);
    const interval = await readPlatformConfig(database.db, 'jobs.automations');
    expect(interval?.intervalSeconds).toBe(300);
  });

  it('refuses an unknown setting, bad JSON and a wrong shape, changing nothing', async () => {
    const before = await tableCounts();
    const unknown = await serverctl(env, 'config', 'set', 'smtp.backup', '{}');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /"smtp.backup" is not a platform setting; the settings are smtp.default/,
    );
    const badJson = await serverctl(env, 'config', 'set', 'jobs.automations', '{intervalSeconds:5');
    expect(badJson.code).toBe(2);
    expect(badJson.err).toMatch(/jobs.automations: the value is not JSON/);
    const shape = await serverctl(
      env,
      ...['config', 'set', 'smtp.default', JSON.stringify({ ...SMTP, port: '587', extra: 1 })],
    );
    expect(shape.code).toBe(2);
    expect(shape.err).toMatch(/smtp.default: port: .*number/);
    const tooOften = await serverctl(
      env,
      'config',
      'set',
      'jobs.automations',
      '{"intervalSeconds":1}',
    );
    expect(tooOften.code).toBe(2);
    const getUnknown = await serverctl(env, 'config', 'get', 'smtp.backup');
    expect(getUnknown.code).toBe(1);
    expect(getUnknown.err).toMatch(/not a platform setting/);
    await expect(
      // A caller that gets around the types is refused the same way.
      writePlatformConfig(database.db, 'jobs.automations', { intervalSeconds: -1 }),
    ).rejects.toThrow(/intervalSeconds/);
    expect(await tableCounts()).toEqual(before);
    expect(await readPlatformConfig(database.db, 'jobs.automations')).toEqual({
      intervalSeconds: 300,
    });
  });
});
