import { z } from 'zod';
import { insertEnrollmentCode, type IssuedEnrollmentCode } from '../db/enrollment-code-rows';
import { inTenantTransaction } from '../db/tenant-transaction';
import { isoAt, systemClock } from '../../src-shared/time/clock';
import { AdminError } from './admin-error';
import { parseOrRefuse, type AdminDeps } from './tenant-admin';

export const enrollmentCodeInputSchema = z.strictObject({
  tenantId: z.uuid(),
  /** The member (an owner) who asked for it, for the record. */
  createdBy: z.uuid().optional(),
  ttlMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
});
export type EnrollmentCodeInput = z.input<typeof enrollmentCodeInputSchema>;

/** Shown once; only its SHA-256 is stored (R2.1). */
export type EnrollmentCode = IssuedEnrollmentCode;

/** A one-time code a desk enrols with, valid for 15 minutes by default (R2.1). */
export async function createEnrollmentCode(
  deps: AdminDeps,
  input: EnrollmentCodeInput,
): Promise<EnrollmentCode> {
  const { tenantId, createdBy, ttlMinutes } = parseOrRefuse(enrollmentCodeInputSchema, input);
  return inTenantTransaction(deps.db, tenantId, (trx) =>
    insertEnrollmentCode(trx, deps.clock ?? systemClock, {
      tenantId,
      createdBy: createdBy ?? null,
      ttlMinutes,
    }),
  );
}

/** Revokes a desk: its next request is refused with 401 device_revoked (R2.2). */
export async function revokeDevice(
  deps: AdminDeps,
  input: { readonly tenantId: string; readonly deviceId: string },
): Promise<void> {
  const { tenantId, deviceId } = parseOrRefuse(
    z.strictObject({ tenantId: z.uuid(), deviceId: z.uuid() }),
    input,
  );
  const clock = deps.clock ?? systemClock;
  await inTenantTransaction(deps.db, tenantId, async (trx) => {
    const updated = await trx
      .updateTable('devices')
      .set({ status: 'revoked', revoked_at: isoAt(clock), pending_token_hash: null })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', deviceId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) {
      throw new AdminError('unknown_device', `No active device ${deviceId} in this studio.`);
    }
  });
}

export interface DeviceSummary {
  readonly deviceId: string;
  readonly name: string;
  readonly status: 'active' | 'revoked';
  readonly lastAppliedSeq: number;
  readonly enrolledAt: string;
  readonly lastSeenAt: string | null;
}

export async function listDevices(deps: AdminDeps, tenantId: string): Promise<DeviceSummary[]> {
  const rows = await inTenantTransaction(deps.db, tenantId, (trx) =>
    trx
      .selectFrom('devices')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('enrolled_at')
      .execute(),
  );
  return rows.map((row) => ({
    deviceId: row.id,
    name: row.name,
    status: row.status,
    lastAppliedSeq: row.last_applied_seq,
    enrolledAt: row.enrolled_at,
    lastSeenAt: row.last_seen_at,
  }));
}
