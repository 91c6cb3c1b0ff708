import type { SetupRequest } from '../../src-shared/protocol/console-messages';
import type { EnrollResponse } from '../../src-shared/protocol/sync-messages';
import type { Desk } from '../store/open-desk';
import { writeDeviceIdentity } from '../store/device-identity';
import { enrollDevice, setupStudio } from './sync-transport';

/**
 * A desk belongs to one studio for life: enrolling (or setting up a studio from) a desk that
 * already has an identity is refused rather than mixing two tenants' data.
 */
function refuseIfEnrolled(desk: Desk): void {
  if (desk.identity) {
    throw new Error(
      `this desk is already enrolled with ${desk.identity.tenantName}; use a new data folder for another studio`,
    );
  }
}

/** Keeps the server's enrolment answer beside the database as this desk's identity. */
function keepIdentity(desk: Desk, serverUrl: string, deviceName: string, enrolled: EnrollResponse) {
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

/**
 * Enrols this desk with a studio's server using a one-time code (R2.1) and keeps the
 * identity beside the database.
 */
export async function enrollDesk(
  desk: Desk,
  serverUrl: string,
  code: string,
  deviceName: string,
  fetchImpl: typeof fetch = fetch,
) {
  refuseIfEnrolled(desk);
  const enrolled = await enrollDevice(serverUrl, { code, deviceName }, fetchImpl);
  return keepIdentity(desk, serverUrl, deviceName, enrolled);
}

/**
 * Creates a new studio from nothing with a one-time setup code (issue 16): the server makes
 * the studio, its owner with the given PIN, and enrols this desk in the same step, so the
 * desk comes out enrolled; after its initial sync the owner signs in with the PIN.
 */
export async function setUpStudioFromDesk(
  desk: Desk,
  serverUrl: string,
  setup: SetupRequest,
  fetchImpl: typeof fetch = fetch,
) {
  refuseIfEnrolled(desk);
  const enrolled = await setupStudio(serverUrl, setup, fetchImpl);
  return keepIdentity(desk, serverUrl, setup.deviceName, enrolled);
}
