import { sql, type Kysely, type Transaction } from 'kysely';
import { createDemoContext } from '../../demo-generator/demo-context';
import type { DemoBatch } from '../../demo-generator/demo-batches';
import { DEMO_SCALE_PRESETS, type DemoScalePreset } from '../../demo-generator/demo-scale';
import type { DemoServerProgress } from '../../src-shared/protocol/demo-server-wire';
import { estimateDemoRows, totalRows } from '../../demo-generator/estimate-demo-rows';
import { generateDemoTenant } from '../../demo-generator/generate-demo-tenant';
import { STAFF_ROLES } from '../../src-shared/mutations/mutation-definition';
import type { Database } from '../../src-shared/schema/catalog';
import { inTenantTransaction } from '../db/tenant-transaction';
import { isoAt, systemClock } from '../../src-shared/time/clock';
import { newPinPepper } from '../support/secret-tokens';
import { hashPin } from './pin-hash';
import type { AdminDeps } from './tenant-admin';

export const DEMO_SLUG = 'harbor-yoga';
export const DEMO_NAME = 'Harbor Yoga';
export const DEMO_PIN = '1234';

export interface DemoTenant {
  readonly tenantId: string;
  readonly slug: string;
  readonly created: boolean;
  readonly rows: number;
  readonly staff: readonly { readonly email: string; readonly roles: readonly string[] }[];
}

type Row = Readonly<Record<string, unknown>>;

/** Inserts rows of one table with one multi-row statement (a batch has at most 2,000). */
async function insertRows(
  db: Kysely<Database>,
  table: string,
  rows: readonly Row[],
  keepExisting = false,
) {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    values ${sql.join(rows.map((row) => sql`(${sql.join(columns.map((c) => row[c] ?? null))})`))}
    ${keepExisting ? sql`on conflict do nothing` : sql``}`.execute(db);
}

/** The generated studio under the demo's fixed slug and name. */
function renamed(batch: DemoBatch): readonly Row[] {
  if (batch.table !== 'tenants') return batch.rows;
  return batch.rows.map((row: Row) => {
    const generatedName = row['name'];
    const settings = row['settings'];
    return {
      ...row,
      slug: DEMO_SLUG,
      name: DEMO_NAME,
      // The generated receipt footer thanks the generated studio name; keep it in step.
      settings:
        typeof settings === 'string' && typeof generatedName === 'string'
          ? settings.replaceAll(generatedName, DEMO_NAME)
          : settings,
    };
  });
}

async function setStaffPins(
  trx: Transaction<Database>,
  tenantId: string,
  pepper: string,
  now: string,
): Promise<DemoTenant['staff']> {
  const rows = await trx
    .selectFrom('tenant_roles')
    .innerJoin('tenant_members', (join) =>
      join
        .onRef('tenant_members.tenant_id', '=', 'tenant_roles.tenant_id')
        .onRef('tenant_members.id', '=', 'tenant_roles.member_id'),
    )
    .innerJoin('users', 'users.id', 'tenant_members.user_id')
    .select(['tenant_roles.member_id', 'tenant_roles.role', 'users.email'])
    .where('tenant_roles.tenant_id', '=', tenantId)
    .where('tenant_roles.role', 'in', STAFF_ROLES)
    .execute();
  const staff = new Map<string, { email: string; roles: string[] }>();
  for (const row of rows) {
    const entry = staff.get(row.member_id) ?? { email: row.email, roles: [] };
    entry.roles.push(row.role);
    staff.set(row.member_id, entry);
  }
  for (const memberId of staff.keys()) {
    const pinHash = hashPin(DEMO_PIN, pepper);
    await trx
      .insertInto('staff_credentials')
      .values({ tenant_id: tenantId, member_id: memberId, pin_hash: pinHash, updated_at: now })
      .execute();
  }
  return [...staff.values()];
}

/** Reports about every hundredth of the way: a large studio has thousands of batches. */
const PROGRESS_STEPS = 100;

/**
 * Gives I/O a turn after a report. PGlite in this process answers through promises alone,
 * so a whole load is one chain of microtasks, and a report written to a socket (browser
 * mode's event stream, corked until the next tick) would only leave once the load ended.
 */
const letReportLeave = () =>
  new Promise<void>((resolve) => {
    setImmediate(resolve);
  });

/**
 * Reports rows written of the generator's estimate. The estimate may fall short of a real
 * run, so the total grows with the rows rather than ever being passed; `finish` reports
 * the true count as the whole.
 */
function rowProgress(scale: DemoScalePreset, report: (progress: DemoServerProgress) => void) {
  let total = totalRows(estimateDemoRows(DEMO_SCALE_PRESETS[scale]));
  const step = Math.max(1, Math.ceil(total / PROGRESS_STEPS));
  let reported = 0;
  return {
    /** True when it reported. */
    wrote(rows: number): boolean {
      if (rows - reported < step) return false;
      reported = rows;
      total = Math.max(total, rows);
      report({ phase: 'loadRows', done: rows, total });
      return true;
    },
    finish(rows: number) {
      report({ phase: 'loadRows', done: rows, total: rows });
    },
  };
}

/**
 * Writes the demo studio (harbor-yoga) with the shared demo generator, unless it exists.
 * Every staff member signs in with PIN 1234. One transaction: a failed run leaves nothing.
 * `onProgress` hears how far it has come (nothing when the studio already exists).
 */
export async function createDemoTenant(
  deps: AdminDeps,
  options: {
    readonly scale?: DemoScalePreset;
    readonly seed?: string;
    readonly onProgress?: (progress: DemoServerProgress) => void;
  } = {},
): Promise<DemoTenant> {
  const clock = deps.clock ?? systemClock;
  const existing = await sql<{
    id: string | null;
  }>`select studio_tenant_id_by_slug(${DEMO_SLUG}) as id`.execute(deps.db);
  const existingId = existing.rows[0]?.id;
  if (existingId)
    return { tenantId: existingId, slug: DEMO_SLUG, created: false, rows: 0, staff: [] };

  const now = isoAt(clock);
  const scale = options.scale ?? 'small';
  const generatorOptions = {
    seed: options.seed ?? DEMO_SLUG,
    scale: DEMO_SCALE_PRESETS[scale],
    now,
  };
  const report = options.onProgress ?? (() => undefined);
  // The generator plans and rehearses the whole studio before it hands out a first row.
  report({ phase: 'createStudio', done: 0, total: 1 });
  await letReportLeave();
  const progress = rowProgress(scale, report);
  // The generator derives the tenant id from its options, as this context does.
  const { tenantId } = createDemoContext(generatorOptions);
  const platformRows: Row[] = [];
  const created = await inTenantTransaction(deps.db, tenantId, async (trx, shared) => {
    let rows = 0;
    for (const batch of generateDemoTenant(generatorOptions)) {
      // platform_config is global, outside every tenant: studio_app may not write it.
      if (batch.table === 'platform_config') platformRows.push(...batch.rows);
      else await insertRows(shared, batch.table, renamed(batch));
      rows += batch.rows.length;
      if (progress.wrote(rows)) await letReportLeave();
    }
    const pepper = newPinPepper();
    await trx
      .insertInto('tenant_secrets')
      .values({ tenant_id: tenantId, pin_pepper: pepper, created_at: now })
      .execute();
    const staff = await setStaffPins(shared, tenantId, pepper, now);
    return { tenantId, slug: DEMO_SLUG, created: true, rows, staff };
  });
  // Written as the migrating login, keeping whatever an operator already set.
  await insertRows(deps.db, 'platform_config', platformRows, true);
  progress.finish(created.rows);
  return created;
}
