import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { STAFF_ROLES } from '../../src-shared/mutations/mutation-definition';
import { insertStaffRows } from '../db/studio-rows';
import { inTenantTransaction } from '../db/tenant-transaction';
import { isoAt, systemClock } from '../../src-shared/time/clock';
import { AdminError } from './admin-error';
import { DEFAULT_SCRYPT, PIN_PATTERN } from '../../src-shared/auth/pin-hash';
import { hashPin, type ScryptParams } from './pin-hash';
import { parseOrRefuse, type AdminDeps } from './tenant-admin';

export const staffInputSchema = z.strictObject({
  tenantId: z.uuid(),
  email: z.email().max(254),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  role: z.enum(STAFF_ROLES),
  pin: z.string().regex(PIN_PATTERN, '4 to 8 digits'),
});
export type StaffInput = z.input<typeof staffInputSchema>;

export interface AddedStaff {
  readonly memberId: string;
  readonly userId: string;
}

/**
 * Adds a staff member who can sign in at the studio's desks: a user, a member of the
 * tenant, a staff role and a PIN hash keyed with the tenant's pepper (R2.4).
 */
export async function addStaff(
  deps: AdminDeps,
  input: StaffInput,
  pinCost: ScryptParams = DEFAULT_SCRYPT,
): Promise<AddedStaff> {
  const staff = parseOrRefuse(staffInputSchema, input);
  const clock = deps.clock ?? systemClock;
  const email = staff.email.toLowerCase();
  const pepper = await inTenantTransaction(deps.db, staff.tenantId, async (trx) => {
    const secrets = await trx.selectFrom('tenant_secrets').select('pin_pepper').executeTakeFirst();
    return secrets?.pin_pepper;
  });
  if (pepper === undefined)
    throw new AdminError('unknown_tenant', `No studio has the id ${staff.tenantId}.`);
  // Hashed before the transaction opens: scrypt is slow on purpose and holds no lock.
  const pinHash = hashPin(staff.pin, pepper, pinCost);
  const now = isoAt(clock);
  const id = () => uuidV7(clock.now(), randomBytes);
  return inTenantTransaction(deps.db, staff.tenantId, async (trx) => {
    const existing = await trx
      .selectFrom('tenant_members')
      .innerJoin('users', 'users.id', 'tenant_members.user_id')
      .select('tenant_members.id')
      .where('tenant_members.tenant_id', '=', staff.tenantId)
      .where('users.email', '=', email)
      .executeTakeFirst();
    if (existing) {
      throw new AdminError('already_member', `${email} is already a member of this studio.`);
    }
    const userId = id();
    const memberId = id();
    await insertStaffRows(trx, {
      tenantId: staff.tenantId,
      userId,
      memberId,
      email,
      typedEmail: staff.email,
      firstName: staff.firstName,
      lastName: staff.lastName,
      role: staff.role,
      pinHash,
      now,
    });
    return { memberId, userId };
  });
}
