import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';

/**
 * Finds card-number-like text: a run of 13–19 digits, single spaces or dashes allowed
 * between them, that passes the Luhn check and starts with an issuer prefix of a card
 * network (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay).
 *
 * What is ruled out, and why: UUIDs (hex groups joined by dashes, which would otherwise
 * chain into long digit runs) are blanked first; a run glued to hex letters inside a longer
 * hex token is part of a hash; the digits after a decimal point are a fraction; and the
 * issuer prefixes keep timestamps out (millisecond clocks start with 1, migration names
 * with 2026, neither of which any network issues). About one random digit run in ten
 * passes Luhn, so without these the scan would fail on ordinary data. A card number written
 * anywhere as text, plain or grouped, is still found.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const DIGIT_RUN = /(?<!\d|\d[.,])\d(?:[ -]?\d)*(?!\d)/g;

function prefix(digits: string, length: number): number {
  return Number(digits.slice(0, length));
}

/** Issuer identification ranges of the major card networks. */
export function hasIssuerPrefix(digits: string): boolean {
  const two = prefix(digits, 2);
  const three = prefix(digits, 3);
  const four = prefix(digits, 4);
  return (
    digits.startsWith('4') || // Visa
    (two >= 51 && two <= 55) ||
    (four >= 2221 && four <= 2720) || // Mastercard
    two === 34 ||
    two === 37 || // Amex
    four === 6011 ||
    (three >= 644 && three <= 649) ||
    two === 65 || // Discover
    two === 62 || // UnionPay
    (three >= 300 && three <= 305) ||
    two === 36 ||
    two === 38 ||
    two === 39 || // Diners
    (four >= 3528 && four <= 3589) // JCB
  );
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function isInsideHexToken(text: string, start: number, end: number): boolean {
  let from = start;
  let to = end;
  while (from > 0 && /[0-9A-Za-z]/.test(text[from - 1] ?? '')) from--;
  while (to < text.length && /[0-9A-Za-z]/.test(text[to] ?? '')) to++;
  const token = text.slice(from, to);
  return token.length > end - start && /^[0-9a-fA-F]+$/.test(token);
}

export function findCardNumbers(text: string): string[] {
  const masked = text.replace(UUID, (uuid) => ' '.repeat(uuid.length));
  const found: string[] = [];
  for (const match of masked.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19) continue;
    if (!hasIssuerPrefix(digits) || !passesLuhn(digits)) continue;
    if (isInsideHexToken(masked, match.index, match.index + match[0].length)) continue;
    found.push(match[0]);
  }
  return found;
}

/** Every byte of the desk's database files (free pages and the WAL included), as text. */
export function deskFileText(dataDir: string): string {
  return readdirSync(dataDir)
    .filter((name) => name.startsWith('desk.sqlite'))
    .map((name) => readFileSync(join(dataDir, name)).toString('latin1'))
    .join('\n');
}

/** Every row of every table of the server's database, each as Postgres's row text. */
export async function serverDatabaseText<DB>(db: Kysely<DB>): Promise<string> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{
      row: string;
    }>`select t::text as row from ${sql.table(name)} t`.execute(db);
    parts.push(`# ${name}`, ...rows.rows.map((r) => r.row));
  }
  return parts.join('\n');
}
