import { isoAt, type Clock } from '../../src-shared/time/clock';
import { newEnrollmentCode, sha256Hex } from '../support/secret-tokens';
import type { TenantTransaction } from './tenant-transaction';

/** A one-time enrolment code as it is shown, once: only its SHA-256 is stored (R2.1). */
export interface IssuedEnrollmentCode {
  readonly code: string;
  readonly expiresAt: string;
}

/**
 * Issues an enrolment code for the transaction's tenant: one place for every path that makes
 * one, serverctl (admin/device-admin.ts) and an owner or manager at a desk
 * (sync/studio-desks.ts). Callers validate their input and open the tenant's transaction.
 */
export async function insertEnrollmentCode(
  trx: TenantTransaction,
  clock: Clock,
  input: {
    readonly tenantId: string;
    readonly createdBy: string | null;
    readonly ttlMinutes: number;
  },
): Promise<IssuedEnrollmentCode> {
  const now = clock.now();
  const code = newEnrollmentCode();
  const expiresAt = new Date(now + input.ttlMinutes * 60_000).toISOString();
  await trx
    .insertInto('enrollment_codes')
    .values({
      tenant_id: input.tenantId,
      code_hash: sha256Hex(code),
      expires_at: expiresAt,
      used_at: null,
      used_by_device_id: null,
      created_by: input.createdBy,
      created_at: isoAt(clock),
    })
    .execute();
  return { code, expiresAt };
}
