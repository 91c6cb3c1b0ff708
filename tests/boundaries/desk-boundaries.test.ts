// Proves the desk core's own boundaries (eslint.config.js, deskLayers and rawSqlitePlaces)
// fail lint, by writing offending files into the real src-main folders and linting them with
// the real configuration:
// - layering: imports point down (main, preload → core-process, loopback → bridge →
//   sync, operations, staff, hardware → store);
// - one SQLite access path: outside the hot paths rawSqlitePlaces names, desk code neither
//   imports better-sqlite3 nor reaches for the raw handle (`desk.sqlite`); it uses Kysely.
// Controls must pass, and so must the real tree, so these tests cannot pass merely because
// lint fails on everything. Only the two rules under test run, without type information.
import { randomUUID } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const tag = `${process.pid}-${randomUUID().slice(0, 8)}`;
const FIXTURE = 'boundary-fixture-';
const file = (folder: string, name: string) => `src-main/${folder}/${FIXTURE}${tag}-${name}.ts`;

const fixtures = {
  storeImportsSync: {
    file: file('store', 'upward'),
    source:
      "import { SyncOfflineError } from '../sync/sync-transport';\n\nexport const offline = SyncOfflineError;\n",
  },
  operationsImportsBridge: {
    file: file('operations', 'upward'),
    source:
      "import { createDeskHost } from '../bridge/desk-host';\n\nexport const host = createDeskHost;\n",
  },
  mainImportsStore: {
    file: file('main', 'skips-layers'),
    source: "import { openDesk } from '../store/open-desk';\n\nexport const open = openDesk;\n",
  },
  operationsUsesRawHandle: {
    file: file('operations', 'raw-handle'),
    source:
      "import type { Desk } from '../store/open-desk';\n\n" +
      "export const count = (desk: Desk) => desk.sqlite.prepare('select 1').get();\n",
  },
  staffImportsDriver: {
    file: file('staff', 'driver'),
    source: "import BetterSqlite3 from 'better-sqlite3';\n\nexport const Driver = BetterSqlite3;\n",
  },
  operationsControl: {
    file: file('operations', 'control'),
    source:
      "import type { Desk } from '../store/open-desk';\n\n" +
      "export const count = (desk: Desk) => desk.db.selectFrom('members').select('id').execute();\n",
  },
  bridgeControl: {
    file: file('bridge', 'control'),
    source:
      "import { deskStatus } from '../sync/sync-status';\n" +
      "import { runDeskQuery } from '../operations/run-query';\n\n" +
      'export const parts = [deskStatus, runDeskQuery];\n',
  },
} as const;

type FixtureName = keyof typeof fixtures;
const fixtureNames = Object.keys(fixtures) as readonly FixtureName[];
const rulesUnderTest = new Set(['no-restricted-imports', 'no-restricted-syntax']);

function boundaryLinter(): ESLint {
  return new ESLint({
    cwd: root,
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => rulesUnderTest.has(ruleId),
  });
}

let lintByFile: ReadonlyMap<string, ESLint.LintResult>;

function lintMessages(name: FixtureName): string[] {
  const result = lintByFile.get(path.join(root, fixtures[name].file));
  if (result === undefined) throw new Error(`ESLint did not lint ${fixtures[name].file}`);
  return result.messages.map((m) => `${m.ruleId ?? 'parser'}: ${m.message}`);
}

const flagged = (rule: string, pattern: RegExp): unknown =>
  expect.arrayContaining([expect.stringMatching(new RegExp(`^${rule}: .*${pattern.source}`))]);

describe('desk core boundaries fail lint', () => {
  beforeAll(async () => {
    await Promise.all(
      fixtureNames.map((name) =>
        writeFile(path.join(root, fixtures[name].file), fixtures[name].source),
      ),
    );
    const results = await boundaryLinter().lintFiles(
      fixtureNames.map((name) => fixtures[name].file),
    );
    lintByFile = new Map(results.map((result) => [result.filePath, result]));
  });

  afterAll(async () => {
    await Promise.all(
      fixtureNames.map((name) => rm(path.join(root, fixtures[name].file), { force: true })),
    );
  });

  it('the store importing the sync layer above it fails', () => {
    expect(lintMessages('storeImportsSync')).toEqual(
      flagged('no-restricted-imports', /src-main\/store\/ may not import from sync\//),
    );
  });

  it('an operation importing the bridge that calls it fails', () => {
    expect(lintMessages('operationsImportsBridge')).toEqual(
      flagged('no-restricted-imports', /src-main\/operations\/ may not import from bridge\//),
    );
  });

  it('Electron main reaching past the desk process into the store fails', () => {
    expect(lintMessages('mainImportsStore')).toEqual(
      flagged('no-restricted-imports', /src-main\/main\/ may not import from store\//),
    );
  });

  it('raw SQLite outside the named hot paths fails, by handle and by import', () => {
    expect(lintMessages('operationsUsesRawHandle')).toEqual(
      flagged('no-restricted-syntax', /through Kysely/),
    );
    expect(lintMessages('staffImportsDriver')).toEqual(
      flagged('no-restricted-imports', /through Kysely/),
    );
  });

  it('an operation on Kysely and the bridge importing services both pass', () => {
    expect(lintMessages('operationsControl')).toEqual([]);
    expect(lintMessages('bridgeControl')).toEqual([]);
  });

  it('the desk core as it stands keeps every boundary', async () => {
    const files = (await readdir(path.join(root, 'src-main'), { recursive: true }))
      .filter((name) => name.endsWith('.ts') && !name.includes(FIXTURE))
      .map((name) => path.join('src-main', name));
    expect(files.length).toBeGreaterThan(60);
    const results = await boundaryLinter().lintFiles(files);
    const messages = results.flatMap((result) =>
      result.messages.map((m) => `${path.relative(root, result.filePath)}: ${m.message}`),
    );
    expect(messages).toEqual([]);
  });
});
