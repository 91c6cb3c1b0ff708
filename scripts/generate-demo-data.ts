// Loads a deterministic demo studio into a fresh desk SQLite file or a server Postgres:
//
//   npx tsx scripts/generate-demo-data.ts --seed 42 --scale small --sqlite /tmp/demo.sqlite
//   npx tsx scripts/generate-demo-data.ts --scale large --postgres postgres://127.0.0.1/bench
//
// The same --seed, scale and --now always give the same rows. --now defaults to the
// current hour, printed so that a run can be repeated exactly.
import { existsSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { openDeskDatabase } from '../src-main/store/open-desk-database';
import type { Database } from '../src-shared/schema/catalog';
import type { SqlDialectName } from '../src-shared/schema/ddl-builder';
import { sharedMigrations } from '../src-shared/schema/migrations';
import { runMigrations } from '../src-shared/schema/run-migrations';
import {
  DEMO_SCALE_PRESETS,
  isDemoScalePreset,
  resolveDemoScale,
  type DemoScale,
  type DemoScaleOverrides,
} from '../demo-generator/demo-scale';
import { estimateDemoRows, totalRows } from '../demo-generator/estimate-demo-rows';
import { generateDemoTenant } from '../demo-generator/generate-demo-tenant';
import { writeDemoData } from '../demo-generator/write-demo-data';
import { openServerDatabase } from '../sync-server/db/open-server-database';

const USAGE = `Usage: npx tsx scripts/generate-demo-data.ts (--sqlite FILE | --postgres URL) [options]

  --sqlite FILE         create the desk database FILE (refuses an existing file without --replace)
  --postgres URL        load into the Postgres database at URL (must hold no tenants yet)
  --seed N              integer seed (default 42)
  --scale NAME          ${Object.keys(DEMO_SCALE_PRESETS).join(' | ')} (default small)
  --members N           override the preset's member count
  --locations N         override the preset's location count
  --history-days N      override the days of history before now
  --future-days N       override the days of schedule after now
  --now ISO             anchor instant, e.g. 2026-11-26T12:00:00.000Z (default: this hour)
  --replace             delete an existing --sqlite file first
  --help                show this help`;

/** Bad input on the command line: reported with the usage text and exit code 2. */
export class UsageError extends Error {}

export interface Arguments {
  readonly target:
    | { readonly kind: 'sqlite'; readonly file: string }
    | { readonly kind: 'postgres'; readonly url: string };
  readonly seed: number;
  readonly scale: DemoScale;
  readonly now: string;
  readonly replace: boolean;
}

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number, got "${text}"`);
  return Number(text);
}

/** Reads and checks the command line; throws UsageError (or parseArgs' TypeError). */
export function parseArguments(argv: readonly string[]): Arguments | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      sqlite: { type: 'string' },
      postgres: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      members: { type: 'string' },
      locations: { type: 'string' },
      'history-days': { type: 'string' },
      'future-days': { type: 'string' },
      now: { type: 'string' },
      replace: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) return 'help';
  const preset = values.scale ?? 'small';
  if (!isDemoScalePreset(preset)) throw new UsageError(`unknown --scale "${preset}"`);
  const overrides: DemoScaleOverrides = {
    ...optional('members', integer('members', values.members)),
    ...optional('locations', integer('locations', values.locations)),
    ...optional('historyDays', integer('history-days', values['history-days'])),
    ...optional('futureDays', integer('future-days', values['future-days'])),
  };
  let scale: DemoScale;
  try {
    scale = resolveDemoScale(preset, overrides);
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if ((values.sqlite === undefined) === (values.postgres === undefined)) {
    throw new UsageError('give exactly one of --sqlite FILE or --postgres URL');
  }
  const target =
    values.sqlite !== undefined
      ? { kind: 'sqlite' as const, file: values.sqlite }
      : { kind: 'postgres' as const, url: values.postgres ?? '' };
  if (target.kind === 'postgres' && !/^postgres(ql)?:\/\//.test(target.url)) {
    throw new UsageError('--postgres needs a postgres:// connection URL');
  }
  const now = values.now ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
  if (Number.isNaN(Date.parse(now)) || new Date(Date.parse(now)).toISOString() !== now) {
    throw new UsageError(`--now must look like 2026-11-26T12:00:00.000Z, got "${now}"`);
  }
  const replace = values.replace === true;
  if (target.kind === 'sqlite' && existsSync(target.file) && !replace) {
    throw new UsageError(`${target.file} exists; pass --replace to overwrite it`);
  }
  return { target, seed: integer('seed', values.seed) ?? 42, scale, now, replace };
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  const entry: Partial<Record<K, number>> = {};
  if (value !== undefined) entry[key] = value;
  return entry;
}

interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialectName;
  close(): Promise<void>;
}

async function open(args: Arguments): Promise<OpenedDatabase> {
  if (args.target.kind === 'postgres') {
    const server = await openServerDatabase<Database>({
      kind: 'postgres',
      connectionString: args.target.url,
    });
    return { db: server.db, dialect: 'postgres', close: () => server.close() };
  }
  const { file } = args.target;
  if (args.replace)
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const desk = openDeskDatabase<Database>(file);
  // A bulk load into a file nobody else uses yet: a crash means running the script again,
  // so the desk's per-commit fsync (synchronous=FULL) buys nothing here.
  desk.sqlite.pragma('synchronous = OFF');
  return { db: desk.db, dialect: 'sqlite', close: () => desk.close() };
}

async function main(): Promise<void> {
  const parsed = parseArguments(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(USAGE);
    return;
  }
  const args = parsed;
  const estimate = totalRows(estimateDemoRows(args.scale));
  const where = args.target.kind === 'sqlite' ? args.target.file : 'Postgres';
  const { members, locations, historyDays, futureDays } = args.scale;
  console.log(
    `seed ${args.seed}, scale ${args.scale.name} (${members} members, ${locations} locations, ` +
      `${historyDays} days back, ${futureDays} ahead), now ${args.now}: about ${estimate} rows into ${where}`,
  );
  const started = performance.now();
  const database = await open(args);
  try {
    await runMigrations({
      db: database.db,
      dialect: database.dialect,
      migrations: sharedMigrations,
    });
    const existing = await sql<{ n: number | string }>`select count(*) as n from tenants`.execute(
      database.db,
    );
    if (Number(existing.rows[0]?.n ?? 0) > 0) {
      throw new UsageError('the database already holds tenants; load demo data into an empty one');
    }
    const interactive = process.stdout.isTTY;
    let nextReport = 0;
    const summary = await writeDemoData(
      database.db,
      generateDemoTenant({ seed: args.seed, scale: args.scale, now: args.now }),
      {
        dialect: database.dialect,
        onProgress: ({ table, totalRows: written }) => {
          if (written < nextReport) return;
          nextReport = written + (interactive ? 5_000 : 100_000);
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          const line = `${written} rows (${Math.round((100 * written) / estimate)}% of estimate), now ${table}, ${seconds} s`;
          if (interactive) process.stdout.write(`\r${line.padEnd(90)}`);
          else console.log(line);
        },
      },
    );
    if (interactive) process.stdout.write('\n');
    const width = Math.max(...[...summary.rowsByTable.keys()].map((t) => t.length));
    for (const [table, rows] of [...summary.rowsByTable].sort((a, b) => b[1] - a[1])) {
      console.log(`  ${table.padEnd(width)} ${String(rows).padStart(9)}`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`${summary.totalRows} rows in ${seconds.toFixed(1)} s`);
  } finally {
    await database.close();
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  main().catch((error: unknown) => {
    // parseArgs reports unknown or malformed options as a TypeError with an ERR_PARSE_ARGS code.
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      console.error(`generate-demo-data: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error('generate-demo-data failed:', error);
    process.exitCode = 1;
  });
}
