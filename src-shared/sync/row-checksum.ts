import type { SyncedTable } from './synced-tables';

/** JSON with object keys sorted, so equal documents have equal text on both databases. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  // JSON.stringify(undefined) is undefined at run time, whatever its type says.
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** The canonical form of a row whose i-th synced column's value is `valueAt(i)`. */
function canonicalOf(table: SyncedTable, valueAt: (column: string, i: number) => unknown): string {
  const parts = table.columns.map((column, i) => {
    const value = valueAt(column, i) ?? null;
    const text =
      table.jsonColumns.has(column) && typeof value === 'string'
        ? canonicalJson(JSON.parse(value))
        : JSON.stringify(value);
    return `${column}=${text}`;
  });
  return parts.join('\u001f');
}

/** A row as the desk and the server both see it: synced columns only, JSON by value. */
export function canonicalRow(table: SyncedTable, row: Readonly<Record<string, unknown>>): string {
  return canonicalOf(table, (column) => row[column]);
}

/** Two independent 32-bit FNV-1a style hashes of a string (different offsets and primes). */
function hash64(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, b >>> 0];
}

/**
 * One row's digest: the hash the table checksum adds up for it, as 16 hex digits. Equal
 * digests mean equal synced columns (JSON by value) on the desk and the server; a pull
 * sends it in place of a row the pulling desk wrote itself (R4.8).
 */
export function rowDigest(table: SyncedTable, row: Readonly<Record<string, unknown>>): string {
  return digestOfCanonical(canonicalRow(table, row));
}

/**
 * rowDigest of a row read as an array of the table's synced columns in order (SQLite's raw
 * mode): the same digest without building an object per row.
 */
export function rowDigestOfValues(table: SyncedTable, values: readonly unknown[]): string {
  return digestOfCanonical(canonicalOf(table, (_column, i) => values[i]));
}

/** The digest of a row's canonical text, for callers that build that text themselves. */
export function digestOfCanonical(canonical: string): string {
  const [a, b] = hash64(canonical);
  return `${b.toString(16).padStart(8, '0')}${a.toString(16).padStart(8, '0')}`;
}

/**
 * An order-independent checksum over a table's rows: the sum of each row's hash, so the
 * desk and the server can stream rows in any order and still agree.
 */
export class TableChecksumBuilder {
  private low = 0;
  private high = 0;
  rows = 0;

  constructor(private readonly table: SyncedTable) {}

  add(row: Readonly<Record<string, unknown>>): void {
    const [a, b] = hash64(canonicalRow(this.table, row));
    this.low = (this.low + a) >>> 0;
    this.high = (this.high + b) >>> 0;
    this.rows++;
  }

  digest(): string {
    return `${this.high.toString(16).padStart(8, '0')}${this.low.toString(16).padStart(8, '0')}`;
  }
}
