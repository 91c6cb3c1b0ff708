import { CharacterSet, type ThermalPrinter } from 'node-thermal-printer';
import type { PrinterSettings } from '../../../src-shared/bridge/desk-methods';
import type { LayoutAlign, ReceiptLayout } from '../../../src-shared/receipts/receipt-layout';

type Driver = PrinterSettings['driver'];

/** ESC @: clears the printer's buffer and modes, so every job starts from the same state. */
const INITIALIZE = Buffer.from([0x1b, 0x40]);

/**
 * The drawer pulse. Epson's ESC p m t1 t2: pin 2 (m=0), on 25 x 2 ms (0x19), off
 * 250 x 2 ms (0xFA), as drawers wired to the printer expect. node-thermal-printer's
 * openCashDrawer() sends `1B 70 00 1B 70 01` instead, which leaves t1/t2 to be read from the
 * next command's bytes (LESSONS.md), so it is never used. Star line mode: ESC BEL n1 n2
 * sets the pulse (n1 = 11 x 20 ms on, n2 = 55 x 20 ms off) and BEL fires drawer 1.
 */
export const DRAWER_PULSE: Readonly<Record<Driver, Buffer>> = {
  epson: Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]),
  star: Buffer.from([0x1b, 0x07, 0x0b, 0x37, 0x07]),
};

/**
 * Barcode module width in dots: 3 keeps a gift card code (CODE128, 11 symbols ~ 156
 * modules) inside 80 mm paper's 576 dots; 58 mm paper has 384, so it gets 2.
 */
const moduleWidth = (width: number) => (width <= 32 ? 2 : 3);
const BARCODE_HEIGHT_DOTS = 80;

/**
 * Appends `layout` to the printer's buffer: initialize, Windows-1252 code page, then each
 * segment with only the mode changes it needs. The layout has already wrapped and padded
 * every line, so the library prints text as given (its own wrapping is switched off where
 * the printer is made, see printer-connection.ts). Deterministic: the same layout gives
 * the same bytes, so a reprint is byte-for-byte the first print.
 */
export function appendLayout(printer: ThermalPrinter, layout: ReceiptLayout, driver: Driver): void {
  printer.append(INITIALIZE);
  printer.setCharacterSet(CharacterSet.WPC1252);
  let align: LayoutAlign = 'left';
  let bold = false;
  let tall = false;
  const setAlign = (next: LayoutAlign) => {
    if (next === align) return;
    if (next === 'center') printer.alignCenter();
    else if (next === 'right') printer.alignRight();
    else printer.alignLeft();
    align = next;
  };
  for (const segment of layout.segments) {
    switch (segment.kind) {
      case 'text':
        setAlign(segment.align);
        if (segment.tall !== tall) {
          // ESC ! (Epson) sets every print mode at once, emphasis included: bold is off after.
          if (segment.tall) printer.setTextDoubleHeight();
          else printer.setTextNormal();
          tall = segment.tall;
          if (driver === 'epson') bold = false;
        }
        if (segment.bold !== bold) {
          printer.bold(segment.bold);
          bold = segment.bold;
        }
        printer.println(segment.text);
        break;
      case 'barcode':
        setAlign('center');
        if (driver === 'epson') {
          // 73 is GS k's CODE128 (function B); the library adds the `{B` code-set prefix.
          // hriPos 0: the code's text is the layout's next line, the same on screen.
          printer.printBarcode(segment.data, 73, {
            hriPos: 0,
            hriFont: 0,
            width: moduleWidth(layout.width),
            height: BARCODE_HEIGHT_DOTS,
          });
        } else {
          printer.code128(segment.data, { width: 'MEDIUM', height: BARCODE_HEIGHT_DOTS, text: 1 });
        }
        break;
      case 'qr':
        setAlign('center');
        printer.printQR(segment.data, {
          cellSize: layout.width <= 32 ? 4 : 6,
          correction: 'M',
          model: 2,
        });
        break;
      case 'cut':
        // Feeds past the cutter, cuts, and re-initializes (which also resets our modes).
        printer.cut();
        align = 'left';
        bold = false;
        tall = false;
        break;
    }
  }
}
