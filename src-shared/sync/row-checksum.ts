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

/** A row as the desk and the server both see it: synced columns only, JSON by value. */
export function canonicalRow(table: SyncedTable, row: Readonly<Record<string, unknown>>): string {
  const parts = table.columns.map((column) => {
    const value = row[column] ?? null;
    const text =
      table.jsonColumns.has(column) && typeof value === 'string'
        ? canonicalJson(JSON.parse(value))
        : JSON.stringify(value);
    return `${column}=${text}`;
  });
  return parts.join('\u001f');
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
