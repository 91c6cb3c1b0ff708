import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import { setupRequestSchema } from '../../src-shared/protocol/console-messages';
import { enrollResponseSchema, errorResponseSchema } from '../../src-shared/protocol/sync-messages';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import { createSetupCode } from '../../sync-server/admin/setup-code-admin';
import { runServerctl } from '../../sync-server/cli/serverctl-commands';
import {
  call,
  serverBackends,
  startServer,
  TestClock,
  useMigratedServer,
} from '../server/support/server-harness';

function setupBody(setupCode: string, overrides: Record<string, unknown> = {}) {
  return {
    setupCode,
    studio: { name: 'Harbor Pilates', timeZone: 'Europe/Berlin', currency: 'EUR' },
    owner: { firstName: 'Olga', lastName: 'Owner', email: 'Olga@Example.com', pin: '4321' },
    deviceName: 'Front desk',
    ...overrides,
  };
}

describe.each(serverBackends)('a new studio from a setup code on %s', (backend) => {
  const clock = new TestClock('2026-12-03T20:00:00.000Z');
  const server = useMigratedServer(backend, clock);
  const db = () => server.handle.db;
  const count = async (table: 'tenants' | 'devices' | 'users' | 'locations') =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db()))
      .rows[0]?.n ?? 0;
  const counts = async () =>
    Promise.all([count('tenants'), count('devices'), count('users'), count('locations')]);
  const newCode = async (ttlHours = 24) =>
    (await createSetupCode({ db: db(), clock }, { ttlHours })).setupCode;

  it('creates the studio, its first location, its owner and an enrolled desk, once', async () => {
    const code = await newCode();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    const response = await call(server.app, 'POST', '/v1/setup', {
      body: setupBody(code.toLowerCase()),
    });
    expect(response.status).toBe(201);
    const enrolled = enrollResponseSchema.parse(response.json);
    expect(enrolled.tenantName).toBe('Harbor Pilates');

    const tenant = await sql<{ slug: string; currency: string; stripe_account_id: null }>`
      select slug, currency, stripe_account_id from tenants where id = ${enrolled.tenantId}`.execute(
      db(),
    );
    expect(tenant.rows[0]).toMatchObject({ currency: 'EUR', stripe_account_id: null });
    expect(tenant.rows[0]?.slug).toMatch(/^harbor-pilates(-[0-9a-f]{6})?$/);
    const location = await sql<{ time_zone: string }>`
      select time_zone from locations where tenant_id = ${enrolled.tenantId}`.execute(db());
    expect(location.rows).toEqual([{ time_zone: 'Europe/Berlin' }]);
    const owner = await sql<{ role: string; email: string; status: string }>`
      select r.role, u.email, m.status from tenant_roles r
        join tenant_members m on m.tenant_id = r.tenant_id and m.id = r.member_id
        join users u on u.id = m.user_id
       where r.tenant_id = ${enrolled.tenantId}`.execute(db());
    expect(owner.rows).toEqual([{ role: 'owner', email: 'olga@example.com', status: 'active' }]);
    const device = await sql<{ id: string; name: string; status: string }>`
      select id, name, status from devices where tenant_id = ${enrolled.tenantId}`.execute(db());
    expect(device.rows).toEqual([{ id: enrolled.deviceId, name: 'Front desk', status: 'active' }]);
    // The token works like an enrolled desk's.
    const pull = await call(server.app, 'GET', '/v1/pull?after=0&limit=10', {
      token: enrolled.deviceToken,
    });
    expect(pull.status).toBe(200);

    const before = await counts();
    const again = await call(server.app, 'POST', '/v1/setup', { body: setupBody(code) });
    expect(again.status).toBe(400);
    expect(errorResponseSchema.parse(again.json).error).toBe('setup_code_used');
    expect(await counts()).toEqual(before);
  });

  it('refuses an expired or unknown code and creates nothing', async () => {
    const expiring = await newCode(1);
    clock.advance(3_600_000);
    const before = await counts();
    const expired = await call(server.app, 'POST', '/v1/setup', { body: setupBody(expiring) });
    expect(expired.status).toBe(400);
    expect(errorResponseSchema.parse(expired.json).error).toBe('setup_code_expired');
    const unknown = await call(server.app, 'POST', '/v1/setup', {
      body: setupBody('ABCD-EFGH-JKMN-PQRS'),
    });
    expect(unknown.status).toBe(400);
    expect(errorResponseSchema.parse(unknown.json).error).toBe('setup_code_invalid');
    expect(await counts()).toEqual(before);
  });

  it('makes one studio of two concurrent uses of one code', async () => {
    const code = await newCode();
    const before = await counts();
    const answers = await Promise.all([
      call(server.app, 'POST', '/v1/setup', { body: setupBody(code, { deviceName: 'Desk A' }) }),
      call(server.app, 'POST', '/v1/setup', { body: setupBody(code, { deviceName: 'Desk B' }) }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 400]);
    const refused = answers.find((a) => a.status === 400);
    expect(errorResponseSchema.parse(refused?.json).error).toBe('setup_code_used');
    const [tenants, devices, users, locations] = await counts();
    expect([tenants, devices, users, locations]).toEqual([
      before[0] + 1,
      before[1] + 1,
      before[2] + 1,
      before[3] + 1,
    ]);
  });

  it('R7.2 refuses bad bodies with 400, creating nothing and leaving the code unspent', async () => {
    const code = await newCode();
    const before = await counts();
    const bad: unknown[] = [
      {},
      setupBody(code, { extra: 1 }),
      setupBody(code, { deviceName: '' }),
      setupBody(code, { studio: { name: 'X', timeZone: 'Mars/Olympus', currency: 'EUR' } }),
      setupBody(code, { studio: { name: 'X', timeZone: 'UTC', currency: 'eur' } }),
      setupBody(code, { studio: { name: ' ', timeZone: 'UTC', currency: 'EUR' } }),
      setupBody(code, {
        owner: { firstName: 'A', lastName: 'B', email: 'not-an-email', pin: '1234' },
      }),
      setupBody(code, { owner: { firstName: 'A', lastName: 'B', email: 'a@b.co', pin: '12' } }),
      setupBody(code, { owner: { firstName: 'A', lastName: 'B', email: 'a@b.co', pin: 1234 } }),
      setupBody(code, {
        owner: { firstName: 'A', lastName: 'B', email: 'a@b.co', pin: '1234', role: 'owner' },
      }),
    ];
    for (const body of bad) {
      const response = await call(server.app, 'POST', '/v1/setup', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      const refusal = errorResponseSchema.parse(response.json);
      expect(refusal.error).toBe('invalid_request');
      expect(refusal.message.length).toBeGreaterThan(5);
    }
    const text = await call(server.app, 'POST', '/v1/setup', {
      rawBody: 'setupCode=x',
      contentType: 'text/plain',
    });
    expect(text.status).toBe(415);
    expect(await counts()).toEqual(before);
    // The code was never spent: it still sets up a studio.
    const good = await call(server.app, 'POST', '/v1/setup', { body: setupBody(code) });
    expect(good.status).toBe(201);
  });
});

describe('setup is rate-limited per address like enrolment', () => {
  const clock = new TestClock();
  const server = useMigratedServer('pglite', clock);

  it('answers 429 with Retry-After once the burst is spent', async () => {
    const app = await startServer(server.handle, clock, {
      enrollRateLimit: { burst: 2, perSecond: 0.1 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await call(app, 'POST', '/v1/setup', {
          body: setupBody('ABCD-EFGH-JKMN-PQRS'),
        });
        statuses.push(response.status);
        if (response.status === 429) expect(response.headers['retry-after']).toBeDefined();
      }
      expect(statuses).toEqual([400, 400, 429]);
    } finally {
      await app.close();
    }
  });
});

describe('serverctl setup-code', () => {
  const clock = new TestClock();
  const server = useMigratedServer('postgres', clock);

  it('prints a one-time code and its expiry as JSON; only its hash is stored', async () => {
    const out: string[] = [];
    const url = server.handle.url ?? '';
    const code = await runServerctl(['setup-code', '--ttl', '48', '--json'], {
      env: { DATABASE_URL: url },
      out: (text) => out.push(text),
      err: (text) => out.push(text),
      shutdown: new Promise(() => undefined),
    });
    expect(code).toBe(0);
    const printed = JSON.parse(out.join('')) as { setupCode: string; expiresAt: string };
    expect(printed.setupCode).toMatch(/^[2-9A-Z-]{19}$/);
    const hoursLeft = (Date.parse(printed.expiresAt) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(47.9);
    expect(hoursLeft).toBeLessThanOrEqual(48);
    const stored = await sql<{ code_hash: string }>`select code_hash from setup_codes`.execute(
      server.handle.db,
    );
    expect(stored.rows.some((row) => row.code_hash.includes(printed.setupCode))).toBe(false);
    expect(stored.rows).toHaveLength(1);
  });
});

describe('a desk with no identity sets up a studio', () => {
  const clock = new TestClock();
  const server = useMigratedServer('pglite', clock);
  const root = mkdtempSync(join(tmpdir(), 'desk-setup-'));
  let host: DeskHost | undefined;

  afterAll(async () => {
    await host?.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function ok<M extends keyof DeskMethodResults>(
    method: M,
    args: unknown = {},
  ): Promise<DeskMethodResults[M]> {
    if (!host) throw new Error('no desk');
    const reply = await host.invoke(method, args);
    if (!reply.ok) throw new Error(`${method} refused: ${reply.error.code} ${reply.error.message}`);
    return reply.value as DeskMethodResults[M];
  }

  it('comes out enrolled, and the owner signs in with the PIN after the initial sync', async () => {
    // Real time here: the desk's sync and the server's tokens use the system clock.
    const app = await startServer(server.handle, { now: () => Date.now() });
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const { setupCode } = await createSetupCode({ db: server.handle.db }, {});
      host = await createDeskHost({ dataDir: join(root, 'desk'), shell: 'test' });
      expect(await ok('setup.state')).toEqual({ enrolled: false, tenantName: null });

      const refused = await host.invoke('setup.createStudio', {
        ...setupBody(setupCode),
        serverUrl: url,
        extra: true,
      });
      expect(refused.ok).toBe(false);

      const created = await ok('setup.createStudio', { ...setupBody(setupCode), serverUrl: url });
      expect(created.tenantName).toBe('Harbor Pilates');
      expect(await ok('setup.state')).toEqual({ enrolled: true, tenantName: 'Harbor Pilates' });
      const staff = await ok('staff.list');
      expect(staff.map((s) => [s.name, s.roles])).toEqual([['Olga Owner', ['owner']]]);
      const owner = staff[0];
      if (!owner) throw new Error('no owner');
      const wrong = await host.invoke('staff.signIn', { memberId: owner.memberId, pin: '9999' });
      expect(wrong.ok).toBe(false);
      const signedIn = await ok('staff.signIn', { memberId: owner.memberId, pin: '4321' });
      expect(signedIn.memberId).toBe(owner.memberId);

      // A desk belongs to one studio for life: a second setup is refused at the desk.
      const second = await host.invoke('setup.createStudio', {
        ...setupBody(setupCode),
        serverUrl: url,
      });
      expect(second.ok ? null : second.error.code).toBe('already_enrolled');
    } finally {
      await host?.close();
      host = undefined;
      await app.close();
    }
  });

  it('the shared setup schema is strict at every level', () => {
    expect(setupRequestSchema.safeParse(setupBody('ABCD-EFGH')).success).toBe(true);
    expect(
      setupRequestSchema.safeParse({
        ...setupBody('ABCD-EFGH'),
        studio: { name: 'A', timeZone: 'UTC', currency: 'USD', slug: 'a' },
      }).success,
    ).toBe(false);
  });
});
