import { describe, expect, it } from 'vitest';
import { missingWaivers } from '../../src-shared/mutations/front-desk/waiver-gate';
import { BACKENDS, resultOf, useSeededStudio } from '../front-desk/front-desk-harness';
import { catalogueSnapshot, reviewItemsOf } from './catalogue-test-support';

interface CatalogueWaiver {
  readonly templateId: string;
  readonly title: string;
  readonly version: number;
  readonly required: boolean;
  readonly active: boolean;
}

const photoRelease = { title: 'Photo release', body: 'You may post my photo.', required: false };

describe.each(BACKENDS)('catalogue waiver templates on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const templateRow = (id: string) =>
    studio.db
      .selectFrom('waiver_templates')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const missing = () => missingWaivers(studio.db, studio.tenantId, studio.memberId);
  const sign = (templateId: string) =>
    studio.run('waiver.sign', { templateId, memberId: studio.memberId, signature: 'Maya T' });

  it('waiver.createTemplate adds a version 1 template', async () => {
    const { templateId, version } = resultOf<{ templateId: string; version: number }>(
      await studio.run('waiver.createTemplate', photoRelease, { as: 'manager' }),
    );
    expect(version).toBe(1);
    expect(await templateRow(templateId)).toMatchObject({
      title: 'Photo release',
      required: 0,
      active: 1,
      version: 1,
    });
  });

  it('waiver.createTemplate refuses bad input and non-managers', async () => {
    const before = await catalogueSnapshot(studio);
    for (const bad of [
      { ...photoRelease, title: '' },
      { ...photoRelease, body: ' ' },
      { ...photoRelease, body: 'x'.repeat(50_001) },
      { title: 'No required flag', body: 'text' },
    ]) {
      expect(await studio.refused('waiver.createTemplate', bad, { as: 'owner' })).toBe('invalid');
    }
    expect(await studio.refused('waiver.createTemplate', photoRelease)).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);
  });

  it('waiver.newVersion retires the old version, and members must sign the new one', async () => {
    await sign(studio.waiverTemplateId);
    expect(await missing()).toEqual([]);
    const next = resultOf<{ templateId: string; version: number }>(
      await studio.run(
        'waiver.newVersion',
        { templateId: studio.waiverTemplateId, body: 'I accept the risks, including hot rooms.' },
        { as: 'owner' },
      ),
    );
    expect(next.version).toBe(2);
    expect((await templateRow(studio.waiverTemplateId)).active).toBe(0);
    expect(await templateRow(next.templateId)).toMatchObject({
      title: 'Liability waiver',
      required: 1,
      active: 1,
      version: 2,
    });
    expect(await missing()).toEqual([{ id: next.templateId, title: 'Liability waiver' }]);
    // The old version is no longer signed at the desk; the new one is.
    expect(
      await studio.refused('waiver.sign', {
        templateId: studio.waiverTemplateId,
        memberId: studio.memberId,
        signature: 'Maya T',
      }),
    ).toBe('rule');
    await sign(next.templateId);
    expect(await missing()).toEqual([]);

    const listed = await studio.query<CatalogueWaiver[]>('catalogue.waivers', {});
    expect(listed.map((w) => [w.version, w.active])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it('waiver.newVersion refuses bad input, a replaced version at the desk, and the front desk', async () => {
    const change = { templateId: studio.waiverTemplateId, body: 'New words.' };
    const before = await catalogueSnapshot(studio);
    expect(
      await studio.refused('waiver.newVersion', { ...change, body: '' }, { as: 'owner' }),
    ).toBe('invalid');
    expect(
      await studio.refused('waiver.newVersion', { ...change, title: '' }, { as: 'owner' }),
    ).toBe('invalid');
    expect(await studio.refused('waiver.newVersion', change)).toBe('forbidden');
    expect(await catalogueSnapshot(studio)).toEqual(before);

    await studio.run('waiver.newVersion', change, { as: 'owner' });
    const afterFirst = await catalogueSnapshot(studio);
    expect(await studio.refused('waiver.newVersion', change, { as: 'owner' })).toBe('rule');
    expect(await catalogueSnapshot(studio)).toEqual(afterFirst);
  });

  it('two desks publishing a new version offline both stand at the server, and the owner is told', async () => {
    const change = { templateId: studio.waiverTemplateId, body: 'New words.' };
    await studio.run('waiver.newVersion', change, { as: 'owner' });
    await studio.run(
      'waiver.newVersion',
      { ...change, title: 'Liability waiver 2027' },
      { as: 'manager', side: 'server', deviceId: 'desk-front-2' },
    );
    const active = await studio.db
      .selectFrom('waiver_templates')
      .select(['title', 'version'])
      .where('tenant_id', '=', studio.tenantId)
      .where('active', '=', 1)
      .orderBy('title')
      .execute();
    expect(active).toEqual([
      { title: 'Liability waiver', version: 2 },
      { title: 'Liability waiver 2027', version: 2 },
    ]);
    expect(await reviewItemsOf(studio)).toMatchObject([
      { kind: 'edit_conflict', subject_id: studio.waiverTemplateId },
    ]);
  });
});
