import { sql, type Expression } from 'kysely';
import { z } from 'zod';
import { defineQuery } from '../query-definition';
import { parseProfile } from './member-names';

// `->>` reads a JSON field as text on both databases (SQLite >= 3.38 and Postgres), so the
// search matches the name's value, never the JSON keys ("la" must not match "lastName").
const profileField = (field: 'firstName' | 'lastName' | 'phone') =>
  sql<string | null>`lower(${sql.ref('tenant_members.profile')} ->> ${sql.lit(field)})`;

/** Punctuation people type into phone numbers, stripped on both sides of the comparison. */
const PHONE_PUNCTUATION = [' ', '-', '(', ')', '.', '+'];

function digitsOnly(column: Expression<string | null>): Expression<string | null> {
  return PHONE_PUNCTUATION.reduce<Expression<string | null>>(
    (expr, char) => sql<string | null>`replace(${expr}, ${sql.lit(char)}, '')`,
    column,
  );
}

/**
 * Type-ahead search at the desk: a scanned barcode matches exactly; typed text matches the
 * start of the first name, last name, "first last" or the e-mail, or any run of the phone's
 * digits. A studio's members fit one scan of tenant_members, which stays in the
 * milliseconds at the sizes studios have.
 */
export const findMembers = defineQuery({
  name: 'member.find',
  description: 'Finds members as staff type: name, e-mail or phone, or an exact barcode scan.',
  args: z.strictObject({
    text: z.string().trim().min(1).max(100),
    limit: z.number().int().min(1).max(50).default(20),
  }),
  async run({ db, tenantId }, { text, limit }) {
    const typed = text.toLowerCase().replaceAll(/[%_\\]/g, '');
    const prefix = `${typed}%`;
    const digits = typed.replaceAll(/\D/g, '');
    const first = profileField('firstName');
    const last = profileField('lastName');
    const rows = await db
      .selectFrom('tenant_members')
      .innerJoin('users', 'users.id', 'tenant_members.user_id')
      .select([
        'tenant_members.id',
        'tenant_members.profile',
        'tenant_members.status',
        'tenant_members.barcode',
        'users.email',
      ])
      .where('tenant_members.tenant_id', '=', tenantId)
      .where((eb) =>
        eb.or([
          eb('tenant_members.barcode', '=', text),
          eb(first, 'like', prefix),
          eb(last, 'like', prefix),
          eb(sql<string>`${first} || ' ' || ${last}`, 'like', prefix),
          eb(eb.fn('lower', ['users.email']), 'like', prefix),
          ...(digits.length >= 3
            ? [eb(digitsOnly(profileField('phone')), 'like', `%${digits}%`)]
            : []),
        ]),
      )
      // A scanned card first, then alphabetical.
      .orderBy(sql`case when ${sql.ref('tenant_members.barcode')} = ${text} then 0 else 1 end`)
      .orderBy(last)
      .orderBy(first)
      .orderBy('tenant_members.id')
      .limit(limit)
      .execute();
    return rows.map((row) => {
      const profile = parseProfile(row.profile);
      return {
        memberId: row.id,
        firstName: profile.firstName ?? '',
        lastName: profile.lastName ?? '',
        email: row.email,
        phone: profile.phone ?? null,
        barcode: row.barcode,
        status: row.status,
      };
    });
  },
});
