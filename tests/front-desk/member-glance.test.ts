import { describe, expect, it } from 'vitest';
import { BACKENDS, NOW, resultOf, useSeededStudio } from './front-desk-harness';

interface Glance {
  readonly firstName: string;
  readonly membership: {
    readonly status: string;
    readonly subscriptions: readonly { usable: boolean }[];
  };
  readonly packs: readonly { readonly remainingCredits: number }[];
  readonly packCredits: number;
  readonly waivers: readonly { readonly title: string; readonly signedAt: string | null }[];
  readonly waiversSigned: boolean;
  readonly alerts: readonly { readonly note: string }[];
  readonly giftCards: readonly { readonly code: string; readonly balance: number }[];
}

describe.each(BACKENDS)('member.glance on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const glance = (memberId: string, at = NOW) =>
    studio.query<Glance>('member.glance', { memberId, at });

  it('shows membership, pack credits, waivers, alerts and gift cards at a glance', async () => {
    const empty = await glance(studio.memberId);
    expect(empty).toMatchObject({
      firstName: 'Maya',
      membership: { status: 'none', subscriptions: [] },
      packCredits: 0,
      waivers: [{ title: 'Liability waiver', signedAt: null }],
      waiversSigned: false,
      alerts: [],
      giftCards: [],
    });

    await studio.run('pack.sell', {
      memberId: studio.memberId,
      packDefinitionId: studio.packDefinitionId,
      unitPrice: 6000,
      tenders: [{ method: 'card', amount: 6000, paymentIntentId: 'pi_pack' }],
    });
    const card = resultOf<{ giftCards: { code: string }[] }>(
      await studio.run('giftCard.sell', {
        amount: 2500,
        recipientMemberId: studio.memberId,
        tenders: [{ method: 'card', amount: 2500, paymentIntentId: 'pi_gift' }],
      }),
    ).giftCards[0];
    await studio.run('note.add', {
      memberId: studio.memberId,
      note: 'Knee injury: no deep lunges',
      isAlert: true,
    });
    await studio.run('note.add', { memberId: studio.memberId, note: 'Likes the back row' });
    await studio.run('waiver.sign', {
      templateId: studio.waiverTemplateId,
      memberId: studio.memberId,
      signature: 'Maya Tester',
    });

    const full = await glance(studio.memberId);
    expect(full).toMatchObject({
      packCredits: 5,
      packs: [{ remainingCredits: 5 }],
      waivers: [{ title: 'Liability waiver', signedAt: NOW }],
      waiversSigned: true,
      alerts: [{ note: 'Knee injury: no deep lunges' }],
      giftCards: [{ code: card?.code, balance: 2500 }],
    });
    // Packs past their expiry no longer count.
    expect((await glance(studio.memberId, '2027-04-01T00:00:00.000Z')).packCredits).toBe(0);
  });

  it('tells an active membership from a lapsed one', async () => {
    expect((await glance(studio.subscriberId)).membership).toMatchObject({
      status: 'active',
      subscriptions: [{ usable: true }],
    });
    expect((await glance(studio.subscriberId, '2027-01-01T00:00:00.000Z')).membership.status).toBe(
      'lapsed',
    );
  });

  it('finds members for type-ahead by name, e-mail, phone and barcode', async () => {
    const barcode = (
      await studio.db
        .selectFrom('tenant_members')
        .select('barcode')
        .where('id', '=', studio.memberId)
        .executeTakeFirstOrThrow()
    ).barcode;
    const found = async (text: string) =>
      (await studio.query<{ memberId: string }[]>('member.find', { text })).map((m) => m.memberId);
    expect(await found('may')).toEqual([studio.memberId]);
    expect(await found('Maya Tes')).toEqual([studio.memberId]);
    expect(await found('OMAR.')).toEqual([studio.otherMemberId]);
    expect(await found(barcode ?? '')).toEqual([studio.memberId]);
    // "la" is the start of no name here: the JSON key lastName must not match.
    expect(await found('la')).toEqual([]);
    expect(await found('555 0100')).toHaveLength(7);
  });
});
