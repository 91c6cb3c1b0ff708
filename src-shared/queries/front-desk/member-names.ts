import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../schema/catalog';

const profileSchema = z.looseObject({
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().nullable().optional(),
});

export type MemberProfile = z.infer<typeof profileSchema>;

/** A member's profile JSON, tolerant of fields other features add. */
export function parseProfile(profile: string): MemberProfile {
  const parsed = profileSchema.safeParse(JSON.parse(profile));
  return parsed.success ? parsed.data : {};
}

export function displayName(profile: string): string {
  const { firstName, lastName } = parseProfile(profile);
  return [firstName, lastName].filter(Boolean).join(' ');
}

/** Display names of the given members (staff or students), by id. */
export async function memberNames(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly (string | null)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('tenant_members')
    .select(['id', 'profile'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, displayName(r.profile)]));
}

/** A tenant's members with what the desk shows on a member card: profile, status, barcode, e-mail. */
export function memberCards(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('tenant_members')
    .innerJoin('users', 'users.id', 'tenant_members.user_id')
    .select([
      'tenant_members.id',
      'tenant_members.profile',
      'tenant_members.status',
      'tenant_members.barcode',
      'users.email',
    ])
    .where('tenant_members.tenant_id', '=', tenantId);
}
