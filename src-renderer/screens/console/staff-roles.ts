import type { QueryResult } from '../../../src-shared/bridge/desk-operations';

/** A staff role, as the staff list reads it. */
export type StaffRole = QueryResult<'staff.list'>[number]['roles'][number];

/** Each staff role as staff read it; every role of the shared list, in its order. */
export const ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  owner: 'Owner',
  manager: 'Manager',
  front_desk: 'Front desk',
  instructor: 'Instructor',
};

export const ROLES: readonly StaffRole[] = ['owner', 'manager', 'front_desk', 'instructor'];

export function rolesText(roles: readonly StaffRole[]): string {
  return roles.map((r) => ROLE_LABELS[r]).join(', ') || 'no role';
}

/** Checks a PIN typed twice: a message, or null when it will do. */
export function pinProblem(pin: string, again: string): string | null {
  if (!/^\d{4,8}$/.test(pin)) return 'A PIN is 4 to 8 digits.';
  if (pin !== again) return 'The two PINs differ.';
  return null;
}
