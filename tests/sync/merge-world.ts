import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { deskStatus } from '../../src-main/sync/sync-status';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { deskChecksums, verifyDesk } from '../../src-main/sync/verify-and-repair';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { addStaff } from '../../sync-server/admin/staff-admin';
import { TEST_PIN_COST, type ServerBackend } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from './sync-harness';

const SEEDED_AT = '2026-11-27T09:00:00.000Z';
/** Far ahead of any desk clock, so booking and cancelling are always in time. */
const CLASS_START = '2030-01-07T18:00:00.000Z';

/**
 * Two enrolled desks with a different staff member signed in at each, so a review item can
 * be checked for naming both desks and both actors (PROTOCOL.md R9.4).
 */
export interface TwoDeskStudio {
  readonly world: SyncWorld;
  readonly deskA: Desk;
  readonly deskB: Desk;
  /** The desks' device ids, as review items name them. */
  readonly deviceIdA: string;
  readonly deviceIdB: string;
  /** Signed in at desk A: the owner. */
  readonly actorA: string;
  /** Signed in at desk B: a front-desk member of staff. */
  readonly actorB: string;
  readonly locationId: string;
  readonly packDefinitionId: string;
}

const newId = () => uuidV7(Date.now(), randomBytes);

export async function createTwoDeskStudio(backend: ServerBackend): Promise<TwoDeskStudio> {
  const world = await createSyncWorld(backend);
  const { db } = world.database;
  const tenantId = world.studio.tenantId;
  const frontDeskEmail = `frida-${world.studio.slug}@example.com`;
  await addStaff(
    { db, clock: world.clock },
    {
      tenantId,
      email: frontDeskEmail,
      firstName: 'Frida',
      lastName: 'Desk',
      role: 'front_desk',
      pin: '1234',
    },
    TEST_PIN_COST,
  );
  const locationId = newId();
  await db
    .insertInto('locations')
    .values({
      id: locationId,
      tenant_id: tenantId,
      name: 'Main',
      time_zone: 'America/New_York',
      address: null,
      created_at: SEEDED_AT,
    })
    .execute();
  const packDefinitionId = newId();
  await db
    .insertInto('class_pack_definitions')
    .values({
      id: packDefinitionId,
      tenant_id: tenantId,
      name: '5-class pack',
      credits: 5,
      price: 6000,
      validity_days: null,
      active: 1,
      created_at: SEEDED_AT,
    })
    .execute();
  const deskA = await world.enrollNewDesk('Desk A');
  const deskB = await world.enrollNewDesk('Desk B');
  const actorA = await signInStaff(deskA, { email: world.ownerEmail }, '1234');
  const actorB = await signInStaff(deskB, { email: frontDeskEmail }, '1234');
  return {
    world,
    deskA,
    deskB,
    deviceIdA: enrolledDeviceId(deskA),
    deviceIdB: enrolledDeviceId(deskB),
    actorA,
    actorB,
    locationId,
    packDefinitionId,
  };
}

function enrolledDeviceId(desk: Desk): string {
  const id = desk.identity?.deviceId;
  if (id === undefined) throw new Error('the desk was enrolled, so it has a device id');
  return id;
}

/**
 * Half an hour from now on the desks' clock (the real one): a class members check in to now,
 * inside the check-in window (issue 17 item 4).
 */
export function startingSoon(): string {
  return new Date(Date.now() + 30 * 60_000).toISOString();
}

/** A scheduled class, written at the server; desks see it at their next sync. */
export async function addClass(
  studio: TwoDeskStudio,
  title: string,
  capacity = 10,
  startTime = CLASS_START,
): Promise<string> {
  const id = newId();
  await studio.world.database.db
    .insertInto('classes')
    .values({
      id,
      tenant_id: studio.world.studio.tenantId,
      series_id: null,
      location_id: studio.locationId,
      instructor_id: null,
      title,
      start_time: startTime,
      duration_minutes: 60,
      capacity,
      drop_in_price: 2000,
      status: 'scheduled',
      created_at: SEEDED_AT,
    })
    .execute();
  return id;
}

/** A member created at desk A with a 5-credit pack; returns both ids. */
export async function memberWithPack(
  studio: TwoDeskStudio,
  firstName: string,
): Promise<{ readonly memberId: string; readonly packId: string }> {
  const { deskA, actorA } = studio;
  const created = await runDeskMutation(deskA, actorA, 'member.create', {
    firstName,
    lastName: 'Member',
    email: `${firstName.toLowerCase()}-${randomBytes(4).toString('hex')}@example.com`,
  });
  const { memberId } = created.result as { memberId: string };
  const sold = await runDeskMutation(deskA, actorA, 'pack.sell', {
    memberId,
    packDefinitionId: studio.packDefinitionId,
    unitPrice: 6000,
    tenders: [{ method: 'external', amount: 6000, reference: 'voucher' }],
  });
  const [packId = ''] = (sold.result as { packIds: string[] }).packIds;
  return { memberId, packId };
}

/** One sync round per desk, in the order given. */
export async function syncInTurn(studio: TwoDeskStudio, desks: readonly Desk[]): Promise<void> {
  for (const desk of desks) await syncOnce(desk, studio.world.transport(desk));
}

/** What R6 promises after sync: both desks verified equal to the server, and to each other. */
export async function sameEverywhere(studio: TwoDeskStudio) {
  const { deskA, deskB, world } = studio;
  return {
    mismatchedA: (await verifyDesk(deskA, world.transport(deskA))).mismatched,
    mismatchedB: (await verifyDesk(deskB, world.transport(deskB))).mismatched,
    checksumsA: deskChecksums(deskA),
    checksumsB: deskChecksums(deskB),
    statusA: await deskStatus(deskA),
    statusB: await deskStatus(deskB),
  };
}

/**
 * R6 and each desk's own account of itself, once every desk has synced: both desks equal to
 * the server and to each other, nothing left to push, nothing refused.
 */
export async function expectEverySideEqual(studio: TwoDeskStudio): Promise<void> {
  const same = await sameEverywhere(studio);
  expect(same.mismatchedA).toEqual([]);
  expect(same.mismatchedB).toEqual([]);
  expect(same.checksumsB).toEqual(same.checksumsA);
  for (const status of [same.statusA, same.statusB]) {
    expect(status.pending).toBe(0);
    expect(status.problems).toEqual([]);
  }
}
