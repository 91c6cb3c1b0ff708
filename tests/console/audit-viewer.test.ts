import { beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEntry, type AuditAction } from '../../src-shared/audit/audit-chain';
import {
  auditFilters,
  auditFind,
  auditChainReport,
} from '../../src-shared/queries/console/audit-queries';
import {
  BACKENDS,
  newCallId,
  useSeededStudio,
  type StaffKey,
} from '../front-desk/front-desk-harness';

const PRODUCT_A = 'product-a';
const PRODUCT_B = 'product-b';

/**
 * The audit viewer's reads (issue 19) over a studio in Chicago (UTC-6 in December): the log
 * filtered by studio day or instant, action, area, staff member and subject, paged newest
 * first, for owners and managers only; and the chain verified, then found broken at the
 * entry whose details were changed behind the product's back.
 */
describe.each(BACKENDS)('the audit viewer on %s', (backend) => {
  const studio = useSeededStudio(backend);
  let ids: string[] = [];

  const append = async (
    at: string,
    action: AuditAction,
    as: StaffKey,
    targetId: string,
    details: object,
  ) => {
    const id = newCallId(at);
    await studio.db.transaction().execute((tx) =>
      appendAuditEntry(
        {
          db: tx,
          tenantId: studio.tenantId,
          deviceId: 'desk-front-1',
          actor: { memberId: studio.staff[as] },
          at,
        },
        { id, action, targetId, details: details as never },
      ),
    );
    ids.push(id);
    return id;
  };

  beforeEach(async () => {
    ids = [];
    await append('2026-12-01T15:00:00.000Z', 'product.update', 'manager', PRODUCT_A, {
      set: { price: 1500 },
    });
    // 23:30 on Dec 1 in Chicago, though Dec 2 in UTC.
    await append('2026-12-02T05:30:00.000Z', 'location.create', 'owner', 'location-1', {
      name: 'Riverside',
    });
    await append('2026-12-02T07:00:00.000Z', 'pos.refund', 'frontDesk', 'refund-1', {
      amount: 1200,
      reason: 'torn',
    });
    await append('2026-12-02T16:00:00.000Z', 'product.create', 'owner', PRODUCT_B, { name: 'Mat' });
    // Two entries in one instant: the cursor must still page past each exactly once.
    await append('2026-12-03T12:00:00.000Z', 'staff.add', 'owner', 'member-1', {
      roles: ['instructor'],
    });
    await append('2026-12-03T12:00:00.000Z', 'staff.add', 'owner', 'member-2', {
      roles: ['front_desk'],
    });
  });

  // Who may ask is the desk's check before it runs a query (tests/desk-host/query-roles.test.ts).
  const context = () => ({ db: studio.db, tenantId: studio.tenantId });
  const list = async (args: Record<string, unknown>) =>
    auditFind.run(context(), auditFind.args.parse(args));
  const listedIds = async (args: Record<string, unknown>) =>
    (await list(args)).entries.map((e) => e.id);
  const verify = () => auditChainReport.run(context(), {});
  const newestFirst = () => [...ids].sort().reverse();

  it('lists entries newest first with actor name, action, subject and the change summarised', async () => {
    const { entries, next } = await list({});
    expect(entries.map((e) => e.id)).toEqual(newestFirst());
    expect(next).toBeNull();
    const refund = entries.find((e) => e.action === 'pos.refund');
    expect(refund).toMatchObject({
      at: '2026-12-02T07:00:00.000Z',
      area: 'pos',
      actorId: studio.staff.frontDesk,
      deviceId: 'desk-front-1',
      subjectId: 'refund-1',
      details: { amount: 1200, reason: 'torn' },
      summary: 'amount: 1200, reason: torn',
      chainSeq: 3,
    });
    expect(refund?.actorName).toMatch(/^Frida/);
  });

  it('filters by studio days, by instants, by action, area, staff member and subject', async () => {
    const [first, , refund, productB] = ids;
    // Dec 2 in Chicago runs 06:00Z to 06:00Z the next day: not the 05:30Z entry.
    expect(await listedIds({ from: '2026-12-02', to: '2026-12-02' })).toEqual([productB, refund]);
    expect(
      await listedIds({ from: '2026-12-02T05:00:00Z', to: '2026-12-02T07:00:00.000Z' }),
    ).toEqual([ids[1]]);
    expect(await listedIds({ action: 'product.update' })).toEqual([first]);
    expect(await listedIds({ area: 'product' })).toEqual([productB, first]);
    // An area is a whole word: `produc` is no prefix of `product.update`'s area.
    expect(await listedIds({ area: 'produc' })).toEqual([]);
    expect(await listedIds({ actorId: studio.staff.manager })).toEqual([first]);
    expect(await listedIds({ subjectId: PRODUCT_B })).toEqual([productB]);
    expect(await listedIds({ area: 'staff', from: '2026-12-03' })).toHaveLength(2);
  });

  it('pages with a cursor, each entry once, and refuses bad arguments', async () => {
    const seen: string[] = [];
    let before: string | null | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: 2, ...(before ? { before } : {}) });
      seen.push(...page.entries.map((e) => e.id));
      before = page.next;
      pages++;
    } while (before);
    expect(seen).toEqual(newestFirst());
    expect(pages).toBe(3);
    expect(auditFind.args.safeParse({ limit: 501 }).success).toBe(false);
    expect(auditFind.args.safeParse({ from: '2026-02-30' }).success).toBe(false);
    expect(auditFind.args.safeParse({ before: 'nonsense' }).success).toBe(false);
    await expect(list({ from: '2026-12-03', to: '2026-12-02' })).rejects.toThrow(/ends before/);
  });

  it('offers the actions, areas and staff present as filters', async () => {
    const filters = await auditFilters.run(context(), {});
    expect(filters.actions).toEqual([
      'location.create',
      'pos.refund',
      'product.create',
      'product.update',
      'staff.add',
    ]);
    expect(filters.areas).toEqual(['location', 'pos', 'product', 'staff']);
    expect(filters.staff.map((s) => s.memberId).sort()).toEqual(
      [studio.staff.owner, studio.staff.manager, studio.staff.frontDesk].sort(),
    );
  });

  it('verifies the chain intact, then names the entry whose details were changed', async () => {
    const intact = await verify();
    expect(intact).toMatchObject({
      ok: true,
      checked: 6,
      unchained: 0,
      problems: [],
      problemCount: 0,
    });
    expect(intact.head?.chainSeq).toBe(6);

    const tampered = ids[2] ?? '';
    await studio.db
      .updateTable('audit_logs')
      .set({ details: JSON.stringify({ amount: 12, reason: 'torn' }) })
      .where('id', '=', tampered)
      .execute();
    const broken = await verify();
    expect(broken.ok).toBe(false);
    expect(broken.checked).toBe(6);
    expect(broken.problems).toEqual([
      {
        chainSeq: 3,
        entryId: tampered,
        problem: 'altered',
        action: 'pos.refund',
        at: '2026-12-02T07:00:00.000Z',
        subjectId: 'refund-1',
      },
    ]);
  });
});
