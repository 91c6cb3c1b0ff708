import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDeskDatabase } from '../src-main/desk-db/open-desk-database';
import { resolveDemoScale } from '../src-shared/demo/demo-scale';
import { generateDemoTenant } from '../src-shared/demo/generate-demo-tenant';
import { writeDemoData } from '../src-shared/demo/write-demo-data';
import { queryRegistry } from '../src-shared/queries/all-queries';
import type { Database } from '../src-shared/schema/catalog';
import { sharedMigrations } from '../src-shared/schema/migrations';
import { runMigrations } from '../src-shared/schema/run-migrations';
import { measure, type LatencySummary } from './bench-stats';

export interface MemberSearchResult {
  readonly members: number;
  readonly loadSeconds: number;
  readonly baseline: LatencySummary;
  readonly byName: LatencySummary;
  readonly byEmail: LatencySummary;
  readonly byBarcode: LatencySummary;
}

/**
 * Issue 4's type-ahead target: `member.find` at a desk holding 50,000 members. The baseline,
 * measured in the same run, is a primary-key lookup of one member through the same Kysely
 * path, so the ratio says what the search costs beyond the cheapest possible read.
 */
export async function benchMemberSearch(members = 50_000, runs = 500): Promise<MemberSearchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-bench-'));
  const desk = openDeskDatabase<Database>(join(dir, 'desk.sqlite'));
  try {
    await runMigrations({ db: desk.db, dialect: 'sqlite', migrations: sharedMigrations });
    const started = Date.now();
    const scale = resolveDemoScale('large', { members, historyDays: 3, futureDays: 3 });
    await writeDemoData(
      desk.db,
      generateDemoTenant({ seed: 'bench', scale, now: '2026-11-26T12:00:00.000Z' }),
      {
        dialect: 'sqlite',
      },
    );
    const loadSeconds = (Date.now() - started) / 1000;
    const { id: tenantId } = await desk.db
      .selectFrom('tenants')
      .select('id')
      .executeTakeFirstOrThrow();
    const sample = await desk.db
      .selectFrom('tenant_members')
      .innerJoin('users', 'users.id', 'tenant_members.user_id')
      .select([
        'tenant_members.id',
        'tenant_members.profile',
        'tenant_members.barcode',
        'users.email',
      ])
      .where('tenant_members.tenant_id', '=', tenantId)
      .orderBy('tenant_members.id')
      .limit(runs)
      .execute();
    const find = queryRegistry.get('member.find');
    if (!find) throw new Error('member.find is not registered');
    const search = (text: string) => {
      const args = find.args.parse({ text, limit: 20 });
      return find.run({ db: desk.db, tenantId }, args);
    };
    const names = sample.map(
      (m) => (JSON.parse(m.profile) as { lastName?: string }).lastName?.slice(0, 3) ?? 'a',
    );
    return {
      members,
      loadSeconds,
      baseline: await measure(sample, (m) =>
        desk.db
          .selectFrom('tenant_members')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', '=', m.id)
          .executeTakeFirst(),
      ),
      byName: await measure(names, search),
      byEmail: await measure(
        sample.map((m) => m.email.slice(0, 5)),
        search,
      ),
      byBarcode: await measure(
        sample.map((m) => m.barcode ?? 'none'),
        search,
      ),
    };
  } finally {
    await desk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
