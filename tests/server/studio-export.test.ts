import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { sql } from 'kysely';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorResponseSchema, pushResponseSchema } from '../../src-shared/protocol/sync-messages';
import { catalog } from '../../src-shared/schema/catalog';
import type { TableSpec } from '../../src-shared/schema/table-spec';
import { addStaff } from '../../sync-server/admin/staff-admin';
import { runServerctl } from '../../sync-server/cli/serverctl-commands';
import { exportTables, TABLES_NOT_EXPORTED } from '../../sync-server/export/export-tables';
import { downloadStudioExport } from '../../src-main/sync/studio-export-download';
import { SyncServerError } from '../../src-main/sync/sync-transport';
import {
  call,
  createStudioWithDesk,
  TEST_PIN_COST,
  TestClock,
  type TestOutbox,
  useMigratedServer,
  type TestDesk,
} from './support/server-harness';

/** Every file of a .tar.gz by name. */
async function readArchive(bytes: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const reader = extract();
  const read = pipeline(Readable.from([bytes]), createGunzip(), reader);
  for await (const entry of reader) {
    files.set(entry.header.name, await buffer(entry));
  }
  await read;
  return files;
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    if (quoted && c === '"' && next === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      record.push(field);
      field = '';
    } else if (!quoted && c === '\r' && next === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return records;
}

const manifestSchema = z.object({
  studio: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  exported_at: z.string(),
  server: z.object({ schema_migration: z.string(), server_migration: z.string() }),
  tables: z.array(
    z.object({
      name: z.string(),
      rows: z.number(),
      columns: z.array(z.string()),
      files: z.record(z.string(), z.object({ bytes: z.number(), sha256: z.string() })),
    }),
  ),
});

describe('the full studio export (Postgres)', () => {
  const clock = new TestClock();
  const server = useMigratedServer('postgres', clock);
  const folder = mkdtempSync(path.join(tmpdir(), 'studio-export-test-'));
  let studio: Awaited<ReturnType<typeof createStudioWithDesk>>;
  let other: Awaited<ReturnType<typeof createStudioWithDesk>>;
  let frontDeskId: string;

  const push = (desk: TestDesk, outbox: TestOutbox, mutations: [string, unknown][]) =>
    call(server.app, 'POST', '/v1/push', {
      token: desk.token,
      body: { mutations: mutations.map(([name, args]) => outbox.next(name, args)) },
    });
  const serverctl = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runServerctl(argv, {
      env: { DATABASE_URL: server.handle.url },
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      shutdown: new Promise(() => undefined),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const product = (name: string) => ({
    name,
    price: 1500,
    taxCategory: 'retail',
    taxable: true,
    openingStock: 4,
  });

  beforeAll(async () => {
    studio = await createStudioWithDesk(server, clock);
    other = await createStudioWithDesk(server, clock);
    frontDeskId = (
      await addStaff(
        { db: server.handle.db, clock },
        {
          tenantId: studio.studio.tenantId,
          email: `frank-${studio.studio.slug}@example.com`,
          firstName: 'Frank',
          lastName: 'Desk',
          role: 'front_desk',
          pin: '2468',
        },
        TEST_PIN_COST,
      )
    ).memberId;
    const mine = await push(studio.desk, studio.outbox, [
      ['member.create', { firstName: 'Ann', lastName: 'Lee, "Jr"', email: 'ann@example.com' }],
      ['product.create', product('=SUM(A1:A9)')],
      ['product.create', product('@cmd')],
      ['product.create', product('Mat, "grey"\nlarge')],
      ['note.add', { memberId: studio.studio.ownerId, note: '-2+3 knee' }],
    ]);
    expect(pushResponseSchema.parse(mine.json).results.every((r) => r.outcome === 'applied')).toBe(
      true,
    );
    const theirs = await push(other.desk, other.outbox, [
      ['product.create', product('Other studio towel')],
    ]);
    expect(pushResponseSchema.parse(theirs.json).results[0]?.outcome).toBe('applied');
    // The payout job's note of the payouts whose contents it listed (issue 19), per studio.
    await sql`insert into card_payout_listings (tenant_id, payout_id, listed_at) values
      (${studio.studio.tenantId}::uuid, 'po_Mine', '2026-12-01T10:00:00.000Z'),
      (${other.studio.tenantId}::uuid, 'po_Theirs', '2026-12-01T10:00:00.000Z')`.execute(
      server.handle.db,
    );
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  /** What the database holds for one exported table of the studio, as JSON Lines would. */
  async function databaseRows(name: string, tenantId: string) {
    const table = exportTables.find((t) => t.name === name);
    if (!table) throw new Error(name);
    const where =
      table.scope === 'tenant_id'
        ? sql`tenant_id = ${tenantId}::uuid`
        : table.scope === 'tenant_row'
          ? sql`id = ${tenantId}::uuid`
          : sql`id in (select user_id from tenant_members where tenant_id = ${tenantId}::uuid)`;
    const result = await sql<Record<string, unknown>>`select ${sql.join(
      table.columns.map((c) => sql.ref(c)),
    )} from ${sql.table(name)} where ${where} order by ${sql.join(
      table.keys.map((k) => sql.ref(k.column)),
    )}`.execute(server.handle.db);
    return result.rows.map((row) =>
      Object.fromEntries(
        table.columns.map((c) => {
          const value = row[c] ?? null;
          return [
            c,
            table.jsonColumns.has(c) && typeof value === 'string' ? JSON.parse(value) : value,
          ];
        }),
      ),
    );
  }

  it('writes every table of the studio, only its rows, as the manifest says', async () => {
    const out = path.join(folder, 'studio.tar.gz');
    const run = await serverctl('export-studio', '--tenant', studio.studio.slug, '--out', out);
    expect(run.err).toMatch(/products: 3 rows/);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Exported Studio \(studio-[0-9a-f]+\): \d+ rows in \d+ tables/);
    expect(readdirSync(folder)).toEqual(['studio.tar.gz']);

    const files = await readArchive(readFileSync(out));
    const manifest = manifestSchema.parse(JSON.parse(files.get('manifest.json')?.toString() ?? ''));
    expect(manifest.studio).toEqual({
      id: studio.studio.tenantId,
      slug: studio.studio.slug,
      name: 'Studio',
    });

    // Every table of the catalog but the platform's, and no file the manifest does not name.
    const expected = (Object.values(catalog) as TableSpec[])
      .map((t) => t.name)
      .filter((name) => name !== 'platform_config');
    expect(manifest.tables.map((t) => t.name)).toEqual(expect.arrayContaining(expected));
    expect([...files.keys()].sort()).toEqual(
      ['manifest.json', ...manifest.tables.flatMap((t) => Object.keys(t.files))].sort(),
    );

    for (const table of manifest.tables) {
      const jsonl = files.get(`${table.name}.jsonl`) ?? Buffer.alloc(0);
      const csv = files.get(`${table.name}.csv`) ?? Buffer.alloc(0);
      for (const [name, bytes] of [
        [`${table.name}.jsonl`, jsonl],
        [`${table.name}.csv`, csv],
      ] as const) {
        expect(table.files[name]).toEqual({
          bytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        });
      }
      const rows = jsonl
        .toString()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(rows).toEqual(await databaseRows(table.name, studio.studio.tenantId));
      expect(rows).toHaveLength(table.rows);
      const records = parseCsv(csv.toString());
      expect(records[0]).toEqual(table.columns);
      expect(records).toHaveLength(table.rows + 1);
      for (const row of rows) {
        if ('tenant_id' in row) expect(row['tenant_id']).toBe(studio.studio.tenantId);
      }
    }
    const count = (name: string) => manifest.tables.find((t) => t.name === name)?.rows;
    expect(count('tenants')).toBe(1);
    expect(count('devices')).toBe(1);
    expect(count('tenant_members')).toBe(3);
    expect(count('mutation_log')).toBe(5);
    expect(files.get('card_payout_listings.jsonl')?.toString()).toBe(
      `${JSON.stringify({ tenant_id: studio.studio.tenantId, payout_id: 'po_Mine', listed_at: '2026-12-01T10:00:00.000Z' })}\n`,
    );
    expect(files.get('products.jsonl')?.toString()).not.toMatch(/Other studio towel/);

    // Spreadsheet formulas are shown, not run; JSON Lines keeps the text as it is.
    const products = parseCsv(files.get('products.csv')?.toString() ?? '');
    const nameAt = products[0]?.indexOf('name') ?? -1;
    expect(
      products
        .slice(1)
        .map((r) => r[nameAt])
        .sort(),
    ).toEqual(["'=SUM(A1:A9)", "'@cmd", 'Mat, "grey"\nlarge'].sort());
    expect(files.get('products.jsonl')?.toString()).toMatch(/"name":"=SUM\(A1:A9\)"/);
    expect(files.get('student_notes.csv')?.toString()).toMatch(/,'-2\+3 knee,/);
  });

  it('leaves every secret out: PIN hashes, device tokens, the pepper', async () => {
    const out = path.join(folder, 'secrets.tar.gz');
    expect(
      (await serverctl('export-studio', '--tenant', studio.studio.tenantId, '--out', out)).code,
    ).toBe(0);
    const files = await readArchive(readFileSync(out));
    const everything = Buffer.concat([...files.values()]).toString();
    const secrets = await sql<{ secret: string }>`
      select pin_hash as secret from staff_credentials where tenant_id = ${studio.studio.tenantId}::uuid
      union all select token_hash from devices where tenant_id = ${studio.studio.tenantId}::uuid
      union all select pin_pepper from tenant_secrets where tenant_id = ${studio.studio.tenantId}::uuid`.execute(
      server.handle.db,
    );
    expect(secrets.rows.length).toBeGreaterThanOrEqual(4);
    for (const { secret } of secrets.rows) expect(everything).not.toContain(secret);
    expect(everything).not.toContain(studio.desk.token);
    expect(everything).not.toMatch(
      /pin_hash|token_hash|pin_pepper|(mailchimp|zapier|google|slack)_credentials/,
    );
    // The owner's own Stripe ids are theirs to take (PROTOCOL R4.6 keeps them off desks).
    expect(files.get('tenants.jsonl')?.toString()).toMatch(/"stripe_account_id":null/);
  });

  it('accounts for every table with a tenant: exported, or left out for a stated reason', async () => {
    const tables = await sql<{ table_name: string }>`
      select distinct table_name from information_schema.columns
       where table_schema = current_schema() and column_name = 'tenant_id'`.execute(
      server.handle.db,
    );
    const known = new Set([...exportTables.map((t) => t.name), ...TABLES_NOT_EXPORTED]);
    expect(tables.rows.map((r) => r.table_name).filter((name) => !known.has(name))).toEqual([]);
  });

  it('refuses an unknown studio or a path it cannot write, leaving no file behind', async () => {
    const unknownSlug = await serverctl(
      'export-studio',
      '--tenant',
      'no-such-studio',
      '--out',
      path.join(folder, 'x.tar.gz'),
    );
    expect(unknownSlug.code).toBe(1);
    expect(unknownSlug.err).toMatch(/No studio has the slug "no-such-studio"/);
    const unknownId = await serverctl(
      'export-studio',
      '--tenant',
      '00000000-0000-4000-8000-000000000000',
      '--out',
      path.join(folder, 'y.tar.gz'),
    );
    expect(unknownId.code).toBe(1);
    expect(unknownId.err).toMatch(/No studio has the id/);
    const missingFolder = await serverctl(
      'export-studio',
      '--tenant',
      studio.studio.slug,
      '--out',
      path.join(folder, 'nope', 'z.tar.gz'),
    );
    expect(missingFolder.code).toBe(1);
    expect(missingFolder.err).toMatch(/Cannot write the export to .*its folder does not exist/);
    const noOut = await serverctl('export-studio', '--tenant', studio.studio.slug);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toMatch(/--out is required/);
    expect(
      existsSync(path.join(folder, 'x.tar.gz')) || existsSync(path.join(folder, 'y.tar.gz')),
    ).toBe(false);
    expect(readdirSync(folder).filter((name) => name.includes('partial'))).toEqual([]);
  });

  it('streams the same archive to the owner over HTTP and refuses everyone else', async () => {
    const url = (actorId: string) => `/v1/console/export?actorId=${actorId}`;
    const response = await server.app.inject({
      method: 'GET',
      url: url(studio.studio.ownerId),
      headers: { authorization: `Bearer ${studio.desk.token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/gzip');
    expect(response.headers['content-disposition']).toMatch(
      /attachment; filename="studio-export-2026-\d\d-\d\d\.tar\.gz"/,
    );
    const files = await readArchive(response.rawPayload);
    const manifest = manifestSchema.parse(JSON.parse(files.get('manifest.json')?.toString() ?? ''));
    expect(manifest.studio.id).toBe(studio.studio.tenantId);
    expect(manifest.tables.find((t) => t.name === 'products')?.rows).toBe(3);

    for (const [actorId, status] of [
      [frontDeskId, 403],
      [other.studio.ownerId, 403],
      ['not-a-member', 400],
    ] as const) {
      const refused = await call(server.app, 'GET', url(actorId), { token: studio.desk.token });
      expect(refused.status).toBe(status);
      expect(errorResponseSchema.parse(refused.json).error).toBe(
        status === 403 ? 'forbidden' : 'invalid_query',
      );
    }
    expect((await call(server.app, 'GET', url(studio.studio.ownerId))).status).toBe(401);
  });

  it('saves the archive at a desk only once whole, and saves nothing when refused', async () => {
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const identity = { serverUrl: address, deviceToken: studio.desk.token };
    const target = path.join(folder, 'desk-copy.tar.gz');
    const saved = await downloadStudioExport(identity, studio.studio.ownerId, target);
    expect(saved.path).toBe(target);
    expect(saved.bytes).toBe(readFileSync(target).length);
    const files = await readArchive(readFileSync(target));
    expect(
      manifestSchema.parse(JSON.parse(files.get('manifest.json')?.toString() ?? '')).studio.id,
    ).toBe(studio.studio.tenantId);

    const refusedAt = path.join(folder, 'refused.tar.gz');
    const refused = await downloadStudioExport(identity, frontDeskId, refusedAt).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(SyncServerError);
    expect((refused as SyncServerError).status).toBe(403);
    const nowhere = path.join(folder, 'missing', 'x.tar.gz');
    await expect(downloadStudioExport(identity, studio.studio.ownerId, nowhere)).rejects.toThrow(
      /cannot save the export to/,
    );
    expect(
      readdirSync(folder).filter((name) => name.includes('partial') || name === 'refused.tar.gz'),
    ).toEqual([]);
  });
});
