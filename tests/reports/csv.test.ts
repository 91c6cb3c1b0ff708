import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src-shared/reports/csv';

describe('toCsv (RFC 4180)', () => {
  it('writes the header and rows, each line ended by CRLF', () => {
    expect(
      toCsv(
        ['name', 'amount'],
        [
          ['Socks', 1200],
          ['Water', 300],
        ],
      ),
    ).toBe('name,amount\r\nSocks,1200\r\nWater,300\r\n');
  });

  it('quotes fields with a comma, a quote or a line break, doubling quotes', () => {
    expect(csvField('Lee, Nia')).toBe('"Lee, Nia"');
    expect(csvField('the "big" room')).toBe('"the ""big"" room"');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField('plain text')).toBe('plain text');
  });

  it('writes nothing for null and undefined, numbers as numbers, booleans as words', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[null, undefined, -12.5, true]])).toBe(
      'a,b,c,d\r\n,,-12.5,true\r\n',
    );
    expect(csvField(Number.NaN)).toBe('');
  });

  it('neutralises spreadsheet formulas with a leading apostrophe', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    // A carriage return both starts a formula and needs quotes.
    expect(csvField('\rcmd')).toBe('"\'\rcmd"');
    expect(csvField('a=b')).toBe('a=b');
  });

  it('pads a short row and refuses one longer than the header', () => {
    expect(toCsv(['a', 'b'], [['x']])).toBe('a,b\r\nx,\r\n');
    expect(() => toCsv(['a'], [['x', 'y']])).toThrow(RangeError);
  });

  it('escapes the header like any row and writes only it when there are no rows', () => {
    expect(toCsv(['when, exactly', '=total'], [])).toBe('"when, exactly",\'=total\r\n');
  });

  it('round-trips through a strict RFC 4180 reader', () => {
    const rows = [['a,b', 'say "hi"', 'two\nlines', '', 'x']];
    const parsed = parseCsv(toCsv(['1', '2', '3', '4', '5'], rows));
    expect(parsed).toEqual([['1', '2', '3', '4', '5'], ...rows]);
  });
});

/** A minimal RFC 4180 reader, to check the writer from the other side. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
}
