// Proves the sync server's own boundaries (eslint.config.js, serverLayers and
// privilegedPlaces) fail lint, by writing offending files into the real folders and linting
// them with the real configuration:
// - tenant scoping (R7.1, STYLE.md "make the safe path the only path"): outside the places
//   that may hold it, code can neither name the pool (`Kysely`, an unscoped `Transaction`),
//   open or migrate it, nor open a tenant transaction on it; it gets a TenantDatabase;
// - layering: imports point down (cli, demo → http → sync, payments, admin → db, support),
//   and routes live in http/ alone, the only folder that may import Fastify.
// Controls (a service on the scoped handle, administration on the pool) must pass, and so
// must the real tree, so these tests cannot pass merely because lint fails on everything.
// Only no-restricted-imports runs, without type information: it is the rule under test, and
// it needs none.
import { randomUUID } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const tag = `${process.pid}-${randomUUID().slice(0, 8)}`;
const FIXTURE = 'boundary-fixture-';
const file = (folder: string, name: string) => `sync-server/${folder}${FIXTURE}${tag}-${name}.ts`;

const fixtures = {
  paymentsImportsHttp: {
    file: file('payments/', 'upward'),
    source:
      "import { parseBody } from '../http/request-input';\n\nexport const parse = parseBody;\n",
  },
  dbImportsSync: {
    file: file('db/', 'upward'),
    source:
      "import { headPosition } from '../sync/change-log';\n\nexport const head = headPosition;\n",
  },
  paymentsImportsFastify: {
    file: file('payments/', 'route'),
    source:
      "import type { FastifyInstance } from 'fastify';\n\nexport type App = FastifyInstance;\n",
  },
  serviceNamesPool: {
    file: file('sync/', 'pool'),
    source:
      "import type { Kysely } from 'kysely';\n" +
      "import type { Database } from '../../src-shared/schema/catalog';\n\n" +
      'export type Pool = Kysely<Database>;\n',
  },
  serviceTakesUnscopedTransaction: {
    file: file('payments/', 'transaction'),
    source:
      "import { sql, type Transaction } from 'kysely';\n" +
      "import type { Database } from '../../src-shared/schema/catalog';\n\n" +
      'export const ping = (trx: Transaction<Database>) => sql`select 1`.execute(trx);\n',
  },
  routeOpensTenantTransaction: {
    file: file('http/', 'unscoped'),
    source:
      "import { inTenantTransaction } from '../db/tenant-transaction';\n\n" +
      'export const run = inTenantTransaction;\n',
  },
  newRootJobOpensPool: {
    file: file('', 'job'),
    source:
      "import { openServerDatabase } from './db/open-server-database';\n\n" +
      'export const open = openServerDatabase;\n',
  },
  serviceControl: {
    file: file('sync/', 'control'),
    source:
      "import type { TenantDatabase } from '../db/tenant-database';\n" +
      "import type { TenantTransaction } from '../db/tenant-transaction';\n" +
      "import { headPosition } from './change-log';\n\n" +
      'export const head = (tenants: TenantDatabase, tenantId: string) =>\n' +
      '  tenants.inTenant(tenantId, (trx: TenantTransaction) => headPosition(trx, tenantId));\n',
  },
  adminControl: {
    file: file('admin/', 'control'),
    source:
      "import type { Kysely } from 'kysely';\n" +
      "import type { Database } from '../../src-shared/schema/catalog';\n" +
      "import { inTenantTransaction } from '../db/tenant-transaction';\n\n" +
      'export const count = (db: Kysely<Database>, tenantId: string) =>\n' +
      "  inTenantTransaction(db, tenantId, (trx) => trx.selectFrom('devices').select('id').execute());\n",
  },
} as const;

type FixtureName = keyof typeof fixtures;
const fixtureNames = Object.keys(fixtures) as readonly FixtureName[];

/** The real configuration, with only the import rule and no type-aware parsing. */
function importLinter(): ESLint {
  return new ESLint({
    cwd: root,
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  });
}

function messagesOf(results: readonly ESLint.LintResult[]): string[] {
  return results.flatMap((result) =>
    result.messages.map(
      (m) => `${path.relative(root, result.filePath)}: ${m.ruleId ?? 'parser'}: ${m.message}`,
    ),
  );
}

let lintByFile: ReadonlyMap<string, ESLint.LintResult>;

function lintMessages(name: FixtureName): string[] {
  const result = lintByFile.get(path.join(root, fixtures[name].file));
  if (result === undefined) throw new Error(`ESLint did not lint ${fixtures[name].file}`);
  return result.messages.map((m) => `${m.ruleId ?? 'parser'}: ${m.message}`);
}

const restricted = (pattern: RegExp): unknown =>
  expect.arrayContaining([
    expect.stringMatching(new RegExp(`^no-restricted-imports: .*${pattern.source}`)),
  ]);

describe('sync-server boundaries fail lint', () => {
  beforeAll(async () => {
    await Promise.all(
      fixtureNames.map((name) =>
        writeFile(path.join(root, fixtures[name].file), fixtures[name].source),
      ),
    );
    const results = await importLinter().lintFiles(fixtureNames.map((name) => fixtures[name].file));
    lintByFile = new Map(results.map((result) => [result.filePath, result]));
  });

  afterAll(async () => {
    await Promise.all(
      fixtureNames.map((name) => rm(path.join(root, fixtures[name].file), { force: true })),
    );
  });

  it('a payments service importing the http/ layer above it fails', () => {
    expect(lintMessages('paymentsImportsHttp')).toEqual(restricted(/may not import from http\//));
  });

  it('the db/ layer importing a service fails', () => {
    expect(lintMessages('dbImportsSync')).toEqual(restricted(/may not import from sync\//));
  });

  it('a route outside http/ (Fastify in payments/) fails', () => {
    expect(lintMessages('paymentsImportsFastify')).toEqual(
      restricted(/Routes live in sync-server\/http/),
    );
  });

  it('R7.1: a service naming the pool type fails', () => {
    expect(lintMessages('serviceNamesPool')).toEqual(restricted(/'Kysely'.*row-level security/));
  });

  it('R7.1: a service taking a transaction not known to be tenant-scoped fails', () => {
    expect(lintMessages('serviceTakesUnscopedTransaction')).toEqual(
      restricted(/'Transaction'.*row-level security/),
    );
  });

  it('R7.1: a route opening a tenant transaction on the pool fails', () => {
    expect(lintMessages('routeOpensTenantTransaction')).toEqual(
      restricted(/'inTenantTransaction'.*row-level security/),
    );
  });

  it('R7.1: a new file outside the named places opening the pool fails', () => {
    expect(lintMessages('newRootJobOpensPool')).toEqual(restricted(/row-level security/));
  });

  it('a service on TenantDatabase and administration on the pool both pass', () => {
    expect(lintMessages('serviceControl')).toEqual([]);
    expect(lintMessages('adminControl')).toEqual([]);
  });

  it('the sync server as it stands keeps every boundary', async () => {
    const files = (await readdir(path.join(root, 'sync-server'), { recursive: true }))
      .filter((name) => name.endsWith('.ts') && !name.includes(FIXTURE))
      .map((name) => path.join('sync-server', name));
    expect(files.length).toBeGreaterThan(40);
    expect(messagesOf(await importLinter().lintFiles(files))).toEqual([]);
  });
});
