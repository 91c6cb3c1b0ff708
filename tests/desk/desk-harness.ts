import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinCrypto } from '../../src-shared/auth/pin-crypto';
import { hashPin } from '../../src-shared/auth/pin-hash';
import type { TenantRole } from '../../src-shared/mutations/mutation-definition';
import { manualClock } from '../../src-shared/time/clock';
import { openDesk, type Desk } from '../../src-main/store/open-desk';
import { writeDeviceIdentity, type DeviceIdentity } from '../../src-main/store/device-identity';

export const TENANT_ID = '01900000-0000-7000-8000-0000000000aa';
export const AT = '2026-11-26T12:00:00.000Z';
export const PIN_PEPPER = 'test-pepper';

let counter = 0;
/** Readable, valid UUIDs for fixtures. */
export const fixtureId = () =>
  `01900000-0000-7000-8000-${(++counter).toString(16).padStart(12, '0')}`;

/**
 * A desk in a temporary folder that looks enrolled, with staff seeded as if pulled from the
 * server; no server is involved.
 */
export async function createEnrolledDesk() {
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-desk-'));
  const identity: DeviceIdentity = {
    serverUrl: 'http://127.0.0.1:9',
    deviceId: fixtureId(),
    deviceName: 'Front desk 1',
    deviceToken: 'unused',
    tenantId: TENANT_ID,
    tenantName: 'Harbor Yoga',
    pinPepper: PIN_PEPPER,
  };
  writeDeviceIdentity(dataDir, identity);
  const clock = manualClock(Date.parse(AT));
  const desk = await openDesk({ dataDir, clock });
  await desk.db
    .insertInto('tenants')
    .values({
      id: TENANT_ID,
      slug: 'harbor',
      name: 'Harbor Yoga',
      settings: '{}',
      currency: 'USD',
      status: 'active',
      created_at: AT,
    })
    .execute();
  return {
    desk,
    clock,
    dataDir,
    dispose: async () => {
      await desk.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Adds a staff member with roles and a PIN, as the server would have synced them. */
export async function addStaffMember(desk: Desk, email: string, roles: TenantRole[], pin = '2468') {
  const userId = fixtureId();
  const memberId = fixtureId();
  await desk.db
    .insertInto('users')
    .values({ id: userId, email, profile: '{}', role: 'user', is_system_admin: 0, created_at: AT })
    .execute();
  await desk.db
    .insertInto('tenant_members')
    .values({
      id: memberId,
      tenant_id: TENANT_ID,
      user_id: userId,
      profile: '{}',
      status: 'active',
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  for (const role of roles) {
    await desk.db
      .insertInto('tenant_roles')
      .values({ tenant_id: TENANT_ID, member_id: memberId, role, granted_at: AT })
      .execute();
  }
  await desk.db
    .insertInto('staff_credentials')
    .values({
      tenant_id: TENANT_ID,
      member_id: memberId,
      pin_hash: hashPin(pin, PIN_PEPPER, pinCrypto),
      updated_at: AT,
    })
    .execute();
  return memberId;
}
