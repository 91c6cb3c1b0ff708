import { beforeEach, describe, expect, it } from 'vitest';
import {
  canonicalAuditEntry,
  chainHash,
  type AuditVerification,
} from '../../src-shared/audit/audit-chain';
import {
  BACKENDS,
  minutesAfterNow,
  resultOf,
  startClassSoon,
  useSeededStudio,
} from './front-desk-harness';

describe.each(BACKENDS)('the audit hash chain on %s', (backend) => {
  const studio = useSeededStudio(backend);
  beforeEach(async () => {
    await startClassSoon(studio); // the walk-in checks in inside the check-in window
    // Drawer open, a price override, a waiver override, a refund, drawer close.
    await studio.run('drawer.open', { openingFloat: 2000 });
    const sale = resultOf<{ orderId: string }>(
      await studio.run(
        'pos.sale',
        {
          lines: [
            {
              kind: 'product',
              productId: studio.products.water,
              quantity: 1,
              unitPrice: 200,
              overrideReason: 'staff price',
            },
          ],
          tenders: [{ method: 'cash', amount: 200, tendered: 200 }],
        },
        { as: 'manager', at: minutesAfterNow(1) },
      ),
    );
    const booking = resultOf<{ bookingId: string }>(
      await studio.run(
        'booking.book',
        {
          classId: studio.classId,
          memberId: studio.memberId,
          paidBy: { method: 'free' },
          checkIn: true,
          waiverOverrideReason: 'paper waiver on file',
        },
        { at: minutesAfterNow(2) },
      ),
    );
    expect(booking.bookingId).toBeDefined();
    await studio.run(
      'pos.refund',
      { orderId: sale.orderId, tenders: [{ method: 'cash', amount: 200 }], reason: 'spilled' },
      { as: 'manager', at: minutesAfterNow(3) },
    );
    await studio.run(
      'drawer.close',
      { countedAmount: 2000 },
      { as: 'owner', at: minutesAfterNow(4) },
    );
  });

  const entries = () =>
    studio.db
      .selectFrom('audit_logs')
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .orderBy('chain_seq')
      .execute();
  const verify = (expectedHead?: { chainSeq: number; hash: string }) =>
    studio.query<AuditVerification>('audit.verify', expectedHead ? { expectedHead } : {});

  it('chains every audited action, each entry hashing the previous one', async () => {
    const rows = await entries();
    expect(rows.map((r) => [r.chain_seq, r.action])).toEqual([
      [1, 'drawer.open'],
      [2, 'pos.price_override'],
      [3, 'waiver.override'],
      [4, 'pos.refund'],
      [5, 'drawer.close'],
    ]);
    rows.forEach((row, i) => {
      expect(row.prev_hash).toBe(i === 0 ? null : rows[i - 1]?.hash);
      expect(row.hash).toBe(chainHash(row.prev_hash, canonicalAuditEntry(row)));
      expect(row.device_id).toBe('desk-front-1');
    });
    expect(await verify()).toMatchObject({
      ok: true,
      entries: 5,
      head: { chainSeq: 5, hash: rows[4]?.hash },
    });
  });

  it('detects a changed entry, even when its own hash was recomputed', async () => {
    const [, second] = await entries();
    const forged = JSON.stringify({ lines: [], receiptNumber: 'nothing to see' });
    await studio.db
      .updateTable('audit_logs')
      .set({ details: forged })
      .where('id', '=', second?.id ?? '')
      .execute();
    expect((await verify()).problems).toEqual([
      { chainSeq: 2, entryId: second?.id, problem: 'altered' },
    ]);

    const rehashed = second && { ...second, details: forged };
    await studio.db
      .updateTable('audit_logs')
      .set({ hash: rehashed ? chainHash(rehashed.prev_hash, canonicalAuditEntry(rehashed)) : '' })
      .where('id', '=', second?.id ?? '')
      .execute();
    const [, , third] = await entries();
    expect((await verify()).problems).toEqual([
      { chainSeq: 3, entryId: third?.id, problem: 'broken_link' },
    ]);
  });

  it('detects a removed entry, and a removed tail against a recorded head', async () => {
    const rows = await entries();
    const head = { chainSeq: 5, hash: rows[4]?.hash ?? '' };
    await studio.db
      .deleteFrom('audit_logs')
      .where('id', '=', rows[2]?.id ?? '')
      .execute();
    expect((await verify()).problems).toEqual([
      { chainSeq: 3, entryId: null, problem: 'missing' },
      { chainSeq: 4, entryId: rows[3]?.id, problem: 'broken_link' },
    ]);

    await studio.db.deleteFrom('audit_logs').where('tenant_id', '=', studio.tenantId).execute();
    await studio.db.insertInto('audit_logs').values(rows.slice(0, 4)).execute();
    expect((await verify()).ok).toBe(true); // a shorter chain is consistent in itself...
    expect((await verify(head)).problems).toEqual([
      { chainSeq: 5, entryId: null, problem: 'truncated' },
    ]);
  });
});
