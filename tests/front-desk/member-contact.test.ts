import { describe, expect, it } from 'vitest';
import { BACKENDS, minutesAfterNow, NOW, resultOf, useSeededStudio } from './front-desk-harness';

interface Profile {
  readonly memberId: string;
  readonly firstName: string;
  readonly email: string;
  readonly phone: string | null;
  readonly barcode: string | null;
}
interface Created {
  readonly memberId: string;
  readonly barcode: string | null;
}
interface Purchase {
  readonly receiptNumber: string | null;
  readonly at: string;
  readonly total: number;
  readonly status: string;
  readonly lines: readonly { description: string; quantity: number; refundedQuantity: number }[];
  readonly tenders: readonly { method: string; amount: number }[];
  readonly refunds: readonly { method: string; amount: number }[];
}

/** Issue 17 items 1 and 9: a member's e-mail and card, one per member in the studio. */
describe.each(BACKENDS)('member e-mail, card and purchases on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const profile = (memberId: string) =>
    studio.query<Profile>('member.profile', { memberId, at: NOW });
  const details = async (memberId: string) => {
    const p = await profile(memberId);
    return { firstName: p.firstName, lastName: 'Tester', status: 'active' as const, memberId };
  };
  const reviewKinds = async () =>
    (
      await studio.db
        .selectFrom('review_items')
        .select(['kind', 'member_id', 'subject_id'])
        .where('tenant_id', '=', studio.tenantId)
        .execute()
    ).map((r) => r.kind);
  const memberCount = async () =>
    (
      await studio.db
        .selectFrom('tenant_members')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', studio.tenantId)
        .executeTakeFirstOrThrow()
    ).n;

  it('issue 17 item 1: member.update changes the e-mail, and returns what it saved', async () => {
    const outcome = await studio.run('member.update', {
      ...(await details(studio.memberId)),
      email: 'Maya.New@Example.com',
      phone: '555-0100',
    });
    expect(resultOf<{ email: string; phone: string }>(outcome)).toMatchObject({
      email: 'maya.new@example.com',
      phone: '555-0100',
    });
    expect(await profile(studio.memberId)).toMatchObject({
      email: 'maya.new@example.com',
      phone: '555-0100',
    });
    const [found] = await studio.query<Profile[]>('member.find', { text: 'maya.new@' });
    expect(found?.memberId).toBe(studio.memberId);
  });

  it('issue 17 item 9: refuses an e-mail another member has, at create and at update, writing nothing', async () => {
    const taken = (await profile(studio.otherMemberId)).email;
    const before = await memberCount();
    await expect(
      studio.run('member.create', {
        firstName: 'Copy',
        lastName: 'Cat',
        email: taken.toUpperCase(),
      }),
    ).rejects.toThrow(/is already .*’s: find them instead/);
    expect(await memberCount()).toBe(before);
    const mine = (await profile(studio.memberId)).email;
    expect(
      await studio.refused('member.update', { ...(await details(studio.memberId)), email: taken }),
    ).toBe('rule');
    expect((await profile(studio.memberId)).email).toBe(mine);
    // Saving an unchanged e-mail is not a clash with oneself.
    await studio.run('member.update', { ...(await details(studio.memberId)), email: mine });
  });

  it('issue 17 item 9: two desks add one e-mail offline: the server keeps both and raises a review item', async () => {
    const taken = (await profile(studio.otherMemberId)).email;
    const created = resultOf<Created>(
      await studio.run(
        'member.create',
        { firstName: 'Second', lastName: 'Desk', email: taken },
        { side: 'server' },
      ),
    );
    expect((await profile(created.memberId)).email).toBe(taken);
    const items = await studio.db
      .selectFrom('review_items')
      .select(['kind', 'member_id', 'subject_id', 'details'])
      .where('tenant_id', '=', studio.tenantId)
      .execute();
    expect(items).toMatchObject([
      {
        kind: 'duplicate_member_email',
        member_id: created.memberId,
        subject_id: studio.otherMemberId,
      },
    ]);
  });

  it('issue 17 item 9: a new member gets a card that scans; an existing one has it set and changed', async () => {
    const created = resultOf<Created>(
      await studio.run('member.create', {
        firstName: 'Card',
        lastName: 'Holder',
        barcode: 'C-1001',
      }),
    );
    expect(created.barcode).toBe('C-1001');
    const [scanned] = await studio.query<Profile[]>('member.find', { text: 'C-1001' });
    expect(scanned?.memberId).toBe(created.memberId);

    const other = (await profile(studio.otherMemberId)).barcode;
    expect(
      await studio.refused('member.create', {
        firstName: 'Dup',
        lastName: 'Card',
        barcode: 'C-1001',
      }),
    ).toBe('rule');
    await expect(
      studio.run('member.update', { ...(await details(studio.otherMemberId)), barcode: 'C-1001' }),
    ).rejects.toThrow('Card C-1001 already belongs to Card Holder: scan or type another card');
    expect((await profile(studio.otherMemberId)).barcode).toBe(other);

    await studio.run('member.update', {
      ...(await details(studio.otherMemberId)),
      barcode: 'C-2002',
    });
    expect((await profile(studio.otherMemberId)).barcode).toBe('C-2002');
    const [changed] = await studio.query<Profile[]>('member.find', { text: 'C-2002' });
    expect(changed?.memberId).toBe(studio.otherMemberId);
  });

  it('issue 17 item 9: two desks give one card offline: the member is kept without it, for review', async () => {
    const taken = (await profile(studio.otherMemberId)).barcode;
    if (taken === null) throw new Error('the seeded member has a card');
    const created = resultOf<Created>(
      await studio.run(
        'member.create',
        { firstName: 'Late', lastName: 'Desk', barcode: taken },
        { side: 'server' },
      ),
    );
    expect(created.barcode).toBeNull();
    expect((await profile(created.memberId)).barcode).toBeNull();
    expect((await profile(studio.otherMemberId)).barcode).toBe(taken);
    expect(await reviewKinds()).toEqual(['duplicate_member_card']);
  });

  it('issue 17 item 9: a walk-in needs no e-mail: a name and phone, or a name alone', async () => {
    const withPhone = resultOf<Created>(
      await studio.run('member.create', { firstName: 'Walk', lastName: 'In', phone: '555-0199' }),
    );
    const nameOnly = resultOf<Created>(
      await studio.run('member.create', { firstName: 'Just', lastName: 'Name' }),
    );
    expect(await profile(withPhone.memberId)).toMatchObject({ email: '', phone: '555-0199' });
    expect(await profile(nameOnly.memberId)).toMatchObject({ email: '', phone: null });
    // An e-mail given later is checked and saved like any other; removing it again is allowed.
    await studio.run('member.update', {
      ...(await details(nameOnly.memberId)),
      lastName: 'Name',
      email: 'just@example.com',
    });
    expect((await profile(nameOnly.memberId)).email).toBe('just@example.com');
    await studio.run('member.update', { ...(await details(nameOnly.memberId)), lastName: 'Name' });
    expect((await profile(nameOnly.memberId)).email).toBe('');
    expect(await reviewKinds()).toEqual([]);
  });

  it('issue 17 item 9: member.purchases lists sales newest first with lines, tenders and refunds', async () => {
    await studio.run('drawer.open', { openingFloat: 5000 });
    const sell = async (at: string, quantity: number) =>
      resultOf<{ orderId: string; receiptNumber: string; total: number }>(
        await studio.run(
          'pos.sale',
          {
            memberId: studio.memberId,
            lines: [
              { kind: 'product', productId: studio.products.water, quantity, unitPrice: 300 },
            ],
            tenders: [{ method: 'cash', amount: 300 * quantity, tendered: 2000 }],
          },
          { at },
        ),
      );
    const first = await sell(minutesAfterNow(1), 1);
    const second = await sell(minutesAfterNow(2), 2);
    // Another member's sale is not on this member's page.
    await studio.run(
      'pos.sale',
      {
        memberId: studio.otherMemberId,
        lines: [{ kind: 'product', productId: studio.products.water, quantity: 1, unitPrice: 300 }],
        tenders: [{ method: 'cash', amount: 300, tendered: 300 }],
      },
      { at: minutesAfterNow(3) },
    );
    await studio.run(
      'pos.refund',
      { orderId: first.orderId, tenders: [{ method: 'cash', amount: 300 }], reason: 'spilled' },
      { as: 'manager', at: minutesAfterNow(4) },
    );
    const purchases = await studio.query<Purchase[]>('member.purchases', {
      memberId: studio.memberId,
    });
    expect(purchases).toMatchObject([
      {
        receiptNumber: second.receiptNumber,
        total: 600,
        status: 'completed',
        lines: [{ description: 'Water', quantity: 2, refundedQuantity: 0 }],
        tenders: [{ method: 'cash', amount: 600 }],
        refunds: [],
      },
      {
        receiptNumber: first.receiptNumber,
        total: 300,
        status: 'refunded',
        lines: [{ quantity: 1, refundedQuantity: 1 }],
        tenders: [{ method: 'cash', amount: 300 }],
        refunds: [{ method: 'cash', amount: 300 }],
      },
    ]);
    expect(
      await studio.query<Purchase[]>('member.purchases', { memberId: studio.staff.owner }),
    ).toEqual([]);
  });
});
