// The command-line loader, run as a user runs it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArguments } from '../../scripts/generate-demo-data';

const root = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'demo-script-'));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(...args: string[]): Promise<Run> {
  const script = path.join(root, 'scripts/generate-demo-data.ts');
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      {
        cwd: root,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error: unknown) {
    // execFile rejects with the exit code and both outputs attached to the error.
    const field = (name: string): unknown =>
      typeof error === 'object' && error !== null ? Reflect.get(error, name) : undefined;
    const code = field('code');
    return {
      code: typeof code === 'number' ? code : -1,
      stdout: String(field('stdout')),
      stderr: String(field('stderr')),
    };
  }
}

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('scripts/generate-demo-data.ts', () => {
  // The two runs of the real script go side by side: each spends seconds starting tsx.
  it.concurrent(
    'loads the small studio into a new desk database and reports what it wrote',
    async ({ expect }) => {
      const file = path.join(scratch, 'demo.sqlite');
      const result = await run(
        '--seed',
        '3',
        '--scale',
        'small',
        '--now',
        '2026-11-26T12:00:00.000Z',
        '--sqlite',
        file,
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^seed 3, scale small \(150 members/);
      expect(result.stdout).toMatch(/\n {2}bookings +\d+\n/);
      const total = Number(/(\d+) rows in [\d.]+ s\n$/.exec(result.stdout)?.[1]);
      const sqlite = new BetterSqlite3(file, { readonly: true });
      try {
        const tables = sqlite
          .prepare(
            "select name from sqlite_master where type = 'table' and name not like 'schema_migrations%'",
          )
          .pluck()
          .all();
        let rows = 0;
        for (const name of tables)
          rows += Number(
            sqlite
              .prepare(`select count(*) from "${String(name)}"`)
              .pluck()
              .get(),
          );
        expect(rows).toBe(total);
        expect(sqlite.prepare('select count(*) from tenant_members').pluck().get()).toBeGreaterThan(
          150,
        );
      } finally {
        sqlite.close();
      }
    },
  );

  it.each([
    [['--scale', 'huge', '--sqlite', 'x.sqlite'], /unknown --scale "huge"/],
    [['--scale', 'small'], /exactly one of --sqlite FILE or --postgres URL/],
    [['--sqlite', 'a.sqlite', '--postgres', 'postgres://h/db'], /exactly one of/],
    [['--seed', '4.5', '--sqlite', 'x.sqlite'], /--seed must be a whole number/],
    [['--members', '-5', '--sqlite', 'x.sqlite'], /ambiguous/],
    [
      ['--history-days', '5000', '--sqlite', 'x.sqlite'],
      /historyDays must be an integer from 1 to 1095/,
    ],
    [
      ['--members', '3', '--locations', '4', '--sqlite', 'x.sqlite'],
      /4 locations need at least as many members/,
    ],
    [['--now', 'tomorrow', '--sqlite', 'x.sqlite'], /--now must look like/],
    [['--now', '2026-11-26T12:00:00Z', '--sqlite', 'x.sqlite'], /--now must look like/],
    [['--postgres', 'mysql://nope'], /postgres:\/\/ connection URL/],
    [['--colour'], /Unknown option '--colour'/],
    [['stray'], /Unexpected argument 'stray'/],
  ])('refuses %j with a message that names the problem', (args, message) => {
    expect(() => parseArguments(args)).toThrow(message);
  });

  it('reads a full command line', () => {
    const parsed = parseArguments([
      '--seed',
      '9',
      '--scale',
      'medium',
      '--members',
      '900',
      '--locations',
      '3',
      '--history-days',
      '60',
      '--future-days',
      '14',
      '--now',
      '2026-11-26T12:00:00.000Z',
      '--postgres',
      'postgres://127.0.0.1/bench',
    ]);
    expect(parsed).toEqual({
      target: { kind: 'postgres', url: 'postgres://127.0.0.1/bench' },
      seed: 9,
      scale: { name: 'medium-custom', members: 900, locations: 3, historyDays: 60, futureDays: 14 },
      now: '2026-11-26T12:00:00.000Z',
      replace: false,
    });
    expect(parseArguments(['--help'])).toBe('help');
  });

  it.concurrent('exits with code 2 and the usage on bad input', async ({ expect }) => {
    const result = await run('--scale', 'huge', '--sqlite', path.join(scratch, 'never.sqlite'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^generate-demo-data: unknown --scale "huge"\n\nUsage:/);
  });

  it('refuses to overwrite an existing file without --replace', () => {
    const file = path.join(scratch, 'existing.sqlite');
    writeFileSync(file, '');
    expect(() => parseArguments(['--sqlite', file])).toThrow(/exists; pass --replace/);
    expect(parseArguments(['--sqlite', file, '--replace'])).toMatchObject({ replace: true });
  });
});
