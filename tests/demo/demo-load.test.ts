// The small demo tenant loaded into every backend the product runs on: the desk's SQLite
// (opened as the desk opens it, foreign keys on), a real Postgres and PGlite. Every CHECK,
// key and foreign key is enforced by the databases themselves; the invariants the schema
// cannot state are checked with SQL on each.
process.env['TZ'] = 'UTC';

import { sql, type Kysely } from 'kysely';
import { rrulestr } from 'rrule';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCALE_PRESETS } from '../../demo-generator/demo-scale';
import { DAY_MS, utcMidnight } from '../../demo-generator/demo-time';
import { countDemoRows, generateDemoTenant } from '../../demo-generator/generate-demo-tenant';
import { writeDemoData, type DemoWriteSummary } from '../../demo-generator/write-demo-data';
import { catalog, type Database } from '../../src-shared/schema/catalog';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import { createTestDatabase, type BackendName, type TestDatabase } from '../support/test-databases';
import { countViolations, DEMO_INVARIANTS } from './demo-invariants';

const backends: readonly BackendName[] = ['sqlite', 'postgres', 'pglite'];
const options = { seed: 7, scale: DEMO_SCALE_PRESETS.small, now: '2026-11-26T12:00:00.000Z' };

interface Loaded {
  readonly database: TestDatabase<Database>;
  readonly summary: DemoWriteSummary;
  readonly counts: ReadonlyMap<string, number>;
}

const loaded = new Map<BackendName, Loaded>();
const expectedCounts = countDemoRows(options);

async function tableCounts(db: Kysely<Database>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of Object.values(catalog)) {
    const result = await sql<{
      n: number | string;
    }>`select count(*) as n from ${sql.table(table.name)}`.execute(db);
    const rows = Number(result.rows[0]?.n ?? 0);
    if (rows > 0) counts.set(table.name, rows);
  }
  return counts;
}

function the(backend: BackendName): Loaded {
  const entry = loaded.get(backend);
  if (!entry) throw new Error(`${backend} was not loaded`);
  return entry;
}

beforeAll(async () => {
  expect(new Date(0).getTimezoneOffset()).toBe(0);
  for (const backend of backends) {
    const database = await createTestDatabase<Database>(backend);
    await runMigrations({
      db: database.db,
      dialect: database.dialect,
      migrations: sharedMigrations,
    });
    // Batches big enough that some exceed SQLite's bound-parameter limit and must be split
    // into several statements, and several transactions, so both hand-overs are exercised.
    const batches = generateDemoTenant({ ...options, maxBatchRows: 6_000 });
    const summary = await writeDemoData(database.db, batches, {
      dialect: database.dialect,
      rowsPerTransaction: 2_500,
    });
    loaded.set(backend, { database, summary, counts: await tableCounts(database.db) });
  }
});

afterAll(async () => {
  await Promise.all([...loaded.values()].map((l) => l.database.dispose()));
});

describe('the small demo tenant', () => {
  it.each(backends)('loads into %s with every row the generator made', (backend) => {
    const { summary, counts } = the(backend);
    expect(summary.totalRows).toBeGreaterThan(3_000);
    expect(new Map(summary.rowsByTable)).toEqual(expectedCounts);
    expect(counts).toEqual(expectedCounts);
  });

  it('holds the same number of rows per table on SQLite, Postgres and PGlite', () => {
    expect(the('postgres').counts).toEqual(the('sqlite').counts);
    expect(the('pglite').counts).toEqual(the('sqlite').counts);
  });

  it('leaves audit_logs empty (its hash chain comes with the audit log work)', () => {
    expect(the('sqlite').counts.has('audit_logs')).toBe(false);
  });

  describe.each(backends)('on %s', (backend) => {
    it.each(Object.keys(DEMO_INVARIANTS))('keeps the rule: %s', async (name) => {
      const rule = DEMO_INVARIANTS[name];
      if (!rule) throw new Error(`no rule ${name}`);
      expect(await countViolations(the(backend).database.db, rule)).toBe(0);
    });

    it('puts every tenant row under the one tenant', async () => {
      const { db } = the(backend).database;
      const tenants = await sql<{ id: string }>`select id from tenants`.execute(db);
      expect(tenants.rows).toHaveLength(1);
      const tenantId = tenants.rows[0]?.id ?? '';
      const tenantTables = Object.values(catalog).filter((t) => 'tenant_id' in t.columns);
      for (const table of tenantTables) {
        const strays = await sql<{ n: number | string }>`
          select count(*) as n from ${sql.table(table.name)}
          where tenant_id is null or tenant_id <> ${tenantId}`.execute(db);
        expect(Number(strays.rows[0]?.n), table.name).toBe(0);
      }
    });
  });

  it('expands every class series into exactly the occurrences of its RRULE', async () => {
    const { db } = the('sqlite').database;
    const today = utcMidnight(Date.parse(options.now));
    const from = new Date(today - options.scale.historyDays * DAY_MS);
    const to = new Date(today + (options.scale.futureDays + 1) * DAY_MS);
    const series = await db.selectFrom('class_series').select(['id', 'recurrence_rule']).execute();
    const classes = await db
      .selectFrom('classes')
      .select(['series_id', 'start_time'])
      .orderBy('start_time')
      .execute();
    expect(series.length).toBeGreaterThan(4);
    for (const s of series) {
      expect(s.recurrence_rule).toMatch(/^DTSTART;TZID=[A-Za-z_/]+:\d{8}T\d{6}\nRRULE:FREQ=/);
      // rrule places TZID occurrences correctly when the process runs in UTC (set above).
      const occurrences = rrulestr(s.recurrence_rule)
        .between(from, new Date(to.getTime() - 1), true)
        .map((d) => d.toISOString());
      const expanded = classes.filter((c) => c.series_id === s.id).map((c) => c.start_time);
      expect(expanded, s.recurrence_rule).toEqual(occurrences);
    }
  });

  it('gives classes their series’ local wall-clock time across daylight saving', async () => {
    const { db } = the('sqlite').database;
    const rows = await db
      .selectFrom('classes')
      .innerJoin('class_series', (j) =>
        j
          .onRef('class_series.tenant_id', '=', 'classes.tenant_id')
          .onRef('class_series.id', '=', 'classes.series_id'),
      )
      .innerJoin('locations', (j) =>
        j
          .onRef('locations.tenant_id', '=', 'classes.tenant_id')
          .onRef('locations.id', '=', 'classes.location_id'),
      )
      .select(['classes.start_time', 'class_series.recurrence_rule', 'locations.time_zone'])
      .execute();
    for (const row of rows) {
      const wall = new Intl.DateTimeFormat('en-GB', {
        timeZone: row.time_zone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(row.start_time));
      const ruleTime = /T(\d{2})(\d{2})00\n/.exec(row.recurrence_rule);
      expect(ruleTime, row.recurrence_rule).not.toBeNull();
      expect(wall).toBe(`${ruleTime?.[1] ?? ''}:${ruleTime?.[2] ?? ''}`);
    }
  });
});
