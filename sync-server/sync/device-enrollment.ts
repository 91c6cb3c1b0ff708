import { randomBytes } from 'node:crypto';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import type { EnrollRequest, EnrollResponse } from '../../src-shared/protocol/sync-messages';
import type { TenantDatabase } from '../db/tenant-database';
import type { TenantTransaction } from '../db/tenant-transaction';
import { isoAt, type Clock } from '../../src-shared/time/clock';
import { newDeviceToken, normalizeEnrollmentCode, sha256Hex } from '../support/secret-tokens';
import { ServiceError } from '../support/service-error';
import type { AuthenticatedDevice } from './device-auth';

export interface DeviceServiceDeps {
  readonly tenants: TenantDatabase;
  readonly clock: Clock;
}

const invalidCode = () =>
  new ServiceError(
    400,
    'enrollment_code_invalid',
    'This enrolment code is not known; check it or ask the owner for a new one.',
  );

/**
 * Enrols a desk with a one-time code (R2.1). Checking the code, spending it and creating the
 * device happen in one transaction, so a code can never enrol two desks and a failure
 * leaves it unspent.
 */
export async function enrollDevice(
  deps: DeviceServiceDeps,
  request: EnrollRequest,
): Promise<EnrollResponse> {
  const codeHash = sha256Hex(normalizeEnrollmentCode(request.code));
  // The code names no tenant: a SECURITY DEFINER lookup finds it before one is set.
  const tenantId = await deps.tenants.tenantOfEnrollmentCode(codeHash);
  if (!tenantId) throw invalidCode();
  return deps.tenants.inTenant(tenantId, async (trx) => {
    const now = isoAt(deps.clock);
    const code = await trx
      .selectFrom('enrollment_codes')
      .select(['used_at', 'expires_at'])
      .where('tenant_id', '=', tenantId)
      .where('code_hash', '=', codeHash)
      .forUpdate()
      .executeTakeFirst();
    if (!code) throw invalidCode();
    if (code.used_at !== null) {
      throw new ServiceError(
        400,
        'enrollment_code_used',
        'This enrolment code was already used; ask the owner for a new one.',
      );
    }
    if (code.expires_at <= now) {
      throw new ServiceError(
        400,
        'enrollment_code_expired',
        'This enrolment code has expired; ask the owner for a new one.',
      );
    }
    const enrolled = await insertEnrolledDevice(trx, deps, tenantId, request.deviceName);
    await trx
      .updateTable('enrollment_codes')
      .set({ used_at: now, used_by_device_id: enrolled.deviceId })
      .where('tenant_id', '=', tenantId)
      .where('code_hash', '=', codeHash)
      .execute();
    return enrolled;
  });
}

/**
 * Creates an active device of the tenant with a fresh token, in the caller's tenant
 * transaction, and answers what an enrolled desk keeps (R2.1). Enrolment and studio setup
 * (sync/studio-setup.ts) both end here, so a set-up desk is enrolled like any other.
 */
export async function insertEnrolledDevice(
  trx: TenantTransaction,
  deps: Pick<DeviceServiceDeps, 'clock'>,
  tenantId: string,
  deviceName: string,
): Promise<EnrollResponse> {
  const now = isoAt(deps.clock);
  const deviceId = uuidV7(deps.clock.now(), randomBytes);
  const deviceToken = newDeviceToken();
  await trx
    .insertInto('devices')
    .values({
      tenant_id: tenantId,
      id: deviceId,
      name: deviceName,
      token_hash: sha256Hex(deviceToken),
      pending_token_hash: null,
      status: 'active',
      last_applied_seq: 0,
      enrolled_at: now,
      last_seen_at: now,
      revoked_at: null,
    })
    .execute();
  const tenant = await trx
    .selectFrom('tenants')
    .innerJoin('tenant_secrets', 'tenant_secrets.tenant_id', 'tenants.id')
    .select(['tenants.name', 'tenant_secrets.pin_pepper'])
    .where('tenants.id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return { deviceId, deviceToken, tenantId, tenantName: tenant.name, pinPepper: tenant.pin_pepper };
}

/**
 * Issues a new token (R2.3). It is kept as pending: the current token keeps working until
 * the new one is first used, so a rotation whose response is lost locks nobody out, and a
 * retried rotation simply replaces the pending token.
 */
export async function rotateDeviceToken(
  deps: DeviceServiceDeps,
  device: AuthenticatedDevice,
): Promise<{ deviceToken: string }> {
  const deviceToken = newDeviceToken();
  await deps.tenants.inTenant(device.tenantId, async (trx) => {
    const updated = await trx
      .updateTable('devices')
      .set({ pending_token_hash: sha256Hex(deviceToken) })
      .where('tenant_id', '=', device.tenantId)
      .where('id', '=', device.deviceId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) {
      throw new ServiceError(
        401,
        'device_revoked',
        'This desk was revoked by the studio; enrol it again to sync.',
      );
    }
  });
  return { deviceToken };
}
