import { isoAt, type Clock } from '../../src-shared/time/clock';
import type { TenantDatabase } from '../db/tenant-database';
import { sha256Hex } from '../support/secret-tokens';
import { ServiceError } from '../support/service-error';
import type { DeviceTokenCache } from './device-token-cache';

/** The device a request comes from; its tenant is the only tenant the request can touch. */
export interface AuthenticatedDevice {
  readonly deviceId: string;
  readonly tenantId: string;
}

/** last_seen_at is written at most this often per device, not on every request. */
const SEEN_EVERY_MS = 60_000;

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match =
    header === undefined ? null : /^Bearer ([A-Za-z0-9_\-.~+/]{16,200}=*)$/.exec(header);
  return match?.[1];
}

/**
 * Finds the device of a bearer token (R2.2). The lookup runs in a SECURITY DEFINER function
 * because no tenant is known yet; it also promotes a rotated token on first use (R2.3).
 */
export async function authenticateDevice(
  tenants: TenantDatabase,
  clock: Clock,
  token: string | undefined,
  trusted?: DeviceTokenCache,
): Promise<AuthenticatedDevice> {
  if (token === undefined) {
    throw new ServiceError(
      401,
      'unauthenticated',
      'Send the device token as "Authorization: Bearer <token>".',
    );
  }
  const tokenHash = sha256Hex(token);
  const known = trusted?.get(tokenHash);
  if (known) return known;
  const seenBefore = new Date(clock.now() - SEEN_EVERY_MS).toISOString();
  const device = await tenants.deviceOfToken(tokenHash, isoAt(clock), seenBefore);
  if (device === undefined) {
    throw new ServiceError(
      401,
      'unauthenticated',
      'This device token is not known; enrol the desk again.',
    );
  }
  if (device.status !== 'active') {
    throw new ServiceError(
      401,
      'device_revoked',
      'This desk was revoked by the studio; enrol it again to sync.',
    );
  }
  const authenticated = { deviceId: device.deviceId, tenantId: device.tenantId };
  trusted?.remember(tokenHash, authenticated);
  return authenticated;
}
