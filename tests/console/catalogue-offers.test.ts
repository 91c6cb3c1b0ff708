import { describe, expect, it } from 'vitest';
import { BACKENDS, resultOf, useSeededStudio } from '../front-desk/front-desk-harness';
import { catalogueSnapshot, reviewItemsOf } from './catalogue-test-support';

interface CataloguePack {
  readonly packDefinitionId: string;
  readonly credits: number;
  readonly validityDays: number | null;
  readonly active: boolean;
}

interface CataloguePlan {
  readonly planId: string;
  readonly interval: string;
  readonly classLimit: number | null;
  readonly vodEnabled: boolean;
  readonly active: boolean;
}

const tenPack = { name: '10-class pack', credits: 10, price: 11000, validityDays: 180 };
const weekly = {
  name: 'Twice a week',
  price: 8000,
  interval: 'month',
  classLimit: 8,
  vodEnabled: true,
};

describe.each(BACKENDS)('catalogue packs and plans on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const packRow = (id: string) =>
    studio.db
      .selectFrom('class_pack_definitions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const planRow = (id: string) =>
    studio.db
      .selectFrom('membership_plans')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('pack.define adds a pack the console lists', async () => {
    const { packDefinitionId } = resultOf<{ packDefinitionId: string }>(
      await studio.run('pack.define', tenPack, { as: 'manager' }),
    );
    expect(await packRow(packDefinitionId)).toMatchObject({
      name: '10-class pack',
      credits: 10,
      price: 11000,
      validity_days: 180,
      active: 1,
    });
    const packs = await studio.query<CataloguePack[]>('catalogue.packs', {});
    expect(packs.find((p) => p.packDefinitionId === packDefinitionId)).toMatchObject({
      credits: 10,
      validityDays: 180,
      active: true,
    });
  });

  it('pack.define refuses bad input and non-managers with nothing written', async () => {
    const before = await catalogueSnapshot(studio);
    for (const bad of [
      { ...tenPack, credits: 0 },
      { ...tenPack, price: -1 },
      { ...tenPack, validityDays: 0 },
      { ...tenPack, name: '' },
      { name: 'No credits', price: 100, validityDays: null },
    ]) {
      expect(await studio.refused('pack.define', bad, { as: 'owner' })).toBe('invalid');
    }
    expect(await studio.refused('pack.define', tenPack)).toBe('forbidden');
    expect(await studio.refused('pack.define', tenPack, { as: 'instructor' })).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);
  });

  it('pack.updateDefinition changes and retires a pack; a sold pack keeps its terms', async () => {
    const id = studio.packDefinitionId;
    await studio.run(
      'pack.updateDefinition',
      {
        packDefinitionId: id,
        set: { price: 6500, validityDays: null },
        basedOn: { price: 6000, validityDays: 90 },
      },
      { as: 'owner' },
    );
    expect(await packRow(id)).toMatchObject({ price: 6500, validity_days: null, credits: 5 });
    await studio.run(
      'pack.updateDefinition',
      { packDefinitionId: id, set: { active: false }, basedOn: { active: true } },
      { as: 'manager' },
    );
    expect((await packRow(id)).active).toBe(0);
    expect(await reviewItemsOf(studio)).toEqual([]);
  });

  it('pack.updateDefinition refuses bad input, a stale form and the front desk', async () => {
    const before = await catalogueSnapshot(studio);
    const id = studio.packDefinitionId;
    for (const bad of [
      { packDefinitionId: id, set: { credits: 0 }, basedOn: { credits: 5 } },
      { packDefinitionId: id, set: { credits: 6 } },
      { packDefinitionId: id, set: { credits: 6 }, basedOn: { credits: 5 }, extra: 1 },
    ]) {
      expect(await studio.refused('pack.updateDefinition', bad, { as: 'owner' })).toBe('invalid');
    }
    const change = { packDefinitionId: id, set: { credits: 6 }, basedOn: { credits: 5 } };
    expect(
      await studio.refused(
        'pack.updateDefinition',
        { ...change, basedOn: { credits: 4 } },
        { as: 'owner' },
      ),
    ).toBe('rule');
    expect(await studio.refused('pack.updateDefinition', change)).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);
  });

  it('a retired pack sold by a desk that had not heard is kept at the server with a review item', async () => {
    await studio.run(
      'pack.updateDefinition',
      {
        packDefinitionId: studio.packDefinitionId,
        set: { active: false },
        basedOn: { active: true },
      },
      { as: 'manager' },
    );
    const sale = {
      memberId: studio.memberId,
      packDefinitionId: studio.packDefinitionId,
      unitPrice: 6000,
      tenders: [{ method: 'external', amount: 6000, reference: 'voucher' }],
    };
    const before = await catalogueSnapshot(studio);
    expect(await studio.refused('pack.sell', sale)).toBe('rule');
    expect(await catalogueSnapshot(studio)).toEqual(before);

    const sold = resultOf<{ packIds: string[] }>(
      await studio.run('pack.sell', sale, { side: 'server', deviceId: 'desk-front-2' }),
    );
    expect(sold.packIds).toHaveLength(1);
    expect(await reviewItemsOf(studio)).toMatchObject([
      { kind: 'retired_item_sold', subject_id: studio.packDefinitionId, amount: 6000 },
    ]);
  });

  it('plan.create adds a plan the console lists', async () => {
    const { planId } = resultOf<{ planId: string }>(
      await studio.run('plan.create', weekly, { as: 'owner' }),
    );
    expect(await planRow(planId)).toMatchObject({
      interval: 'month',
      class_limit: 8,
      vod_enabled: 1,
      active: 1,
    });
    const unlimited = resultOf<{ planId: string }>(
      await studio.run(
        'plan.create',
        { ...weekly, name: 'Drop everything', interval: 'one_time', classLimit: null },
        { as: 'manager' },
      ),
    );
    const plans = await studio.query<CataloguePlan[]>('catalogue.plans', {});
    expect(plans.find((p) => p.planId === unlimited.planId)).toMatchObject({
      interval: 'one_time',
      classLimit: null,
      vodEnabled: true,
      active: true,
    });
  });

  it('plan.create refuses bad input and non-managers with nothing written', async () => {
    const before = await catalogueSnapshot(studio);
    for (const bad of [
      { ...weekly, interval: 'fortnight' },
      { ...weekly, classLimit: 0 },
      { ...weekly, price: 99.5 },
      { ...weekly, vodEnabled: 'yes' },
    ]) {
      expect(await studio.refused('plan.create', bad, { as: 'owner' })).toBe('invalid');
    }
    expect(await studio.refused('plan.create', weekly)).toBe('forbidden');
    expect(await studio.refused('plan.create', weekly, { as: 'instructor' })).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);
  });

  it('plan.update changes and retires a plan; its subscription stays', async () => {
    const { planId } = await studio.db
      .selectFrom('subscriptions')
      .select('plan_id as planId')
      .where('id', '=', studio.subscriptionId)
      .executeTakeFirstOrThrow();
    await studio.run(
      'plan.update',
      {
        planId,
        set: { classLimit: 12, vodEnabled: true, active: false },
        basedOn: { classLimit: null, vodEnabled: false, active: true },
      },
      { as: 'manager' },
    );
    expect(await planRow(planId)).toMatchObject({ class_limit: 12, vod_enabled: 1, active: 0 });
    const subscription = await studio.db
      .selectFrom('subscriptions')
      .select('status')
      .where('id', '=', studio.subscriptionId)
      .executeTakeFirstOrThrow();
    expect(subscription.status).toBe('active');
  });

  it('plan.update refuses bad input, a stale form, the front desk, and keeps a later offline edit', async () => {
    const { planId } = await studio.db
      .selectFrom('subscriptions')
      .select('plan_id as planId')
      .where('id', '=', studio.subscriptionId)
      .executeTakeFirstOrThrow();
    const before = await catalogueSnapshot(studio);
    const change = { planId, set: { price: 13000 }, basedOn: { price: 12000 } };
    expect(
      await studio.refused(
        'plan.update',
        { ...change, set: { interval: 'daily' }, basedOn: { interval: 'month' } },
        { as: 'owner' },
      ),
    ).toBe('invalid');
    expect(
      await studio.refused('plan.update', { ...change, basedOn: { price: 1 } }, { as: 'owner' }),
    ).toBe('rule');
    expect(await studio.refused('plan.update', change)).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);

    await studio.run('plan.update', change, { as: 'owner' });
    await studio.run(
      'plan.update',
      { ...change, set: { price: 11000 } },
      { as: 'owner', side: 'server' },
    );
    expect((await planRow(planId)).price).toBe(11000);
    expect(await reviewItemsOf(studio)).toMatchObject([
      { kind: 'edit_conflict', subject_id: planId, amount: 13000 },
    ]);
  });
});
