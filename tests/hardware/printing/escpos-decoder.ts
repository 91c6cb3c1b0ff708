/**
 * Turns ESC/POS bytes (Epson's command set) back into what a printer would do with them:
 * printed lines with their alignment and emphasis, and the commands in between (cut,
 * drawer pulse, barcodes, QR codes). Written from Epson's ESC/POS reference, not from
 * node-thermal-printer, so tests check the library's bytes against the printer's reading
 * of them: a command with the wrong length shows up as garbage text or a wrong pulse.
 */

export type Align = 'left' | 'center' | 'right';

export interface PrintedLine {
  readonly kind: 'line';
  readonly text: string;
  readonly align: Align;
  readonly bold: boolean;
  readonly tall: boolean;
}

export type EscPosCommand =
  | PrintedLine
  | { readonly kind: 'init' }
  | { readonly kind: 'codePage'; readonly page: number }
  | { readonly kind: 'align'; readonly align: Align }
  | { readonly kind: 'bold'; readonly on: boolean }
  | { readonly kind: 'printMode'; readonly tall: boolean; readonly bold: boolean }
  | { readonly kind: 'feed'; readonly lines: number }
  | { readonly kind: 'cut'; readonly partial: boolean }
  /** ESC p m t1 t2: pin (m), on and off time in 2 ms units, and the five bytes as sent. */
  | {
      readonly kind: 'drawerPulse';
      readonly pin: number;
      readonly onMs: number;
      readonly offMs: number;
      readonly bytes: readonly number[];
    }
  | { readonly kind: 'barcode'; readonly symbology: string; readonly data: string }
  | { readonly kind: 'qr'; readonly data: string }
  | { readonly kind: 'statusRequest'; readonly request: string }
  | { readonly kind: 'setting'; readonly bytes: readonly number[] }
  | { readonly kind: 'unknown'; readonly bytes: readonly number[] };

const ALIGNS: Record<number, Align> = {
  0: 'left',
  1: 'center',
  2: 'right',
  48: 'left',
  49: 'center',
  50: 'right',
};
const SYMBOLOGIES: Record<number, string> = {
  65: 'UPC-A',
  66: 'UPC-E',
  67: 'EAN13',
  68: 'EAN8',
  69: 'CODE39',
  70: 'ITF',
  71: 'CODABAR',
  72: 'CODE93',
  73: 'CODE128',
};
/** ESC commands with a fixed count of parameter bytes that only set a mode. */
const ESC_SETTINGS: Record<number, number> = {
  0x2d: 1, // ESC - underline
  0x4d: 1, // ESC M font
  0x32: 0, // ESC 2 default line spacing
  0x33: 1, // ESC 3 line spacing
  0x52: 1, // ESC R international set
  0x7b: 1, // ESC { upside down
  0x47: 1, // ESC G double strike
  0x20: 1, // ESC SP right spacing
  0x4a: 1, // ESC J feed dots
  0x42: 2, // ESC B beep (n t)
  0x3d: 1, // ESC = select peripheral
};
/** GS commands with a fixed count of parameter bytes that only set a mode. */
const GS_SETTINGS: Record<number, number> = {
  0x48: 1, // GS H barcode text position
  0x66: 1, // GS f barcode text font
  0x77: 1, // GS w barcode module width
  0x68: 1, // GS h barcode height
  0x42: 1, // GS B invert
  0x4c: 2, // GS L left margin
  0x57: 2, // GS W print area width
  0x7c: 1, // GS | density
};

/**
 * Windows-1252 (code page 16 on Epson printers). 0xA0-0xFF are Latin-1; 0x80-0x9F hold
 * the euro sign and typographic marks. Spelled out because Node 20's TextDecoder decodes
 * "windows-1252" as plain Latin-1 and would turn the euro sign into a control character.
 */
const CP1252_HIGH =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';
const windows1252 = (bytes: readonly number[]) =>
  bytes
    .map((b) =>
      b >= 0x80 && b < 0xa0 ? (CP1252_HIGH[b - 0x80] ?? '\ufffd') : String.fromCharCode(b),
    )
    .join('');

export function decodeEscPos(bytes: Uint8Array): EscPosCommand[] {
  const out: EscPosCommand[] = [];
  let i = 0;
  let align: Align = 'left';
  let bold = false;
  let tall = false;
  let codePage = 0;
  let text: number[] = [];
  let lineStyle: { align: Align; bold: boolean; tall: boolean } | null = null;
  let qrData = '';
  const at = (offset: number) => bytes[i + offset] ?? -1;
  const take = (count: number) => Array.from(bytes.subarray(i, i + count));
  const endLine = () => {
    const style = lineStyle ?? { align, bold, tall };
    const decoded =
      codePage === 16
        ? windows1252(text)
        : String.fromCharCode(...text.map((b) => (b < 0x80 ? b : 0x3f)));
    out.push({ kind: 'line', text: decoded, ...style });
    text = [];
    lineStyle = null;
  };
  const reset = () => {
    align = 'left';
    bold = false;
    tall = false;
    codePage = 0;
  };

  while (i < bytes.length) {
    const b = at(0);
    if (b === 0x0a) {
      endLine();
      i += 1;
    } else if (b === 0x0d || b === 0x0c) {
      i += 1;
    } else if (b === 0x1b) {
      const c = at(1);
      if (c === 0x40) {
        reset();
        out.push({ kind: 'init' });
        i += 2;
      } else if (c === 0x61) {
        align = ALIGNS[at(2)] ?? 'left';
        out.push({ kind: 'align', align });
        i += 3;
      } else if (c === 0x45) {
        bold = (at(2) & 1) === 1;
        out.push({ kind: 'bold', on: bold });
        i += 3;
      } else if (c === 0x21) {
        tall = (at(2) & 0x10) !== 0;
        bold = (at(2) & 0x08) !== 0;
        out.push({ kind: 'printMode', tall, bold });
        i += 3;
      } else if (c === 0x74) {
        codePage = at(2);
        out.push({ kind: 'codePage', page: codePage });
        i += 3;
      } else if (c === 0x64) {
        if (text.length > 0) endLine();
        out.push({ kind: 'feed', lines: at(2) });
        i += 3;
      } else if (c === 0x70) {
        const pulse = take(5);
        out.push({
          kind: 'drawerPulse',
          pin: at(2),
          onMs: at(3) * 2,
          offMs: at(4) * 2,
          bytes: pulse,
        });
        i += 5;
      } else if (c in ESC_SETTINGS) {
        const length = 2 + (ESC_SETTINGS[c] ?? 0);
        out.push({ kind: 'setting', bytes: take(length) });
        i += length;
      } else {
        out.push({ kind: 'unknown', bytes: take(2) });
        i += 2;
      }
    } else if (b === 0x1d) {
      const c = at(1);
      if (c === 0x56) {
        const m = at(2);
        // Function A (0, 1, 48, 49) has no n; function B (65, 66) feeds n first.
        const length = m === 65 || m === 66 ? 4 : 3;
        out.push({ kind: 'cut', partial: m === 1 || m === 49 || m === 66 });
        i += length;
      } else if (c === 0x6b) {
        const m = at(2);
        if (m <= 6) {
          const end = bytes.indexOf(0, i + 3);
          const stop = end === -1 ? bytes.length : end;
          out.push({
            kind: 'barcode',
            symbology: String(m),
            data: latin(bytes.subarray(i + 3, stop)),
          });
          i = stop + 1;
        } else {
          const n = at(3);
          let data = latin(bytes.subarray(i + 4, i + 4 + n));
          // CODE128 data opens with its code set: {A, {B or {C.
          if (m === 73 && /^\{[ABC]/.test(data)) data = data.slice(2);
          out.push({ kind: 'barcode', symbology: SYMBOLOGIES[m] ?? String(m), data });
          i += 4 + n;
        }
      } else if (c === 0x28 && at(2) === 0x6b) {
        // GS ( k pL pH cn fn [m] d...: 2D symbols; cn 0x31 is QR.
        const length = at(3) + at(4) * 256;
        const body = bytes.subarray(i + 5, i + 5 + length);
        if (body[0] === 0x31 && body[1] === 0x50) qrData = latin(body.subarray(3));
        if (body[0] === 0x31 && body[1] === 0x51) out.push({ kind: 'qr', data: qrData });
        else out.push({ kind: 'setting', bytes: take(5 + length) });
        i += 5 + length;
      } else if (c === 0x21) {
        tall = (at(2) & 0x0f) !== 0;
        out.push({ kind: 'printMode', tall, bold });
        i += 3;
      } else if (c === 0x72) {
        out.push({ kind: 'statusRequest', request: `GS r ${at(2)}` });
        i += 3;
      } else if (c in GS_SETTINGS) {
        const length = 2 + (GS_SETTINGS[c] ?? 0);
        out.push({ kind: 'setting', bytes: take(length) });
        i += length;
      } else {
        out.push({ kind: 'unknown', bytes: take(2) });
        i += 2;
      }
    } else if (b === 0x10 && at(1) === 0x04) {
      out.push({ kind: 'statusRequest', request: `DLE EOT ${at(2)}` });
      i += 3;
    } else if (b < 0x20 && b !== 0x09) {
      out.push({ kind: 'unknown', bytes: [b] });
      i += 1;
    } else {
      lineStyle ??= { align, bold, tall };
      text.push(b);
      i += 1;
    }
  }
  if (text.length > 0) endLine();
  return out;
}

const latin = (data: Uint8Array) => String.fromCharCode(...data);

export const printedLines = (commands: readonly EscPosCommand[]) =>
  commands.filter((c): c is PrintedLine => c.kind === 'line');

/** The printed text, one string per line. */
export const printedText = (commands: readonly EscPosCommand[]) =>
  printedLines(commands).map((l) => l.text);

/** What ends up on paper, in order: lines, barcodes, QR codes, cuts. */
export function onPaper(commands: readonly EscPosCommand[]) {
  return commands.flatMap((c) => {
    switch (c.kind) {
      case 'line':
        return [{ kind: 'text', text: c.text, align: c.align, bold: c.bold, tall: c.tall }];
      case 'barcode':
        return [{ kind: 'barcode', data: c.data }];
      case 'qr':
        return [{ kind: 'qr', data: c.data }];
      case 'cut':
        return [{ kind: 'cut' }];
      default:
        return [];
    }
  });
}
