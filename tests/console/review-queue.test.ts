import { describe, expect, it } from 'vitest';
import { BACKENDS, resultOf, type Studio, useSeededStudio } from '../front-desk/front-desk-harness';
import { overdrawGiftCard } from './review-support';

interface ReviewView {
  readonly reviewItemId: string;
  readonly kind: string;
  readonly what: string;
  readonly message: string | null;
  readonly status: string;
  readonly member: { readonly memberId: string; readonly name: string } | null;
  readonly amount: number | null;
  readonly subject: { readonly id: string; readonly label: string | null } | null;
  readonly deviceIds: readonly string[];
  readonly staff: readonly { readonly memberId: string; readonly name: string }[];
  readonly resolution: {
    readonly action: string | null;
    readonly note: string | null;
    readonly amount: number | null;
    readonly reference: string | null;
    readonly resolvedBy: { readonly name: string } | null;
    readonly deviceId: string | null;
  } | null;
}
interface ReviewPage {
  readonly items: readonly ReviewView[];
  readonly nextBefore: string | null;
}
interface Resolved {
  readonly reviewItemId: string;
  readonly settled: boolean;
  readonly standing: { readonly action: string | null };
}

/** The rows a settlement writes: equal before and after a refused call. */
async function footprint(studio: Studio) {
  const items = await studio.db
    .selectFrom('review_items')
    .selectAll()
    .where('tenant_id', '=', studio.tenantId)
    .orderBy('id')
    .execute();
  const audit = await studio.db
    .selectFrom('audit_logs')
    .select('id')
    .where('tenant_id', '=', studio.tenantId)
    .execute();
  return { items, audit: audit.length };
}

describe.each(BACKENDS)('the review queue on %s (R16)', (backend) => {
  const studio = useSeededStudio(backend);

  const list = (args: object = {}) => studio.query<ReviewPage>('review.list', args);
  const openCount = async () =>
    (await studio.query<{ count: number }>('review.openCount', {})).count;
  const onlyItem = async () => {
    const [item] = (await list({ status: 'open' })).items;
    if (!item) throw new Error('no open review item');
    return item;
  };

  it('lists an item with what happened, the member, the amount, the desks and staff', async () => {
    const { cardId, code } = await overdrawGiftCard(studio);
    const item = await onlyItem();
    expect(item).toMatchObject({
      kind: 'gift_card_overdrawn',
      what: expect.stringContaining('gift card') as unknown,
      status: 'open',
      member: { memberId: studio.memberId, name: 'Maya Tester' },
      amount: 299,
      subject: { id: cardId, label: `Gift card ${code}` },
      deviceIds: ['desk-two'],
      resolution: null,
    });
    expect(item.message).toMatch(/gift card/i);
    expect(item.staff.map((s) => s.memberId)).toEqual([studio.staff.frontDesk]);
    expect(await openCount()).toBe(1);
    expect((await list({ status: 'resolved' })).items).toEqual([]);
  });

  it.each([
    [{ action: 'dismiss', reason: 'Card topped up by hand' }, 'dismissed', 'dismiss', null],
    [{ action: 'write_off', reason: 'Goodwill, regular member' }, 'resolved', 'write_off', 299],
    [{ action: 'charge_member', amount: 250 }, 'resolved', 'charge_member', 250],
    [{ action: 'refund', reference: 're_123 at the till' }, 'resolved', 'refund', 299],
  ] as const)(
    'settles with %o, audited, and the count drops',
    async (args, status, action, amount) => {
      await overdrawGiftCard(studio);
      const { reviewItemId } = await onlyItem();
      const outcome = await studio.run(
        'review.resolve',
        { reviewItemId, ...args },
        { as: 'owner' },
      );
      expect(resultOf<Resolved>(outcome)).toMatchObject({ reviewItemId, settled: true });
      expect(await openCount()).toBe(0);
      const [settled] = (await list({ status: 'resolved' })).items;
      expect(settled).toMatchObject({ reviewItemId, status });
      expect(settled?.resolution).toMatchObject({
        action,
        amount,
        note: 'reason' in args ? args.reason : null,
        reference: 'reference' in args ? args.reference : null,
        resolvedBy: { name: 'Olive Tester' },
        deviceId: 'desk-front-1',
      });
      const audit = await studio.db
        .selectFrom('audit_logs')
        .select(['action', 'target_id'])
        .where('tenant_id', '=', studio.tenantId)
        .where('action', '=', 'review.resolve')
        .execute();
      expect(audit).toEqual([{ action: 'review.resolve', target_id: reviewItemId }]);
    },
  );

  it('refuses bad input and the front desk, changing nothing', async () => {
    await overdrawGiftCard(studio);
    const { reviewItemId } = await onlyItem();
    const before = await footprint(studio);
    const refusals = [
      await studio.refused('review.resolve', { reviewItemId, action: 'dismiss' }, { as: 'owner' }),
      await studio.refused(
        'review.resolve',
        { reviewItemId, action: 'refund', reason: 'no reference' },
        { as: 'owner' },
      ),
      await studio.refused(
        'review.resolve',
        { reviewItemId, action: 'write_off', reason: 'negative', amount: -5 },
        { as: 'owner' },
      ),
      await studio.refused('review.resolve', { reviewItemId, action: 'pay' }, { as: 'owner' }),
      await studio.refused(
        'review.resolve',
        { reviewItemId: crypto.randomUUID(), action: 'dismiss', reason: 'not there' },
        { as: 'owner' },
      ),
      await studio.refused(
        'review.resolve',
        { reviewItemId, action: 'dismiss', reason: 'front desk tries' },
        { as: 'frontDesk' },
      ),
    ];
    expect(refusals).toEqual([
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'not_found',
      'forbidden',
    ]);
    await expect(list({ limit: 0 })).rejects.toThrow();
    expect(await footprint(studio)).toEqual(before);
  });

  it('resolved twice: the first settlement stands, the second changes nothing and says so', async () => {
    await overdrawGiftCard(studio);
    const { reviewItemId } = await onlyItem();
    const first = { reviewItemId, action: 'write_off', reason: 'Desk one settled it' };
    await studio.run('review.resolve', first, { as: 'owner', side: 'server' });
    const after = await footprint(studio);

    // A desk whose copy shows it settled refuses; the server answers how it stands.
    const code = await studio.refused(
      'review.resolve',
      { reviewItemId, action: 'dismiss', reason: 'Desk two settled it' },
      { as: 'manager' },
    );
    expect(code).toBe('rule');
    const second = await studio.run(
      'review.resolve',
      { reviewItemId, action: 'dismiss', reason: 'Desk two settled it' },
      { as: 'manager', side: 'server', deviceId: 'desk-two' },
    );
    expect(resultOf<Resolved>(second)).toMatchObject({
      settled: false,
      standing: { action: 'write_off' },
    });
    const now = await footprint(studio);
    expect(now.items).toEqual(after.items);
    const entries = await studio.db
      .selectFrom('audit_logs')
      .select('details')
      .where('tenant_id', '=', studio.tenantId)
      .where('action', '=', 'review.resolve')
      .orderBy('chain_seq')
      .execute();
    expect(entries.map((e) => (JSON.parse(e.details) as { settled: boolean }).settled)).toEqual([
      true,
      false,
    ]);
  });

  it('pages with nextBefore, newest first', async () => {
    for (let i = 0; i < 3; i++) await overdrawGiftCard(studio);
    const first = await list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextBefore).not.toBeNull();
    const rest = await list({ limit: 2, before: first.nextBefore });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextBefore).toBeNull();
    const ids = [...first.items, ...rest.items].map((i) => i.reviewItemId);
    expect(new Set(ids).size).toBe(3);
  });
});
