/**
 * Text helpers for receipts laid out in fixed-width columns, as thermal printers print
 * them. Pure and deterministic: the same receipt always gives the same characters, so the
 * screen preview and the paper agree and a reprint matches the first print.
 */

/** Typographic characters a receipt printer's code page lacks, with what prints instead. */
const PLAIN_EQUIVALENTS: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\t': ' ',
};

/**
 * What the printer can print of `text`: ASCII, Latin-1 letters and the euro sign (all in
 * Windows-1252, the code page the printer is put in); anything else becomes `?`, as the
 * printer would show it, so the preview shows it too.
 */
export function printableText(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const plain = PLAIN_EQUIVALENTS[char];
    if (plain !== undefined) {
      out += plain;
      continue;
    }
    const code = char.codePointAt(0) ?? 0;
    const printable =
      (code >= 0x20 && code <= 0x7e) || (code >= 0xa1 && code <= 0xff) || char === '\u20ac';
    out += printable ? char : code < 0x20 ? ' ' : '?';
  }
  return out;
}

/** Splits text into lines of at most `width` characters, at spaces where it can. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    // Leading spaces are kept: they indent a detail under its line (`  2 x $12.00`).
    let rest = printableText(paragraph).trimEnd();
    if (rest.trim() === '') continue;
    while (rest.length > width) {
      const space = rest.lastIndexOf(' ', width);
      const cut = space > 0 ? space : width;
      lines.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
    if (rest !== '') lines.push(rest);
  }
  return lines;
}

/**
 * A label on the left and a value on the right of one line; a label too long for the line
 * wraps, with the value on its first line.
 */
export function columns(label: string, value: string, width: number): string[] {
  // The value keeps at least two columns free so the label always starts the line.
  const right = printableText(value).slice(0, width - 2);
  const room = width - right.length - 1;
  const labels = wrapText(label, room);
  const first = labels[0] ?? '';
  return [first + ' '.repeat(width - first.length - right.length) + right, ...labels.slice(1)];
}

/** A full-width rule. */
export const rule = (width: number, char = '-') => char.repeat(width);

/**
 * An amount in minor units (cents) in the studio's currency: `$12.00`, `-$9.00`, `¥500`.
 * The number of decimals is the currency's own; an unknown code prints as `12.00 XYZ`.
 */
export function formatMoney(minor: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return printableText(format.format(minor / 10 ** digits));
  } catch {
    return `${(minor / 100).toFixed(2)} ${printableText(currency)}`;
  }
}

/** The named parts of an instant on a zone's 12-hour wall clock; throws for an unknown zone. */
function wallClock(iso: string, timeZone: string): Readonly<Record<string, string>> {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  });
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(iso))) parts[part.type] = part.value;
  return parts;
}

/** Marks a time printed in UTC, so nobody reads it as the studio's wall clock. */
const utcMark = (timeZone: string) => (timeZone === 'UTC' ? ' UTC' : '');

/**
 * `Dec 4, 2026 6:05 AM` in the studio's zone: the 12-hour style the screens use (with the
 * year, since paper is kept). Built from parts, so it never depends on the ICU version's
 * commas or narrow spaces. UTC, marked so, when the zone is unknown.
 */
export function formatTime(iso: string, timeZone: string): string {
  if (Number.isNaN(Date.parse(iso))) return printableText(iso);
  const spelled = (zone: string) => {
    const p = wallClock(iso, zone);
    const date = `${p['month'] ?? ''} ${p['day'] ?? ''}, ${p['year'] ?? ''}`;
    return `${date} ${p['hour'] ?? ''}:${p['minute'] ?? ''} ${p['dayPeriod'] ?? ''}`;
  };
  try {
    return spelled(timeZone) + utcMark(timeZone);
  } catch {
    return `${spelled('UTC')} UTC`;
  }
}

/** `Mar 1, 2027` in the studio's zone. */
export function formatDate(iso: string, timeZone: string): string {
  if (Number.isNaN(Date.parse(iso))) return printableText(iso);
  const spelled = (zone: string) => {
    const p = wallClock(iso, zone);
    return `${p['month'] ?? ''} ${p['day'] ?? ''}, ${p['year'] ?? ''}`;
  };
  try {
    return spelled(timeZone);
  } catch {
    return spelled('UTC');
  }
}
