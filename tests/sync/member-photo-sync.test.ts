import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { runDeskQuery } from '../../src-main/operations/run-query';
import { deskStatus } from '../../src-main/sync/sync-status';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { deskChecksums, verifyDesk } from '../../src-main/sync/verify-and-repair';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { verifyAuditChain } from '../../src-shared/audit/audit-chain';
import { serverBackends } from '../server/support/server-harness';
import { bandedPng, dataUrlOf, jpegLike } from '../support/member-photo-pictures';
import { createSyncWorld, type SyncWorld } from './sync-harness';

interface Photo {
  readonly dataUrl: string;
  readonly byteSize: number;
}

const JPEG = dataUrlOf('image/jpeg', jpegLike(4000));
const PNG = dataUrlOf('image/png', bandedPng(32, 32));

/** Issue 17 item 3: a photo taken at one desk is the photo every desk shows at check-in. */
describe.each(serverBackends)('member photos between two desks and %s', (backend) => {
  let world: SyncWorld;
  let deskA: Desk;
  let deskB: Desk;
  let ownerId: string;
  let memberId: string;

  const photoAt = (desk: Desk) =>
    runDeskQuery(desk, 'member.photo', { memberId }) as Promise<Photo | null>;
  const serverPhotos = () =>
    world.database.db
      .selectFrom('member_photos')
      .select(['member_id', 'data_url', 'byte_size'])
      .where('tenant_id', '=', world.studio.tenantId)
      .execute();
  const syncBoth = async () => {
    await syncOnce(deskA, world.transport(deskA));
    await syncOnce(deskB, world.transport(deskB));
    await syncOnce(deskA, world.transport(deskA));
  };

  beforeAll(async () => {
    world = await createSyncWorld(backend);
    deskA = await world.enrollNewDesk('Front desk A');
    deskB = await world.enrollNewDesk('Front desk B');
    ownerId = await signInStaff(deskA, { email: world.ownerEmail }, '1234');
    await signInStaff(deskB, { email: world.ownerEmail }, '1234');
    const created = await runDeskMutation(deskA, ownerId, 'member.create', {
      firstName: 'Maya',
      lastName: 'Photo',
    });
    memberId = (created.result as { memberId: string }).memberId;
    await syncBoth();
  });

  afterAll(() => world.dispose());

  it('R4.1 R4.2 a photo set at desk A reaches the server and desk B', async () => {
    expect(await photoAt(deskB)).toBeNull();
    await runDeskMutation(deskA, ownerId, 'member.setPhoto', { memberId, dataUrl: JPEG });
    await syncOnce(deskA, world.transport(deskA));
    expect(await serverPhotos()).toEqual([
      { member_id: memberId, data_url: JPEG, byte_size: 4000 },
    ]);
    await syncOnce(deskB, world.transport(deskB));
    expect(await photoAt(deskB)).toMatchObject({ dataUrl: JPEG, byteSize: 4000 });
    expect(deskChecksums(deskA)).toEqual(deskChecksums(deskB));
  });

  it('R4.2 a photo removed at desk B is removed at the server and desk A (a tombstone)', async () => {
    await runDeskMutation(deskB, ownerId, 'member.removePhoto', { memberId });
    await syncBoth();
    expect(await serverPhotos()).toEqual([]);
    expect(await photoAt(deskA)).toBeNull();
    expect((await verifyDesk(deskA, world.transport(deskA))).mismatched).toEqual([]);
  });

  it('R1.2 R4.4 two desks that change the photo offline agree on the last to reach the server', async () => {
    await runDeskMutation(deskA, ownerId, 'member.setPhoto', { memberId, dataUrl: JPEG });
    await runDeskMutation(deskB, ownerId, 'member.setPhoto', { memberId, dataUrl: PNG });
    // Each desk shows its own photo until it has synced.
    expect((await photoAt(deskA))?.dataUrl).toBe(JPEG);
    expect((await photoAt(deskB))?.dataUrl).toBe(PNG);
    await syncOnce(deskA, world.transport(deskA));
    await syncBoth();
    expect((await serverPhotos()).map((p) => p.data_url)).toEqual([PNG]);
    expect((await photoAt(deskA))?.dataUrl).toBe(PNG);
    expect((await photoAt(deskB))?.dataUrl).toBe(PNG);
    expect((await deskStatus(deskA)).pending).toBe(0);
    expect((await deskStatus(deskB)).pending).toBe(0);
    expect(deskChecksums(deskA)).toEqual(deskChecksums(deskB));
    expect((await verifyDesk(deskB, world.transport(deskB))).mismatched).toEqual([]);
  });

  it('R10.1 the server’s audit chain holds each photo change once, and verifies', async () => {
    const actions = await world.database.db
      .selectFrom('audit_logs')
      .select('action')
      .where('tenant_id', '=', world.studio.tenantId)
      .where('target_id', '=', memberId)
      .orderBy('chain_seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'member.setPhoto',
      'member.removePhoto',
      'member.setPhoto',
      'member.setPhoto',
    ]);
    const verified = await verifyAuditChain(world.database.db, world.studio.tenantId);
    expect(verified.problems).toEqual([]);
  });
});
