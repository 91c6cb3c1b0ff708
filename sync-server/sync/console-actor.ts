import { MutationRefusal, type TenantRole } from '../../src-shared/mutations/mutation-definition';
import type { Database } from '../../src-shared/schema/catalog';
import type { TenantTransaction } from '../db/tenant-transaction';
import { ServiceError } from '../support/service-error';
import { readActor } from './actor-roles';

/** Who may manage the studio's desks (issue 16). */
export const DESK_MANAGERS: readonly TenantRole[] = ['owner', 'manager'];
/** Who may connect the studio's Stripe account and register card readers. */
export const PAYMENT_OWNERS: readonly TenantRole[] = ['owner'];

/**
 * Checks that the staff member a desk acts for holds one of `roles` in the desk's tenant.
 * The desk names its signed-in member (as every mutation names its actor, R2.4); the roles are
 * read here, in the tenant's transaction, never taken from the request (R1.4). Anyone else,
 * an inactive member or one of another studio included, is refused with 403.
 */
export async function requireActorRole(
  trx: TenantTransaction<Database>,
  tenantId: string,
  actorId: string,
  roles: readonly TenantRole[],
  doing: string,
): Promise<void> {
  const forbidden = () =>
    new ServiceError(
      403,
      'forbidden',
      `Only ${roles.map((role) => `${role === 'owner' ? 'an' : 'a'} ${role}`).join(' or ')} may ${doing}.`,
    );
  let held: readonly TenantRole[];
  try {
    held = (await readActor(trx, tenantId, actorId)).roles;
  } catch (error) {
    if (error instanceof MutationRefusal) throw forbidden();
    throw error;
  }
  if (!held.some((role) => roles.includes(role))) throw forbidden();
}
