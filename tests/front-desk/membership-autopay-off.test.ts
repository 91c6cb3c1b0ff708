import { describe, expect, it } from 'vitest';
import { BACKENDS, NOW, useSeededStudio } from './front-desk-harness';

/**
 * R13.5 at the desk: `membership.turnOffAutopay` takes a membership off the card saved for
 * it (the subscription_autopay row the server wrote, and the server-only Stripe ids, empty
 * at a desk). Owners and managers only; the desk refuses a membership not on autopay, the
 * server keeps such a call and changes nothing.
 */
describe.each(BACKENDS)('turning a membership’s autopay off on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const onAutopay = async () => {
    await studio.db
      .insertInto('subscription_autopay')
      .values({
        tenant_id: studio.tenantId,
        subscription_id: studio.subscriptionId,
        card_brand: 'visa',
        card_last4: '4242',
        created_at: NOW,
      })
      .execute();
    await studio.db
      .updateTable('subscriptions')
      .set({ stripe_customer_id: 'cus_Saved', stripe_payment_method_id: 'pm_Saved' })
      .where('id', '=', studio.subscriptionId)
      .execute();
  };
  const autopay = () =>
    studio.query<{ subscriptionId: string; cardBrand: string; cardLast4: string | null }[]>(
      'membership.autopay',
      { memberId: studio.subscriberId },
    );
  const card = () =>
    studio.db
      .selectFrom('subscriptions')
      .select(['stripe_customer_id', 'stripe_payment_method_id'])
      .where('id', '=', studio.subscriptionId)
      .executeTakeFirstOrThrow();

  it('R13.5 the member page reads the card; an owner turns it off, forgetting the card', async () => {
    await onAutopay();
    expect(await autopay()).toEqual([
      { subscriptionId: studio.subscriptionId, cardBrand: 'visa', cardLast4: '4242' },
    ]);
    const args = { subscriptionId: studio.subscriptionId };
    expect(await studio.refused('membership.turnOffAutopay', args, { as: 'frontDesk' })).toBe(
      'forbidden',
    );
    expect(await autopay()).toHaveLength(1);
    expect(await studio.run('membership.turnOffAutopay', args, { as: 'manager' })).toMatchObject({
      result: { subscriptionId: studio.subscriptionId },
    });
    expect(await autopay()).toEqual([]);
    expect(await card()).toEqual({ stripe_customer_id: null, stripe_payment_method_id: null });
    const audit = await studio.db
      .selectFrom('audit_logs')
      .select(['action', 'target_id'])
      .where('action', '=', 'membership.turnOffAutopay')
      .execute();
    expect(audit).toEqual([
      { action: 'membership.turnOffAutopay', target_id: studio.subscriptionId },
    ]);
  });

  it('R13.5 the desk refuses a membership not on autopay; the server keeps the call', async () => {
    const args = { subscriptionId: studio.subscriptionId };
    const owner = { as: 'owner' } as const;
    expect(await studio.refused('membership.turnOffAutopay', args, owner)).toBe('rule');
    const onServer = { ...owner, side: 'server' } as const;
    expect(await studio.run('membership.turnOffAutopay', args, onServer)).toMatchObject({
      result: { subscriptionId: studio.subscriptionId },
    });
    const bad = { subscriptionId: 'nope' };
    expect(await studio.refused('membership.turnOffAutopay', bad, owner)).toBe('invalid');
  });
});
