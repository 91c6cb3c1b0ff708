import type { Desk } from '../store/open-desk';
import { writeDeviceIdentity } from '../store/device-identity';
import { enrollDevice } from './sync-transport';

/**
 * Enrols this desk with a studio's server using a one-time code (R2.1) and keeps the
 * identity beside the database. A desk belongs to one studio for life: enrolling a desk
 * that already has an identity is refused rather than mixing two tenants' data.
 */
export async function enrollDesk(
  desk: Desk,
  serverUrl: string,
  code: string,
  deviceName: string,
  fetchImpl: typeof fetch = fetch,
) {
  if (desk.identity) {
    throw new Error(
      `this desk is already enrolled with ${desk.identity.tenantName}; use a new data folder for another studio`,
    );
  }
  const enrolled = await enrollDevice(serverUrl, { code, deviceName }, fetchImpl);
  const identity = {
    serverUrl,
    deviceId: enrolled.deviceId,
    deviceName,
    deviceToken: enrolled.deviceToken,
    tenantId: enrolled.tenantId,
    tenantName: enrolled.tenantName,
    pinPepper: enrolled.pinPepper,
  };
  writeDeviceIdentity(desk.dataDir, identity);
  desk.identity = identity;
  return identity;
}
