import { csvField, type CsvCell } from '../../src-shared/reports/csv';

/**
 * CSV records for the studio export, written a page at a time, so a record at a time rather
 * than toCsv's whole document. Fields go through the reports' csvField (RFC 4180 quoting,
 * CRLF line ends, text starting with = + - @ prefixed with ' so a spreadsheet shows it
 * rather than running it; numbers stay numbers, so a refund of -500 stays a number).
 */

/** A database value as a CSV cell: JSON columns arrive as their text already. */
function cellOf(value: unknown): CsvCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
}

/** One CSV record with its CRLF. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map((value) => csvField(cellOf(value))).join(',')}\r\n`;
}
