import type { Desk } from '../../src-main/store/open-desk';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { syncOnce } from '../../src-main/sync/sync-engine';
import type { ServerBackend } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from './sync-harness';

/** The mat both desks sell: ten in stock at 40.00. */
export const MAT_PRODUCT_ID = '01900000-0000-7000-8000-00000000f001';

export interface TwoDesksSellingMats {
  readonly world: SyncWorld;
  readonly deskA: Desk;
  readonly deskB: Desk;
  /** The owner, signed in at desk A. */
  readonly staffId: string;
}

/**
 * A studio with a yoga mat in stock and two enrolled desks, the owner signed in at desk A:
 * the set-up of the tests where two desks spend one gift card or one stock count offline.
 */
export async function twoDesksSellingMats(backend: ServerBackend): Promise<TwoDesksSellingMats> {
  const world = await createSyncWorld(backend);
  await world.database.db
    .insertInto('products')
    .values({
      id: MAT_PRODUCT_ID,
      tenant_id: world.studio.tenantId,
      name: 'Yoga mat',
      price: 4000,
      stock_quantity: 10,
      taxable: 0,
      active: 1,
      created_at: '2026-11-27T09:00:00.000Z',
    })
    .execute();
  const deskA = await world.enrollNewDesk('Desk A');
  const deskB = await world.enrollNewDesk('Desk B');
  const staffId = await signInStaff(deskA, { email: world.ownerEmail }, '1234');
  return { world, deskA, deskB, staffId };
}

/**
 * The same studio with the owner signed in at both desks and each desk synced once: the
 * set-up of the tests of what a sync round writes at each desk.
 */
export async function twoSyncedDesksSellingMats(
  backend: ServerBackend,
): Promise<TwoDesksSellingMats> {
  const mats = await twoDesksSellingMats(backend);
  const { world, deskA, deskB, staffId } = mats;
  const atB = await signInStaff(deskB, { email: world.ownerEmail }, '1234');
  if (atB !== staffId) throw new Error('the owner signed in at desk B as another member');
  await syncOnce(deskA, world.transport(deskA));
  await syncOnce(deskB, world.transport(deskB));
  return mats;
}
