import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { deskStatus } from '../../src-main/sync/sync-status';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { MAX_SIGNATURE_CHARS } from '../../src-shared/mutations/front-desk/signature-limits';
import type { ServerOnlyTables } from '../../sync-server/db/server-tables';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from './sync-harness';

const TEMPLATE_ID = '01900000-0000-7000-8000-00000000a001';

/** A drawn signature's data URL of about `chars` characters. */
function drawnSignature(chars: number, salt: number): string {
  const body = Buffer.alloc(Math.ceil((chars * 3) / 4), salt).toString('base64');
  return `data:image/png;base64,${body}`.slice(0, chars);
}

/** Records the size of every push the desk sends, and lets a test inspect them. */
function recordingFetch(sizes: number[], statuses: number[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.endsWith('/v1/push') && typeof init?.body === 'string') {
      sizes.push(Buffer.byteLength(init.body));
      statuses.push(response.status);
    }
    return response;
  };
}

/**
 * Issue 13, case 2: large offline mutations must not wedge the outbox. Batches are bounded
 * by bytes (R3.6), a 413 splits them and a lone mutation no server accepts is withdrawn
 * (R3.7), and a mutation too large to ever push is refused when it is made.
 */
describe.each(serverBackends)('bounded pushes on %s (R3.6, R3.7)', (backend) => {
  async function worldWith(bodyLimit?: number): Promise<SyncWorld> {
    const world = await createSyncWorld(backend, bodyLimit ? { bodyLimit } : {});
    await world.database.db
      .insertInto('waiver_templates')
      .values({
        id: TEMPLATE_ID,
        tenant_id: world.studio.tenantId,
        title: 'Liability waiver',
        body: 'I accept the risks.',
        required: 1,
        active: 1,
        created_at: '2026-11-27T09:00:00.000Z',
      })
      .execute();
    return world;
  }

  async function signatureCount(world: SyncWorld): Promise<number> {
    const rows = await world.database.db
      .selectFrom('waiver_signatures')
      .select('id')
      .where('tenant_id', '=', world.studio.tenantId)
      .execute();
    return rows.length;
  }

  async function signAndSell(desk: Desk, staffId: string, world: SyncWorld, chars: number[]) {
    for (const [index, length] of chars.entries()) {
      await runDeskMutation(desk, staffId, 'waiver.sign', {
        templateId: TEMPLATE_ID,
        memberId: world.studio.ownerId,
        signature: drawnSignature(length, index),
      });
    }
    await runDeskMutation(desk, staffId, 'giftCard.sell', {
      amount: 2500,
      tenders: [{ method: 'external', amount: 2500, reference: 'cash box' }],
    });
  }

  describe('with the default request limit', () => {
    let world: SyncWorld;
    beforeAll(async () => {
      world = await worldWith();
    });
    afterAll(() => world.dispose());

    it('R3.6 ten drawn signatures made offline and a sale sync in batches under the limit', async () => {
      const sizes: number[] = [];
      const statuses: number[] = [];
      const desk = await world.enrollNewDesk('Front desk', recordingFetch(sizes, statuses));
      const staffId = await signInStaff(desk, { email: world.ownerEmail }, '1234');
      await signAndSell(desk, staffId, world, Array<number>(10).fill(MAX_SIGNATURE_CHARS));

      const report = await syncOnce(desk, world.transport(desk, recordingFetch(sizes, statuses)));

      expect(report.pushed).toBe(11);
      expect(sizes.length).toBeGreaterThan(1);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(512 * 1024);
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect(await signatureCount(world)).toBe(10);
      expect((await deskStatus(desk)).pending).toBe(0);
    });

    it('R3.6 a change too large to ever push is refused when it is made, nothing recorded', async () => {
      const desk = await world.enrollNewDesk('Second desk');
      const staffId = await signInStaff(desk, { email: world.ownerEmail }, '1234');
      const signaturesBefore = await desk.db.selectFrom('waiver_signatures').select('id').execute();
      const tooBig = runDeskMutation(desk, staffId, 'member.update', {
        memberId: world.studio.ownerId,
        notes: 'x'.repeat(300_000),
      });
      await expect(tooBig).rejects.toThrow(/more than one change may be \(256 KiB\)/);
      const overCap = runDeskMutation(desk, staffId, 'waiver.sign', {
        templateId: TEMPLATE_ID,
        memberId: world.studio.ownerId,
        signature: drawnSignature(MAX_SIGNATURE_CHARS + 1, 1),
      });
      await expect(overCap).rejects.toMatchObject({ code: 'invalid' });
      const outbox = await desk.db.selectFrom('desk_outbox').select('seq').execute();
      const signatures = await desk.db.selectFrom('waiver_signatures').select('id').execute();
      expect(outbox).toEqual([]);
      expect(signatures).toEqual(signaturesBefore);
    });
  });

  describe('behind a smaller request limit (a proxy)', () => {
    let world: SyncWorld;
    beforeAll(async () => {
      world = await worldWith(64 * 1024);
    });
    afterAll(() => world.dispose());

    it('R3.7 a 413 splits the batch; a lone change no server accepts is withdrawn, the rest sync', async () => {
      const sizes: number[] = [];
      const statuses: number[] = [];
      const desk = await world.enrollNewDesk('Front desk', recordingFetch(sizes, statuses));
      const staffId = await signInStaff(desk, { email: world.ownerEmail }, '1234');
      // Four signatures that fit the 64 KiB limit one by one, then one that never can.
      await signAndSell(desk, staffId, world, [30_000, 30_000, 30_000, 30_000, 90_000]);

      const report = await syncOnce(desk, world.transport(desk, recordingFetch(sizes, statuses)));

      expect(statuses).toContain(413);
      expect(report.refused).toBe(1);
      expect(await signatureCount(world)).toBe(4);
      const status = await deskStatus(desk);
      expect(status.pending).toBe(0);
      expect(status.problems).toEqual([
        expect.objectContaining({ name: 'waiver.sign', code: 'too_large' }),
      ]);
      const sale = await world.database.db
        .selectFrom('gift_cards')
        .select('initial_balance')
        .where('tenant_id', '=', world.studio.tenantId)
        .execute();
      expect(sale).toEqual([{ initial_balance: 2500 }]);
      const log = await world.database.db
        .withTables<ServerOnlyTables>()
        .selectFrom('mutation_log')
        .select(['name', 'code'])
        .where('tenant_id', '=', world.studio.tenantId)
        .where('outcome', '=', 'refused')
        .execute();
      expect(log).toEqual([{ name: 'waiver.sign', code: 'too_large' }]);
      // The desk keeps the withdrawn signature's arguments for staff to see.
      const kept = await desk.db
        .selectFrom('desk_outbox')
        .select('args')
        .where('status', '=', 'refused')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(kept.args)).toMatchObject({ templateId: TEMPLATE_ID });
    });
  });
});
