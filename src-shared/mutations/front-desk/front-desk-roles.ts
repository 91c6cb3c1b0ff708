import type { MutationActor, TenantRole } from '../mutation-definition';

/**
 * Who may do what at the front desk (issue 4). Money given back, prices changed and the
 * drawer closed are owner/manager decisions; selling, booking and waiver overrides are the
 * desk's everyday work; instructors mark attendance.
 */
export const DESK_ROLES = ['owner', 'manager', 'front_desk'] as const satisfies TenantRole[];
export const MANAGER_ROLES = ['owner', 'manager'] as const satisfies TenantRole[];
export const ATTENDANCE_ROLES = [
  'owner',
  'manager',
  'front_desk',
  'instructor',
] as const satisfies TenantRole[];
/** A member signs on the desk's tablet (staff) or, later, in their own app (student). */
export const WAIVER_SIGN_ROLES = [...DESK_ROLES, 'student'] as const satisfies TenantRole[];
/** Letting an unsigned member into class is the desk's call, and always audited. */
export const WAIVER_OVERRIDE_ROLES = DESK_ROLES;
export const PRICE_OVERRIDE_ROLES = MANAGER_ROLES;

export function hasAnyRole(actor: MutationActor, roles: readonly TenantRole[]): boolean {
  return roles.some((role) => actor.roles.includes(role));
}
