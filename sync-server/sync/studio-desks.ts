import type {
  DeskSummary,
  EnrollmentCodeResponse,
} from '../../src-shared/protocol/console-messages';
import { isoAt } from '../../src-shared/time/clock';
import { insertEnrollmentCode } from '../db/enrollment-code-rows';
import type { DevicesTable } from '../db/server-tables';
import type { TenantTransaction } from '../db/tenant-transaction';
import { ServiceError } from '../support/service-error';
import { DESK_MANAGERS, requireActorRole } from './console-actor';
import type { AuthenticatedDevice } from './device-auth';
import type { DeviceServiceDeps } from './device-enrollment';

/**
 * The studio's desks as an owner or manager sees them from a desk (issue 16): list, rename,
 * revoke, and a code to add another. The tenant is the asking desk's; the acting member's roles are read in the same
 * transaction as the change. A revoked desk is refused at its next request (R2.2,
 * sync/device-auth.ts), its pending token cleared so it cannot come back through it.
 */

type DeviceRow = Pick<
  DevicesTable,
  'id' | 'name' | 'status' | 'enrolled_at' | 'last_seen_at' | 'revoked_at'
>;

const COLUMNS = ['id', 'name', 'status', 'enrolled_at', 'last_seen_at', 'revoked_at'] as const;

function summary(row: DeviceRow, asking: AuthenticatedDevice): DeskSummary {
  return {
    deviceId: row.id,
    name: row.name,
    status: row.status,
    enrolledAt: row.enrolled_at,
    lastSeenAt: row.last_seen_at,
    revokedAt: row.revoked_at,
    isThisDesk: row.id === asking.deviceId,
  };
}

async function requireDesk(
  trx: TenantTransaction,
  tenantId: string,
  deviceId: string,
): Promise<DeviceRow> {
  const row = await trx
    .selectFrom('devices')
    .select(COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', deviceId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new ServiceError(404, 'unknown_desk', `This studio has no desk ${deviceId}.`);
  return row;
}

export async function listDesks(
  deps: DeviceServiceDeps,
  device: AuthenticatedDevice,
  actorId: string,
): Promise<{ desks: DeskSummary[] }> {
  return deps.tenants.inTenant(device.tenantId, async (trx, shared) => {
    await requireActorRole(
      shared,
      device.tenantId,
      actorId,
      DESK_MANAGERS,
      "see the studio's desks",
    );
    const rows = await trx
      .selectFrom('devices')
      .select(COLUMNS)
      .where('tenant_id', '=', device.tenantId)
      .orderBy('enrolled_at')
      .orderBy('id')
      .execute();
    return { desks: rows.map((row) => summary(row, device)) };
  });
}

export async function renameDesk(
  deps: DeviceServiceDeps,
  device: AuthenticatedDevice,
  deviceId: string,
  request: { readonly actorId: string; readonly name: string },
): Promise<{ desk: DeskSummary }> {
  return deps.tenants.inTenant(device.tenantId, async (trx, shared) => {
    await requireActorRole(shared, device.tenantId, request.actorId, DESK_MANAGERS, 'rename desks');
    const row = await requireDesk(trx, device.tenantId, deviceId);
    await trx
      .updateTable('devices')
      .set({ name: request.name })
      .where('tenant_id', '=', device.tenantId)
      .where('id', '=', deviceId)
      .execute();
    return { desk: summary({ ...row, name: request.name }, device) };
  });
}

/**
 * Revokes a desk. Revoking the asking desk itself locks it out at once, so it takes
 * `thisDesk: true` (otherwise 409 `revoke_this_desk`); revoking a desk already revoked is
 * harmless and answers it as it is.
 */
export async function revokeDesk(
  deps: DeviceServiceDeps,
  device: AuthenticatedDevice,
  deviceId: string,
  request: { readonly actorId: string; readonly thisDesk?: boolean | undefined },
): Promise<{ desk: DeskSummary }> {
  return deps.tenants.inTenant(device.tenantId, async (trx, shared) => {
    await requireActorRole(shared, device.tenantId, request.actorId, DESK_MANAGERS, 'revoke desks');
    const row = await requireDesk(trx, device.tenantId, deviceId);
    if (deviceId === device.deviceId && request.thisDesk !== true) {
      throw new ServiceError(
        409,
        'revoke_this_desk',
        'This is the desk you are using: revoking it signs it out of the studio for good. Confirm to revoke it anyway.',
      );
    }
    if (row.status === 'revoked') return { desk: summary(row, device) };
    const revokedAt = isoAt(deps.clock);
    await trx
      .updateTable('devices')
      .set({ status: 'revoked', revoked_at: revokedAt, pending_token_hash: null })
      .where('tenant_id', '=', device.tenantId)
      .where('id', '=', deviceId)
      .execute();
    return { desk: summary({ ...row, status: 'revoked', revoked_at: revokedAt }, device) };
  });
}

/** How long a code issued at a desk lasts: the default of R2.1, as `serverctl enroll-code`. */
const DESK_CODE_TTL_MINUTES = 15;

/**
 * A one-time enrolment code for another desk of the asking desk's studio (R2.1), written by
 * the same code as `serverctl enroll-code` and recording who asked for it.
 */
export async function issueEnrollmentCode(
  deps: DeviceServiceDeps,
  device: AuthenticatedDevice,
  request: { readonly actorId: string },
): Promise<EnrollmentCodeResponse> {
  return deps.tenants.inTenant(device.tenantId, async (trx, shared) => {
    await requireActorRole(shared, device.tenantId, request.actorId, DESK_MANAGERS, 'add desks');
    return insertEnrollmentCode(trx, deps.clock, {
      tenantId: device.tenantId,
      createdBy: request.actorId,
      ttlMinutes: DESK_CODE_TTL_MINUTES,
    });
  });
}
