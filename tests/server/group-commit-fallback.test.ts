import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantDatabase, type TenantDatabase } from '../../sync-server/db/tenant-database';
import type { TenantTransaction } from '../../sync-server/db/tenant-transaction';
import { ServiceError } from '../../sync-server/support/service-error';
import {
  createStudio,
  openMigratedDatabase,
  serverBackends,
  TestClock,
  type TestDatabaseHandle,
  type TestStudio,
} from './support/server-harness';

/** A gate the first member waits on, so the members after it queue into one group. */
function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Renames the studio (a write under row-level security) and says which tenant it ran as. */
async function rename(trx: TenantTransaction, studio: TestStudio, name: string): Promise<string> {
  await sql`update tenants set name = ${name} where id = ${studio.tenantId}`.execute(trx);
  const scope = await sql<{ tenant: string }>`
    select current_setting('app.tenant_id') as tenant`.execute(trx);
  return scope.rows[0]?.tenant ?? '';
}

/** Work that succeeds in its statements and fails at commit: a deferred unique violation. */
async function failAtCommit(trx: TenantTransaction): Promise<string> {
  await sql`create temp table if not exists commit_breaker
    (k int unique deferrable initially deferred) on commit drop`.execute(trx);
  await sql`insert into commit_breaker values (1), (1)`.execute(trx);
  return 'never';
}

describe.each(serverBackends)('group commit when a group fails, on %s (issue 21)', (backend) => {
  const clock = new TestClock();
  let handle: TestDatabaseHandle;
  let tenants: TenantDatabase;
  const studios: TestStudio[] = [];

  beforeAll(async () => {
    handle = await openMigratedDatabase(backend);
    tenants = tenantDatabase(handle.db, { groupCommit: { maxMembers: 8, maxOpenGroups: 1 } });
    for (const name of ['One', 'Two', 'Three', 'Four']) {
      studios.push(await createStudio(handle.db, clock, name));
    }
  });
  afterAll(async () => {
    await handle.dispose();
  });

  const nameOf = async (studio: TestStudio) =>
    (
      await sql<{ name: string }>`select name from tenants where id = ${studio.tenantId}`.execute(
        handle.db,
      )
    ).rows[0]?.name;

  const studio = (i: number): TestStudio => {
    const found = studios[i];
    if (!found) throw new Error(`no studio ${String(i)}`);
    return found;
  };

  it('a group that cannot commit runs every member again alone: each lands once, the breaker fails alone', async () => {
    const first = gate();
    const blocker = tenants.inGroupCommit(studio(0).tenantId, async (trx) => {
      await first.opened;
      return rename(trx, studio(0), 'One (blocker)');
    });
    const runs = new Map<string, number>();
    const counted =
      <T>(label: string, work: (trx: TenantTransaction) => Promise<T>) =>
      (trx: TenantTransaction) => {
        runs.set(label, (runs.get(label) ?? 0) + 1);
        return work(trx);
      };
    const grouped = [
      tenants.inGroupCommit(
        studio(1).tenantId,
        counted('two', (trx) => rename(trx, studio(1), 'Two renamed')),
      ),
      tenants.inGroupCommit(studio(2).tenantId, counted('breaker', failAtCommit)),
      tenants.inGroupCommit(
        studio(3).tenantId,
        counted('four', (trx) => rename(trx, studio(3), 'Four renamed')),
      ),
    ];
    const before = tenants.groupCommitStats();
    first.open();
    await blocker;
    const settled = await Promise.allSettled(grouped);

    expect(settled[0]).toEqual({ status: 'fulfilled', value: studio(1).tenantId });
    expect(settled[1]?.status).toBe('rejected');
    expect(settled[2]).toEqual({ status: 'fulfilled', value: studio(3).tenantId });
    // Once in the failed group, once alone.
    expect(Object.fromEntries(runs)).toEqual({ two: 2, breaker: 2, four: 2 });
    expect((tenants.groupCommitStats()?.ranAlone ?? 0) - (before?.ranAlone ?? 0)).toBe(3);
    expect(await nameOf(studio(1))).toBe('Two renamed');
    expect(await nameOf(studio(3))).toBe('Four renamed');
  });

  it("a member's refusal rolls back only its own work; a database error runs it again alone", async () => {
    const first = gate();
    const blocker = tenants.inGroupCommit(studio(0).tenantId, async (trx) => {
      await first.opened;
      return rename(trx, studio(0), 'One again');
    });
    let flakyRuns = 0;
    const grouped = [
      tenants.inGroupCommit(studio(1).tenantId, async (trx) => {
        await rename(trx, studio(1), 'Two refused');
        throw new ServiceError(409, 'refused_here', 'This member refuses.');
      }),
      tenants.inGroupCommit(studio(2).tenantId, async (trx) => {
        flakyRuns++;
        // A database error the first time (as a deadlock with another group would be).
        if (flakyRuns === 1) await sql`select 1 / 0`.execute(trx);
        return rename(trx, studio(2), 'Three after retry');
      }),
      tenants.inGroupCommit(studio(3).tenantId, async (trx) => {
        // Row-level security follows the member: another studio's row is not there.
        const other = await sql<{ n: number }>`
          select count(*)::int as n from tenants where id = ${studio(1).tenantId}`.execute(trx);
        await rename(trx, studio(3), 'Four sees one studio');
        return other.rows[0]?.n;
      }),
    ];
    first.open();
    await blocker;
    const settled = await Promise.allSettled(grouped);

    expect(settled[0]?.status).toBe('rejected');
    if (settled[0]?.status === 'rejected') {
      expect(settled[0].reason).toBeInstanceOf(ServiceError);
    }
    expect(await nameOf(studio(1))).toBe('Two renamed');
    expect(settled[1]).toEqual({ status: 'fulfilled', value: studio(2).tenantId });
    expect(flakyRuns).toBe(2);
    expect(await nameOf(studio(2))).toBe('Three after retry');
    expect(settled[2]).toEqual({ status: 'fulfilled', value: 0 });
    expect(await nameOf(studio(3))).toBe('Four sees one studio');
  });
});
