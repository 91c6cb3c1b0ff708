import { sql, type Expression } from 'kysely';
import { z } from 'zod';
import { defineQuery } from '../query-definition';
import { memberCards, parseProfile } from './member-names';

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

type FoundRow = {
  id: string;
  profile: string;
  status: 'active' | 'inactive' | 'archived';
  barcode: string | null;
  email: string;
};

/** Members whose indexed key starts with `prefix`: a range scan, so an index serves it. */
const startsWith = (key: Expression<string | null>, prefix: string) =>
  sql<boolean>`${key} >= ${prefix} and ${key} < ${`${prefix}\uffff`}`;

/**
 * Type-ahead search at the desk: a scanned barcode matches exactly; typed text matches the
 * start of the first name, last name, "first last" or the e-mail, or any run of the phone's
 * digits. Each way of matching is its own query that an index answers (the desk indexes
 * lower(first name), lower(last name) and lower(e-mail)), merged here: one query OR-ing
 * them would scan every member on each keystroke.
 */
export const findMembers = defineQuery({
  name: 'member.find',
  description: 'Finds members as staff type: name, e-mail or phone, or an exact barcode scan.',
  args: z.strictObject({
    text: z.string().trim().min(1).max(100),
    limit: z.number().int().min(1).max(50).default(20),
  }),
  async run({ db, tenantId }, { text, limit }) {
    const typed = text.toLowerCase();
    const digits = typed.replaceAll(/\D/g, '');
    const first = profileField('firstName');
    const last = profileField('lastName');
    const members = () => memberCards(db, tenantId);

    // A scanned card is the rush-hour case: answer it from the barcode index alone.
    const scanned = await members().where('tenant_members.barcode', '=', text).execute();
    if (scanned.length > 0) return scanned.slice(0, limit).map(toResult);

    const [firstWord = typed, ...rest] = typed.split(/\s+/);
    const fullNamePrefix = rest.length > 0 ? typed.replaceAll(/\s+/g, ' ') : undefined;
    const searches: Promise<FoundRow[]>[] = [
      members().where(startsWith(first, firstWord)).limit(limit).execute(),
      members().where(startsWith(last, typed)).limit(limit).execute(),
      members()
        .where(startsWith(sql<string>`lower(${sql.ref('users.email')})`, typed))
        .limit(limit)
        .execute(),
    ];
    if (digits.length >= 3) {
      searches.push(
        members()
          .where(digitsOnly(profileField('phone')), 'like', `%${digits}%`)
          .limit(limit)
          .execute(),
      );
    }
    const found = new Map<string, FoundRow>();
    for (const rows of await Promise.all(searches)) for (const row of rows) found.set(row.id, row);
    return [...found.values()]
      .map(toResult)
      .filter((m) => {
        const firstName = m.firstName.toLowerCase();
        const lastName = m.lastName.toLowerCase();
        if (fullNamePrefix !== undefined) {
          return (
            `${firstName} ${lastName}`.startsWith(fullNamePrefix) || matchesPhone(m.phone, digits)
          );
        }
        return (
          firstName.startsWith(typed) ||
          lastName.startsWith(typed) ||
          m.email.toLowerCase().startsWith(typed) ||
          matchesPhone(m.phone, digits)
        );
      })
      .sort(
        (a, b) =>
          compare(a.lastName.toLowerCase(), b.lastName.toLowerCase()) ||
          compare(a.firstName.toLowerCase(), b.firstName.toLowerCase()) ||
          compare(a.memberId, b.memberId),
      )
      .slice(0, limit);
  },
});

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function matchesPhone(phone: string | null, digits: string): boolean {
  return digits.length >= 3 && (phone ?? '').replaceAll(/\D/g, '').includes(digits);
}

function toResult(row: FoundRow) {
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
}
