/** A CSV cell as given: text, a number, or nothing (an empty field). */
export type CsvCell = string | number | boolean | null | undefined;

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection), so
// such text gets a leading apostrophe and opens as the text it is.
const FORMULA_START = /^[=+\-@\t\r]/;
// RFC 4180: a field holding a comma, a quote or a line break is quoted, quotes doubled.
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, neutralised against formulas, then quoted when RFC 4180 requires it. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  // Numbers are written as numbers: a negative amount stays -12.5, not '-12.5.
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = typeof cell === 'boolean' ? String(cell) : cell;
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * A CSV document (RFC 4180): the header, then one record per row, each line ended by CRLF.
 * A row shorter than the header is padded with empty fields; a longer one is refused, as
 * its extra cells would silently fall under no column.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvField).join(',')];
  rows.forEach((row, index) => {
    if (row.length > header.length) {
      throw new RangeError(`row ${index + 1} has ${row.length} cells for ${header.length} columns`);
    }
    const cells = header.map((_, column) => csvField(row[column]));
    lines.push(cells.join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}
