// The generator on its own, without a database: determinism, streaming, foreign-key order,
// the representation of every value, and the row estimate.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BATCH_ROWS, type DemoBatch } from '../../demo-generator/demo-batches';
import { DEMO_SCALE_PRESETS, resolveDemoScale } from '../../demo-generator/demo-scale';
import { estimateDemoRows, totalRows } from '../../demo-generator/estimate-demo-rows';
import {
  countDemoRows,
  generateDemoTenant,
  type GenerateDemoTenantOptions,
} from '../../demo-generator/generate-demo-tenant';
import { tablesByName } from '../../src-shared/schema/catalog';
import type { ColumnSpec } from '../../src-shared/schema/column-spec';

const NOW = '2026-11-26T12:00:00.000Z';
const small = (seed: number | string, extra: Partial<GenerateDemoTenantOptions> = {}) => ({
  seed,
  scale: DEMO_SCALE_PRESETS.small,
  now: NOW,
  ...extra,
});

interface Fingerprint {
  /** Hash of every batch in order. */
  readonly all: string;
  /** Hash of each table's rows in order, whatever batches they came in. */
  readonly tables: ReadonlyMap<string, string>;
  readonly largestBatch: number;
  readonly rows: number;
}

function fingerprint(batches: Iterable<DemoBatch>): Fingerprint {
  const all = createHash('sha256');
  const tables = new Map<string, ReturnType<typeof createHash>>();
  let largestBatch = 0;
  let rows = 0;
  for (const batch of batches) {
    const text = JSON.stringify(batch.rows);
    all.update(batch.table).update(text);
    let table = tables.get(batch.table);
    if (!table) tables.set(batch.table, (table = createHash('sha256')));
    for (const row of batch.rows) table.update(JSON.stringify(row));
    largestBatch = Math.max(largestBatch, batch.rows.length);
    rows += batch.rows.length;
  }
  return {
    all: all.digest('hex'),
    tables: new Map([...tables].map(([name, hash]) => [name, hash.digest('hex')])),
    largestBatch,
    rows,
  };
}

const TIMESTAMP = /^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d\.\d{3}Z$/;
// Time-ordered ids (v7), or name-based ones (v5) where the product derives an id from what
// it names, as a series' occurrences are (R11.1).
const UUID_V7_OR_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-[57][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Why `value` cannot be stored in a column described by `spec`, or undefined if it can. */
function representationProblem(spec: ColumnSpec, value: unknown): string | undefined {
  if (value === null) return spec.isNullable ? undefined : 'is NULL';
  if (value === undefined) return 'is missing';
  switch (spec.kind) {
    case 'id':
      return typeof value === 'string' && UUID_V7_OR_V5.test(value)
        ? undefined
        : 'is not a UUIDv7 or UUIDv5';
    case 'timestamp':
      return typeof value === 'string' &&
        TIMESTAMP.test(value) &&
        new Date(value).toISOString() === value
        ? undefined
        : 'is not a UTC ISO timestamp';
    case 'flag':
      return value === 0 || value === 1 ? undefined : 'is not 0 or 1';
    case 'integer':
    case 'money':
      return Number.isSafeInteger(value) ? undefined : 'is not an integer';
    case 'enum':
      return typeof value === 'string' && (spec.values ?? []).includes(value)
        ? undefined
        : 'is not an allowed value';
    case 'json':
      if (typeof value !== 'string') return 'is not JSON text';
      try {
        JSON.parse(value);
        return undefined;
      } catch {
        return 'is not valid JSON';
      }
    case 'text':
      return typeof value === 'string' ? undefined : 'is not text';
    default:
      return 'has an unknown kind';
  }
}

describe('generateDemoTenant', () => {
  const reference = fingerprint(generateDemoTenant(small(42)));

  it('gives identical rows for the same seed, scale and now', () => {
    expect(fingerprint(generateDemoTenant(small(42)))).toEqual(reference);
  });

  it('gives different rows for a different seed or a different now', () => {
    expect(fingerprint(generateDemoTenant(small(43))).all).not.toBe(reference.all);
    const later = fingerprint(generateDemoTenant(small(42, { now: '2026-11-27T12:00:00.000Z' })));
    expect(later.all).not.toBe(reference.all);
  });

  it('streams in bounded batches, and the batch size never changes the rows', () => {
    expect(reference.largestBatch).toBeLessThanOrEqual(DEFAULT_MAX_BATCH_ROWS);
    const fine = fingerprint(generateDemoTenant(small(42, { maxBatchRows: 250 })));
    expect(fine.largestBatch).toBeLessThanOrEqual(250);
    expect(fine.tables).toEqual(reference.tables);
  });

  it('hands out every row after the rows its foreign keys point at', () => {
    const seen = new Map<string, Set<unknown>>();
    const problems: string[] = [];
    for (const batch of generateDemoTenant(small(5, { maxBatchRows: 300 }))) {
      const spec = tablesByName.get(batch.table);
      if (!spec) throw new Error(`unknown table ${batch.table}`);
      for (const row of batch.rows) {
        const values: Readonly<Record<string, unknown>> = row;
        for (const [column, columnSpec] of Object.entries(spec.columns)) {
          const target = columnSpec.target?.table;
          const value = values[column];
          if (target && value !== null && !seen.get(target)?.has(value)) {
            problems.push(`${batch.table}.${column} -> ${target} ${JSON.stringify(value)}`);
          }
        }
        const key = values['id'] ?? values['key'];
        if (key !== undefined) {
          let keys = seen.get(batch.table);
          if (!keys) seen.set(batch.table, (keys = new Set()));
          expect(keys.has(key), `${batch.table} ${JSON.stringify(key)} twice`).toBe(false);
          keys.add(key);
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('writes every value in the shared representation, every column given', () => {
    const problems: string[] = [];
    for (const batch of generateDemoTenant(small(9))) {
      const spec = tablesByName.get(batch.table);
      if (!spec) throw new Error(`unknown table ${batch.table}`);
      for (const row of batch.rows) {
        const values: Readonly<Record<string, unknown>> = row;
        expect(Object.keys(values).sort()).toEqual(Object.keys(spec.columns).sort());
        for (const [column, columnSpec] of Object.entries(spec.columns)) {
          const problem = representationProblem(columnSpec, values[column]);
          if (problem)
            problems.push(`${batch.table}.${column} ${problem}: ${JSON.stringify(values[column])}`);
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('honours scale overrides', () => {
    const scale = resolveDemoScale('small', {
      members: 240,
      locations: 3,
      historyDays: 30,
      futureDays: 7,
    });
    const counts = countDemoRows({ seed: 1, scale, now: NOW });
    expect(counts.get('locations')).toBe(3);
    const staff = (counts.get('tenant_members') ?? 0) - 240;
    expect(staff).toBeGreaterThan(3);
    expect(counts.get('users')).toBe(240 + staff);
  });
});

describe('the row estimate', () => {
  it('puts the large preset at about a million rows for 50,000 members, mostly bookings', () => {
    const scale = resolveDemoScale('large');
    expect(scale.members).toBe(50_000);
    const estimate = estimateDemoRows(scale);
    const total = totalRows(estimate);
    expect(total).toBeGreaterThanOrEqual(900_000);
    expect(total).toBeLessThanOrEqual(1_200_000);
    const bookings = estimate.get('bookings') ?? 0;
    for (const [table, rows] of estimate) {
      if (table !== 'bookings') expect(rows, table).toBeLessThan(bookings / 4);
    }
  });

  it('is close to what the small preset really generates', () => {
    const scale = resolveDemoScale('small');
    const estimate = totalRows(estimateDemoRows(scale));
    const actual = [1, 2, 3, 4].map((seed) => totalRows(countDemoRows({ seed, scale, now: NOW })));
    const mean = actual.reduce((a, b) => a + b, 0) / actual.length;
    expect(mean).toBeGreaterThan(3_000);
    expect(Math.abs(estimate / mean - 1)).toBeLessThan(0.2);
  });
});
