import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { enrollResponseSchema, errorResponseSchema } from '../../src-shared/protocol/sync-messages';
import type { Database } from '../../src-shared/schema/catalog';
import { runServerctl, type CliIo } from '../../sync-server/cli/serverctl-commands';
import { createPostgresDatabase, type TestDatabase } from '../support/test-databases';
import { httpJson } from './support/http-test-client';
import { copyMigratedPglite } from './support/pglite-template';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

function io(
  env: Record<string, string | undefined>,
  shutdown: Promise<void> = new Promise(() => undefined),
) {
  const out: string[] = [];
  const err: string[] = [];
  const handle: CliIo & { out: (text: string) => void } = {
    env,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    shutdown,
  };
  return { handle, out, err };
}

describe('serverctl', () => {
  let database: TestDatabase<Database> & { url: string };
  const run = async (...argv: string[]): Promise<Run> => {
    const { handle, out, err } = io({ DATABASE_URL: database.url });
    const code = await runServerctl(argv, handle);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const json = <S extends z.ZodType>(schema: S, result: Run): z.output<S> =>
    schema.parse(JSON.parse(result.out));
  const tenantCount = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(database.db)).rows[0]
      ?.n;

  beforeAll(async () => {
    database = await createPostgresDatabase<Database>();
  });

  afterAll(async () => {
    await database.dispose();
  });

  it('refuses to work on a database that is not migrated', async () => {
    const result = await run('tenant', 'create', '--name', 'Early', '--slug', 'early');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/serverctl migrate/);
  });

  it('migrates, creates a studio and staff, and issues a code a desk enrols with', async () => {
    expect((await run('migrate')).code).toBe(0);
    const tenant = json(
      z.object({ tenantId: z.uuid(), slug: z.literal('north-dojo') }),
      await run('tenant', 'create', '--name', 'North Dojo', '--slug', 'north-dojo', '--json'),
    );
    const staff = await run(
      'staff',
      'add',
      '--tenant',
      'north-dojo',
      '--email',
      'sensei@example.com',
      '--first',
      'Kai',
      '--last',
      'Sensei',
      '--role',
      'owner',
      '--pin',
      '2580',
      '--json',
    );
    expect(staff.code).toBe(0);
    const memberId = json(
      z.object({ memberId: z.uuid(), tenantId: z.literal(tenant.tenantId) }),
      staff,
    ).memberId;
    const roles = await sql<{
      role: string;
    }>`select role from tenant_roles where member_id = ${memberId}`.execute(database.db);
    expect(roles.rows).toEqual([{ role: 'owner' }]);

    const issued = json(
      z.object({ code: z.string(), expiresAt: z.string() }),
      await run('enroll-code', '--tenant', 'north-dojo', '--json'),
    );
    const served = await startServe();
    try {
      const response = await httpJson('POST', `${served.address}/v1/enroll`, {
        body: { code: issued.code, deviceName: 'Dojo desk' },
      });
      expect(response.status).toBe(201);
      const enrolled = enrollResponseSchema.parse(response.json);
      expect(enrolled.tenantId).toBe(tenant.tenantId);

      const listed = await run('device', 'list', '--tenant', 'north-dojo');
      expect(listed.out).toContain(enrolled.deviceId);
      expect(
        (await run('device', 'revoke', '--tenant', 'north-dojo', '--device', enrolled.deviceId))
          .code,
      ).toBe(0);
      const refused = await httpJson('GET', `${served.address}/v1/checksums`, {
        token: enrolled.deviceToken,
      });
      expect(refused.status).toBe(401);
      expect(errorResponseSchema.parse(refused.json).error).toBe('device_revoked');
    } finally {
      await served.stop();
    }
  });

  /** `serve` on a free port, stopped as SIGINT would stop it. */
  async function startServe() {
    let stop: () => void = () => undefined;
    const shutdown = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const { handle } = io({ DATABASE_URL: database.url }, shutdown);
    const listening = new Promise<string>((resolve) => {
      handle.onListening = resolve;
    });
    const exited = runServerctl(['serve', '--port', '0', '--quiet'], handle);
    const address = await Promise.race([
      listening,
      exited.then((code) => Promise.reject(new Error(`serve exited ${code}`))),
    ]);
    return {
      address,
      stop: async () => {
        stop();
        expect(await exited).toBe(0);
      },
    };
  }

  it('exits 2 on bad input, opening nothing and changing nothing', async () => {
    const before = await tenantCount();
    const cases = [
      ['tenant', 'create', '--name', 'Bad', '--slug', 'Not A Slug'],
      ['tenant', 'create', '--name', 'Bad'],
      ['tenant', 'create', '--name', 'Bad', '--slug', 'bad', '--currency', 'dollars'],
      ['tenant', 'create', '--name', 'Bad', '--slug', 'bad', '--color', 'red'],
      [
        'staff',
        'add',
        '--tenant',
        'north-dojo',
        '--email',
        'x@example.com',
        '--first',
        'A',
        '--last',
        'B',
        '--role',
        'owner',
        '--pin',
        '12ab',
      ],
      [
        'staff',
        'add',
        '--tenant',
        'north-dojo',
        '--email',
        'not-an-email',
        '--first',
        'A',
        '--last',
        'B',
        '--role',
        'owner',
        '--pin',
        '1234',
      ],
      [
        'staff',
        'add',
        '--tenant',
        'north-dojo',
        '--email',
        'x@example.com',
        '--first',
        'A',
        '--last',
        'B',
        '--role',
        'student',
        '--pin',
        '1234',
      ],
      ['enroll-code', '--tenant', 'north-dojo', '--ttl', '-5'],
      ['device', 'revoke', '--tenant', 'north-dojo', '--device', 'abc'],
      ['serve', '--port', '70000'],
      ['demo', '--scale', 'huge'],
      ['frobnicate'],
      ['tenant', 'delete'],
    ];
    for (const argv of cases) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err, argv.join(' ')).toMatch(/^serverctl: /);
    }
    expect(await tenantCount()).toBe(before);
  });

  it('exits 1 with a clear message when the database refuses, changing nothing', async () => {
    const before = await tenantCount();
    const duplicate = await run('tenant', 'create', '--name', 'Again', '--slug', 'north-dojo');
    expect(duplicate.code).toBe(1);
    expect(duplicate.err).toContain('already has the slug "north-dojo"');
    const unknown = await run('enroll-code', '--tenant', 'no-such-studio', '--json');
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.err)).toEqual({
      error: 'unknown_tenant',
      message: 'No studio has the slug "no-such-studio".',
    });
    expect(await tenantCount()).toBe(before);
  });

  it('creates the harbor-yoga demo studio once, with the demo generator', async () => {
    const first = await run('demo', '--json');
    expect(first.code).toBe(0);
    const demo = json(
      z.object({
        created: z.literal(true),
        rows: z.number(),
        staff: z.array(z.object({ roles: z.array(z.string()) })),
      }),
      first,
    );
    expect(demo.rows).toBeGreaterThan(1000);
    expect(demo.staff.some((s) => s.roles.includes('owner'))).toBe(true);
    const again = json(z.object({ created: z.literal(false) }), await run('demo', '--json'));
    expect(again.created).toBe(false);
    const pins = await sql<{ n: number }>`select count(*)::int as n from staff_credentials c
      join tenants t on t.id = c.tenant_id where t.slug = 'harbor-yoga'`.execute(database.db);
    expect(pins.rows[0]?.n).toBe(demo.staff.length);
  });

  it('works on the embedded PGlite in --data when DATABASE_URL is not set', async () => {
    const copy = await copyMigratedPglite();
    try {
      const { handle, out } = io({});
      const argv = [
        'tenant',
        'create',
        '--name',
        'Embedded',
        '--slug',
        'embedded',
        '--data',
        copy.dataDir,
        '--json',
      ];
      expect(await runServerctl(argv, handle)).toBe(0);
      expect(JSON.parse(out.join(''))).toMatchObject({ slug: 'embedded' });
    } finally {
      await copy.remove();
    }
  });
});
