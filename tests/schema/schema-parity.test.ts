import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src-shared/schema/catalog';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import { storedPrimaryKey, type TableSpec } from '../../src-shared/schema/table-spec';
import { introspectSchema, type SchemaShape, type TableShape } from '../support/introspect-schema';
import { readSeedSchema } from '../support/seed-schema-document';
import { createTestDatabase, type BackendName, type TestDatabase } from '../support/test-databases';

const backends: BackendName[] = ['sqlite', 'postgres', 'pglite'];

/** The shape the catalog promises, in the form introspection reports. */
function expectedShape(): SchemaShape {
  const shape: SchemaShape = {};
  for (const table of Object.values(catalog) as TableSpec[]) {
    const columns: TableShape['columns'] = {};
    for (const [name, spec] of Object.entries(table.columns)) {
      const kind = spec.kind === 'money' ? 'integer' : spec.kind;
      columns[name] = { kind, nullable: spec.isNullable };
      if (spec.values) columns[name].enumValues = [...spec.values].sort();
    }
    const indexes: Record<string, string> = {};
    for (const index of table.indexes ?? []) {
      const parts = [...index.columns];
      if (index.lowerCaseColumn) parts.push(`lower(${index.lowerCaseColumn})`);
      indexes[index.name] = `${index.unique ? 'unique' : 'plain'}:${parts.join(',')}`;
    }
    shape[table.name] = { columns, primaryKey: [...storedPrimaryKey(table)], indexes };
  }
  return shape;
}

const shapes = new Map<BackendName, SchemaShape>();
const databases: TestDatabase<unknown>[] = [];

beforeAll(async () => {
  for (const backend of backends) {
    const database = await createTestDatabase<unknown>(backend);
    databases.push(database);
    await runMigrations({
      db: database.db,
      dialect: database.dialect,
      migrations: sharedMigrations,
    });
    shapes.set(backend, await introspectSchema(backend, database.db));
  }
});

afterAll(async () => {
  await Promise.all(databases.map((d) => d.dispose()));
});

describe('the shared migrations', () => {
  it.each(backends)(
    'leave %s with exactly the catalog’s tables, columns, keys and indexes',
    (backend) => {
      expect(shapes.get(backend)).toEqual(expectedShape());
    },
  );

  it('leave SQLite, Postgres and PGlite with identical schemas', () => {
    expect(shapes.get('postgres')).toEqual(shapes.get('sqlite'));
    expect(shapes.get('pglite')).toEqual(shapes.get('sqlite'));
  });

  it('create every table and column of the seed schema', () => {
    const seed = readSeedSchema();
    expect(seed.size).toBe(34);
    const shape = shapes.get('postgres') ?? {};
    const missing = [...seed].flatMap(([table, columns]) =>
      columns.filter((c) => !shape[table]?.columns[c]).map((c) => `${table}.${c}`),
    );
    expect(missing).toEqual([]);
  });

  it('give every tenant table a tenant_id that leads its primary key and unique indexes', () => {
    const shape = shapes.get('postgres') ?? {};
    const globalTables = ['users', 'tenants', 'platform_config', 'marketing_automations'];
    for (const [name, table] of Object.entries(shape)) {
      if (globalTables.includes(name)) continue;
      expect(table.columns['tenant_id'], name).toEqual({ kind: 'id', nullable: false });
      expect(table.primaryKey[0], name).toBe('tenant_id');
      for (const [index, definition] of Object.entries(table.indexes)) {
        if (definition.startsWith('unique:'))
          expect(definition, index).toMatch(/^unique:tenant_id,/);
      }
    }
  });

  it('carry the seed’s performance indexes', () => {
    const shape = shapes.get('sqlite') ?? {};
    const all = Object.values(shape).flatMap((t) => Object.values(t.indexes));
    expect(all).toEqual(
      expect.arrayContaining([
        'plain:tenant_id,start_time',
        'plain:member_id,status,checked_in_at',
        'plain:created_at',
        // Issue 20 (R20.2): the seed's once-per-person index, plus the period of a trigger
        // that repeats (a birthday each year), so each occurrence is sent once.
        'unique:tenant_id,automation_id,user_id,channel,period_key',
      ]),
    );
    expect(shape['bookings']?.indexes['ix_bookings_tenant_start']).toBe(
      'plain:tenant_id,start_time',
    );
    expect(shape['classes']?.indexes['ix_classes_tenant_start']).toBe('plain:tenant_id,start_time');
  });
});
