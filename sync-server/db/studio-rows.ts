import type { IsoTimestamp } from '../../src-shared/schema/column-spec';
import type { TenantRole } from '../../src-shared/mutations/mutation-definition';
import type { TenantTransaction } from './tenant-transaction';

/**
 * The rows that make a studio and its staff, written in one place for every path that makes
 * them: serverctl (admin/tenant-admin.ts, admin/staff-admin.ts) and a desk setting up a studio
 * from nothing (sync/studio-setup.ts). Callers validate their input and open the tenant's
 * transaction; these only write.
 */

export interface TenantRows {
  readonly tenantId: string;
  readonly slug: string;
  readonly name: string;
  readonly currency: string;
  /** Keys the studio's PIN hashes (R2.4). */
  readonly pinPepper: string;
  readonly now: IsoTimestamp;
}

/** The tenants row (its capture trigger starts the change log) and its secrets. */
export async function insertTenantRows(trx: TenantTransaction, tenant: TenantRows): Promise<void> {
  await trx
    .insertInto('tenants')
    .values({
      id: tenant.tenantId,
      slug: tenant.slug,
      name: tenant.name,
      settings: '{}',
      stripe_account_id: null,
      currency: tenant.currency,
      status: 'active',
      mailchimp_credentials: null,
      zapier_credentials: null,
      google_credentials: null,
      slack_credentials: null,
      created_at: tenant.now,
    })
    .execute();
  await trx
    .insertInto('tenant_secrets')
    .values({ tenant_id: tenant.tenantId, pin_pepper: tenant.pinPepper, created_at: tenant.now })
    .execute();
}

export interface StaffRows {
  readonly tenantId: string;
  readonly userId: string;
  readonly memberId: string;
  /** Lower-cased by the caller: users are found by it. */
  readonly email: string;
  /** The email as typed, kept in the profile. */
  readonly typedEmail: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly role: TenantRole;
  /** The PIN hashed with the tenant's pepper (admin/pin-hash.ts), never the PIN. */
  readonly pinHash: string;
  readonly now: IsoTimestamp;
}

/** A staff member who can sign in at the studio's desks: user, member, role and PIN hash. */
export async function insertStaffRows(trx: TenantTransaction, staff: StaffRows): Promise<void> {
  const profile = JSON.stringify({
    firstName: staff.firstName,
    lastName: staff.lastName,
    email: staff.typedEmail,
    phone: null,
  });
  await trx
    .insertInto('users')
    .values({
      id: staff.userId,
      email: staff.email,
      profile,
      role: 'user',
      is_system_admin: 0,
      stripe_customer_id: null,
      created_at: staff.now,
    })
    .execute();
  await trx
    .insertInto('tenant_members')
    .values({
      id: staff.memberId,
      tenant_id: staff.tenantId,
      user_id: staff.userId,
      profile,
      status: 'active',
      barcode: null,
      created_at: staff.now,
      updated_at: staff.now,
    })
    .execute();
  await trx
    .insertInto('tenant_roles')
    .values({
      tenant_id: staff.tenantId,
      member_id: staff.memberId,
      role: staff.role,
      granted_at: staff.now,
    })
    .execute();
  await trx
    .insertInto('staff_credentials')
    .values({
      tenant_id: staff.tenantId,
      member_id: staff.memberId,
      pin_hash: staff.pinHash,
      updated_at: staff.now,
    })
    .execute();
}
