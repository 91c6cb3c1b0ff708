import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src-shared/schema/catalog';
import {
  coordinatorLocalTables,
  crossTenantFunctions,
  DISTRIBUTION_COLUMN,
  distributedTables,
  knownBreaches,
  referenceTables,
} from '../../sync-server/db/distribution';
import { migrateServerDatabase } from '../../sync-server/db/migrate-server-database';
import { createPostgresDatabase, type TestDatabase } from '../support/test-databases';
import {
  readDatabaseFacts,
  type DatabaseFacts,
  type TableFacts,
} from './citus-distribution-catalog';
import {
  crossTenantFunctionNames,
  distributionBreaches,
  type Breach,
  type Classification,
} from './citus-distribution-rules';

const repository: Classification = {
  distributionColumn: DISTRIBUTION_COLUMN,
  distributed: distributedTables,
  reference: Object.keys(referenceTables),
  local: Object.keys(coordinatorLocalTables),
};

const keyOf = (b: Pick<Breach, 'rule' | 'subject'>) => `${b.rule} ${b.subject}`;

// A small schema that obeys every rule; each unit test breaks one thing in a copy of it.
const uuid = { type: 'uuid', notNull: true };
const tenants: TableFacts = {
  name: 'tenants',
  columns: { id: uuid },
  uniqueIndexes: [{ name: 'pk_tenants', columns: ['id'] }],
  foreignKeys: [],
};
const tenantKey = (table: string) => ({
  name: `fk_${table}_tenant_id`,
  columns: ['tenant_id'],
  referencedTable: 'tenants',
  referencedColumns: ['id'],
});
const members: TableFacts = {
  name: 'members',
  columns: { tenant_id: uuid, id: uuid },
  uniqueIndexes: [{ name: 'pk_members', columns: ['tenant_id', 'id'] }],
  foreignKeys: [tenantKey('members')],
};
const visits: TableFacts = {
  name: 'visits',
  columns: { tenant_id: uuid, id: uuid, member_id: uuid },
  uniqueIndexes: [
    { name: 'pk_visits', columns: ['tenant_id', 'id'] },
    { name: 'ux_visits_code', columns: ['tenant_id', '(expression)'] },
  ],
  foreignKeys: [
    tenantKey('visits'),
    {
      name: 'fk_visits_member_id',
      columns: ['tenant_id', 'member_id'],
      referencedTable: 'members',
      referencedColumns: ['tenant_id', 'id'],
    },
  ],
};
const migrations: TableFacts = {
  name: 'migrations',
  columns: { name: { type: 'text', notNull: true } },
  uniqueIndexes: [{ name: 'migrations_pkey', columns: ['name'] }],
  foreignKeys: [],
};
const fabricated: Classification = {
  distributionColumn: 'tenant_id',
  distributed: ['members', 'visits'],
  reference: ['tenants'],
  local: ['migrations'],
};
const baseline = [tenants, members, visits, migrations];

function breachesWith(changed: TableFacts, classification = fabricated) {
  const tables = baseline.map((t) => (t.name === changed.name ? changed : t));
  return distributionBreaches(tables, classification).map(keyOf);
}

describe('the Citus distribution checker (fabricated schemas)', () => {
  it('finds nothing in a schema that keeps every rule', () => {
    expect(distributionBreaches(baseline, fabricated)).toEqual([]);
  });

  it('D1 refuses a table in no list, in two lists, or listed but absent', () => {
    const extra: TableFacts = { ...members, name: 'notes', foreignKeys: [] };
    expect(distributionBreaches([...baseline, extra], fabricated).map(keyOf)).toEqual(['D1 notes']);
    const twice = { ...fabricated, reference: ['tenants', 'members'] };
    expect(distributionBreaches(baseline, twice).map(keyOf)).toContain('D1 members');
    const ghost = { ...fabricated, reference: ['tenants', 'gone'] };
    expect(distributionBreaches(baseline, ghost).map(keyOf)).toEqual(['D1 gone']);
  });

  it('D2 refuses a distributed table whose tenant_id is missing, nullable or not a uuid', () => {
    const nullable = {
      ...members,
      columns: { ...members.columns, tenant_id: { type: 'uuid', notNull: false } },
    };
    expect(breachesWith(nullable)).toEqual(['D2 members']);
    const text = {
      ...members,
      columns: { ...members.columns, tenant_id: { type: 'text', notNull: true } },
    };
    expect(breachesWith(text)).toEqual(['D2 members']);
  });

  it('D3 refuses a primary key or unique index of a distributed table without tenant_id', () => {
    const byId = { ...members, uniqueIndexes: [{ name: 'pk_members', columns: ['id'] }] };
    expect(breachesWith(byId)).toEqual(['D3 members.pk_members']);
    const byCode = {
      ...visits,
      uniqueIndexes: [
        ...visits.uniqueIndexes,
        { name: 'ux_visits_lower', columns: ['(expression)'] },
      ],
    };
    expect(breachesWith(byCode)).toEqual(['D3 visits.ux_visits_lower']);
  });

  it('D4 refuses a key between distributed tables that does not pair tenant_id with tenant_id', () => {
    const loose = {
      ...visits,
      foreignKeys: [
        tenantKey('visits'),
        {
          name: 'fk_visits_member_id',
          columns: ['member_id'],
          referencedTable: 'members',
          referencedColumns: ['id'],
        },
      ],
    };
    expect(breachesWith(loose)).toEqual(['D4 visits.fk_visits_member_id']);
    const crossed = {
      ...visits,
      foreignKeys: [
        tenantKey('visits'),
        {
          name: 'fk_visits_member_id',
          columns: ['tenant_id', 'member_id'],
          referencedTable: 'members',
          referencedColumns: ['id', 'tenant_id'],
        },
      ],
    };
    expect(breachesWith(crossed)).toEqual(['D4 visits.fk_visits_member_id']);
  });

  it('D5 refuses a key from a distributed table to a coordinator-local table', () => {
    const toLocal = {
      ...visits,
      foreignKeys: [
        ...visits.foreignKeys,
        {
          name: 'fk_visits_migration',
          columns: ['id'],
          referencedTable: 'migrations',
          referencedColumns: ['name'],
        },
      ],
    };
    expect(breachesWith(toLocal)).toEqual(['D5 visits.fk_visits_migration']);
  });

  it('D6 refuses a key from a reference table to a distributed table', () => {
    const pointing = {
      ...tenants,
      columns: { ...tenants.columns, owner_id: uuid },
      foreignKeys: [
        {
          name: 'fk_tenants_owner',
          columns: ['owner_id'],
          referencedTable: 'members',
          referencedColumns: ['id'],
        },
      ],
    };
    expect(breachesWith(pointing)).toEqual(['D6 tenants.fk_tenants_owner']);
  });

  it('S1 reports a function that reads a distributed table without a tenant_id filter', () => {
    const functions = [
      { name: 'routed', source: 'select * from visits v where v.tenant_id = p_tenant' },
      {
        name: 'inserts',
        source: 'insert into visits (tenant_id, id) select tenant_id, id from new_rows',
      },
      { name: 'reference_only', source: 'select id from tenants where slug = p_slug' },
      { name: 'scans', source: 'select * from visits where id = p_id' },
      // One statement's filter does not vouch for the next one's table.
      {
        name: 'second_statement',
        source:
          'begin update visits set id = p_id where tenant_id = p_t; delete from members where id = p_id; end',
      },
      { name: 'joins', source: 'select m.tenant_id from new_rows r join members m on m.id = r.id' },
    ];
    expect(crossTenantFunctionNames(functions, fabricated)).toEqual([
      'joins',
      'scans',
      'second_statement',
    ]);
  });
});

describe('the migrated server database on Citus', () => {
  let database: TestDatabase<unknown> | undefined;
  let facts: DatabaseFacts;

  beforeAll(async () => {
    database = await createPostgresDatabase<unknown>();
    await migrateServerDatabase(database.db);
    facts = await readDatabaseFacts(database.db);
  });
  afterAll(() => database?.dispose());

  it('is read whole: server-only tables and expression unique indexes show up', () => {
    const byName = new Map(facts.tables.map((t) => [t.name, t]));
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining([
        'sync_changes',
        'devices',
        'tenant_secrets',
        'platform_config',
        'users',
      ]),
    );
    expect(byName.get('coupons')?.uniqueIndexes).toContainEqual({
      name: 'ux_coupons_code',
      columns: ['tenant_id', '(expression)'],
    });
    expect(byName.get('devices')?.foreignKeys.map((k) => k.referencedTable)).toEqual(['tenants']);
    expect(facts.functions.map((f) => f.name)).toContain('sync_assign_positions');
  });

  it('D1–D6 hold for every table, but for the known breaches listed in distribution.ts', () => {
    const found = distributionBreaches(facts.tables, repository);
    const known = new Set(knownBreaches.map(keyOf));
    expect(found.filter((b) => !known.has(keyOf(b)))).toEqual([]);
  });

  it('D1–D6 known breaches still exist (the list may only shrink)', () => {
    const found = new Set(distributionBreaches(facts.tables, repository).map(keyOf));
    expect(knownBreaches.map(keyOf).filter((key) => !found.has(key))).toEqual([]);
  });

  it('D1 agrees with the shared specs: tenant tables are distributed, global ones reference', () => {
    for (const spec of Object.values(catalog)) {
      const list = spec.scope === 'tenant' ? repository.distributed : repository.reference;
      expect(list, `${spec.name} (${spec.scope})`).toContain(spec.name);
    }
  });

  it('S1 the functions that cross tenants are exactly the ones distribution.ts allows', () => {
    expect(crossTenantFunctionNames(facts.functions, repository)).toEqual(
      Object.keys(crossTenantFunctions).sort(),
    );
  });
});
