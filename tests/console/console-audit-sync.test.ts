import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { asSharedDb } from '../../src-main/store/desk-tables';
import { verifyAuditChain } from '../../src-shared/audit/audit-chain';
import { pinCrypto } from '../../src-shared/auth/pin-crypto';
import { hashPin } from '../../src-shared/auth/pin-hash';
import { catalogueMutations } from '../../src-shared/mutations/console/catalogue-mutations';
import { studioMutations } from '../../src-shared/mutations/console/studio-mutations';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { serverBackends } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from '../sync/sync-harness';

const PRODUCT_ID = '01900000-0000-7000-8000-00000000a401';
// A PIN hash as the desk computes it: it must never be copied into the audit chain.
const PIN_HASH = hashPin('2468', 'studio-pepper', pinCrypto);

describe('every console mutation is audited', () => {
  it('declares its audit entry, or (stock.adjust) appends its own with the note', () => {
    const unaudited = [...studioMutations, ...catalogueMutations]
      .filter((m) => !('audit' in m) && m.name !== 'stock.adjust')
      .map((m) => m.name);
    expect(unaudited).toEqual([]);
  });
});

/**
 * The console's changes go into the studio's hash chain (issue 16): who changed what, from
 * which desk, when. Two desks audit offline; the server's chain, which is the truth, holds
 * both desks' entries once each, verifies, and is what each desk holds after its pull.
 */
describe.each(serverBackends)('console changes in the audit chain on %s', (backend) => {
  let world: SyncWorld;
  let deskA: Desk;
  let deskB: Desk;
  let staffA: string;
  let staffB: string;

  const auditRows = (db: Kysely<Database>) =>
    db
      .selectFrom('audit_logs')
      .select(['id', 'chain_seq', 'action', 'actor_id', 'device_id', 'target_id', 'details'])
      .select('hash')
      .orderBy('chain_seq')
      .execute();

  beforeAll(async () => {
    world = await createSyncWorld(backend);
    await world.database.db
      .insertInto('products')
      .values({
        id: PRODUCT_ID,
        tenant_id: world.studio.tenantId,
        name: 'Grip socks',
        price: 1400,
        stock_quantity: 5,
        taxable: 1,
        active: 1,
        created_at: '2026-12-01T09:00:00.000Z',
      })
      .execute();
    deskA = await world.enrollNewDesk('Front desk');
    deskB = await world.enrollNewDesk('Back office');
    staffA = await signInStaff(deskA, { email: world.ownerEmail }, '1234');
    staffB = await signInStaff(deskB, { email: world.ownerEmail }, '1234');
  });

  afterAll(() => world.dispose());

  it('records both desks’ offline changes once each, names desk and actor, and keeps secrets out', async () => {
    await runDeskMutation(deskA, staffA, 'product.update', {
      productId: PRODUCT_ID,
      set: { price: 1500 },
      basedOn: { price: 1400 },
    });
    const location = await runDeskMutation(deskA, staffA, 'location.create', {
      name: 'Riverside',
      timeZone: 'America/Denver',
      address: '12 River Rd',
    });
    await runDeskMutation(deskB, staffB, 'studio.updateSettings', { receiptFooter: 'Namaste' });
    const added = await runDeskMutation(deskB, staffB, 'staff.add', {
      firstName: 'Ines',
      lastName: 'Instructor',
      email: 'ines@example.com',
      roles: ['instructor'],
      pinHash: PIN_HASH,
    });
    // A call the desk refuses writes no entry: the last owner cannot be deactivated.
    await expect(
      runDeskMutation(deskA, staffA, 'staff.deactivate', { memberId: world.studio.ownerId }),
    ).rejects.toThrow(/owner/i);

    for (const desk of [deskA, deskB, deskA]) {
      const report = await syncOnce(desk, world.transport(desk));
      expect(report.refused).toBe(0);
    }

    const server = await auditRows(world.database.db);
    const byAction = (action: string) => server.filter((r) => r.action === action);
    expect(byAction('product.update')).toHaveLength(1);
    expect(byAction('product.update')[0]?.target_id).toBe(PRODUCT_ID);
    expect(byAction('product.update')[0]?.device_id).toBe(deskA.identity?.deviceId);
    expect(byAction('location.create')[0]?.target_id).toBe(
      (location.result as { locationId: string }).locationId,
    );
    expect(byAction('studio.updateSettings')[0]?.device_id).toBe(deskB.identity?.deviceId);
    const staffEntry = byAction('staff.add')[0];
    expect(staffEntry?.target_id).toBe((added.result as { memberId: string }).memberId);
    expect(staffEntry?.actor_id).toBe(staffB);
    expect(JSON.stringify(staffEntry?.details)).toContain('instructor');
    expect(JSON.stringify(server)).not.toContain(PIN_HASH);
    expect(byAction('staff.deactivate')).toEqual([]);

    const verified = await verifyAuditChain(world.database.db, world.studio.tenantId);
    expect(verified.ok).toBe(true);
    expect(verified.entries).toBe(server.length);
    // The desk that synced last holds the server's chain, entry for entry.
    const deskCopy = await auditRows(asSharedDb(deskA.db));
    expect(deskCopy.map((r) => [r.id, r.chain_seq, r.hash])).toEqual(
      server.map((r) => [r.id, r.chain_seq, r.hash]),
    );
  });
});
