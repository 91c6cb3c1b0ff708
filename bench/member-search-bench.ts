import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk } from '../src-main/desk/desk-core';
import { asSharedDb } from '../src-main/desk/desk-tables';
import { resolveDemoScale } from '../src-shared/demo/demo-scale';
import { generateDemoTenant } from '../src-shared/demo/generate-demo-tenant';
import { writeDemoData } from '../src-shared/demo/write-demo-data';
import { queryRegistry } from '../src-shared/queries/all-queries';
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
  const desk = await openDesk({ dataDir: dir });
  const db = asSharedDb(desk.db);
  try {
    const started = Date.now();
    // Loading is set-up, not what is measured: skip the per-commit fsync while it runs.
    desk.sqlite.pragma('synchronous = OFF');
    const scale = resolveDemoScale('large', { members, historyDays: 3, futureDays: 3 });
    await writeDemoData(
      db,
      generateDemoTenant({ seed: 'bench', scale, now: '2026-11-26T12:00:00.000Z' }),
      {
        dialect: 'sqlite',
      },
    );
    desk.sqlite.pragma('synchronous = FULL');
    desk.sqlite.pragma('optimize');
    const loadSeconds = (Date.now() - started) / 1000;
    const { id: tenantId } = await desk.db
      .selectFrom('tenants')
      .select('id')
      .executeTakeFirstOrThrow();
    const sample = await db
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
      return find.run({ db, tenantId }, args);
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
