import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeskPrinting } from '../../../src-main/hardware/printing/desk-printing';
import type { ReceiptLayout } from '../../../src-shared/receipts/receipt-layout';
import { decodeEscPos, onPaper, printedLines, printedText } from './escpos-decoder';
import { startEscPosRecorder, type EscPosRecorder } from './escpos-recorder';
import { createPrintingDesk, STUDIO_ADDRESS, type PrintingDesk } from './printing-harness';

interface Sale {
  readonly orderId: string;
  readonly receiptNumber: string;
  readonly giftCards: readonly { readonly code: string }[];
}

/** What the preview draws, in the decoder's terms. */
const previewed = (layout: ReceiptLayout) =>
  layout.segments.map((s) =>
    s.kind === 'text'
      ? { kind: 'text', text: s.text, align: s.align, bold: s.bold, tall: s.tall }
      : s.kind === 'cut'
        ? { kind: 'cut' }
        : { kind: s.kind, data: s.data },
  );

describe('printing receipts to a network ESC/POS printer', () => {
  let printer: EscPosRecorder;
  let world: PrintingDesk;
  let printing: DeskPrinting;

  beforeAll(async () => {
    printer = await startEscPosRecorder();
  });
  afterAll(() => printer.close());
  beforeEach(async () => {
    world = await createPrintingDesk();
    printing = world.printing();
    printing.saveSettings(world.networkSettings(printer.port));
    await world.run('drawer.open', { openingFloat: 10000 });
    return () => world.dispose();
  });

  /** Prints and returns the job's bytes as the printer received them. */
  const printJob = async (receipt: Parameters<DeskPrinting['print']>[0]) => {
    const before = printer.jobs().length;
    const outcome = await printing.print(receipt);
    expect(outcome).toEqual({ printed: true, message: null });
    const jobs = await printer.waitForJobs(before + 1);
    return jobs[jobs.length - 1] ?? Buffer.alloc(0);
  };

  const sellSocksAndWater = () =>
    world.run<Sale>('pos.sale', {
      memberId: world.studio.memberId,
      lines: [
        { kind: 'product', productId: world.studio.products.socks, quantity: 2, unitPrice: 1200 },
        { kind: 'product', productId: world.studio.products.water, quantity: 1, unitPrice: 300 },
      ],
      tenders: [
        { method: 'cash', amount: 1898, tendered: 2000 },
        { method: 'card', amount: 1000, paymentIntentId: 'pi_split' },
      ],
    });

  it('prints a sale: studio, lines, totals, tenders and change, then cuts; the preview is the paper', async () => {
    const sale = await sellSocksAndWater();
    const bytes = await printJob({ kind: 'order', orderId: sale.orderId });
    const commands = decodeEscPos(bytes);
    const lines = printedLines(commands);
    const text = printedText(commands);

    expect(lines[0]).toMatchObject({
      text: 'Lotus Flow Yoga',
      align: 'center',
      bold: true,
      tall: true,
    });
    expect(text).toContain(STUDIO_ADDRESS);
    expect(text).toContain(`Receipt${' '.repeat(48 - 7 - 11)}${sale.receiptNumber}`);
    // Dec 1 10:00 UTC is 4:00 AM in the location's zone (America/Chicago).
    expect(text).toContainEqual(expect.stringMatching(/^Date +Dec 1, 2026 4:00 AM$/));
    expect(text).toContainEqual(expect.stringMatching(/^Staff +Frida Tester$/));
    expect(text).toContainEqual(expect.stringMatching(/^Member +Maya Tester$/));
    expect(text).toContainEqual(expect.stringMatching(/^Grip socks +\$24\.00$/));
    expect(text).toContain('  2 x $12.00');
    expect(text).toContainEqual(expect.stringMatching(/^Water +\$3\.00$/));
    expect(text).toContainEqual(expect.stringMatching(/^Subtotal +\$27\.00$/));
    expect(text).toContainEqual(expect.stringMatching(/^Tax +\$1\.98$/));
    const lineLike = (pattern: RegExp) => lines.find((l) => pattern.test(l.text));
    expect(lineLike(/^TOTAL +\$28\.98$/)?.bold).toBe(true);
    expect(text).toContainEqual(expect.stringMatching(/^Cash +\$18\.98$/));
    expect(text).toContainEqual(expect.stringMatching(/^ {2}Tendered +\$20\.00$/));
    expect(text).toContainEqual(expect.stringMatching(/^Card +\$10\.00$/));
    expect(lineLike(/^CHANGE +\$1\.02$/)?.bold).toBe(true);
    expect(lines).toContainEqual(expect.objectContaining({ text: 'Namaste!', align: 'center' }));
    expect(text.every((line) => line.length <= 48)).toBe(true);
    expect(commands[0]).toEqual({ kind: 'init' });
    expect(commands).toContainEqual({ kind: 'codePage', page: 16 });
    const paper = onPaper(commands);
    expect(paper[paper.length - 1]).toEqual({ kind: 'cut' });
    expect(commands.filter((c) => c.kind === 'unknown')).toEqual([]);
    // Nothing opens the drawer while printing: that is kickDrawer's job alone.
    expect(commands.filter((c) => c.kind === 'drawerPulse')).toEqual([]);

    const preview = await printing.preview({ kind: 'order', orderId: sale.orderId });
    expect(paper).toEqual(previewed(preview));
  });

  it('reprints a past receipt with identical bytes', async () => {
    const sale = await sellSocksAndWater();
    const first = await printJob({ kind: 'order', orderId: sale.orderId });
    await sellSocksAndWater();
    const again = await printJob({ kind: 'order', orderId: sale.orderId });
    expect(again.equals(first)).toBe(true);
  });

  it('prints a gift card sale with the card code as a CODE128 barcode', async () => {
    const sale = await world.run<Sale>('giftCard.sell', {
      amount: 5000,
      tenders: [{ method: 'card', amount: 5000, paymentIntentId: 'pi_gift' }],
    });
    const code = sale.giftCards[0]?.code ?? '';
    expect(code).toMatch(/^GC-/);
    const commands = decodeEscPos(await printJob({ kind: 'order', orderId: sale.orderId }));
    expect(commands).toContainEqual({ kind: 'barcode', symbology: 'CODE128', data: code });
    const paper = onPaper(commands);
    const barcodeAt = paper.findIndex((p) => p.kind === 'barcode');
    expect(paper[barcodeAt - 1]).toMatchObject({ text: 'GIFT CARD', bold: true });
    expect(paper[barcodeAt + 1]).toEqual({
      kind: 'text',
      text: code,
      align: 'center',
      bold: true,
      tall: false,
    });
    expect(printedText(commands)).toContain('Balance $50.00');
  });

  it('masks a gift card used to pay, and prints a pack purchase with its credits', async () => {
    const card = await world.run<{ giftCards: { giftCardId: string; code: string }[] }>(
      'giftCard.sell',
      { amount: 10000, tenders: [{ method: 'card', amount: 10000, paymentIntentId: 'pi_g' }] },
    );
    const giftCard = card.giftCards[0];
    const sale = await world.run<Sale>('pack.sell', {
      memberId: world.studio.memberId,
      packDefinitionId: world.studio.packDefinitionId,
      unitPrice: 6000,
      tenders: [{ method: 'gift_card', amount: 6000, giftCardId: giftCard?.giftCardId }],
    });
    const commands = decodeEscPos(await printJob({ kind: 'order', orderId: sale.orderId }));
    const text = printedText(commands);
    const pack = printedLines(commands).find((l) => /^5-class pack +5 credits$/.test(l.text));
    expect(pack?.bold).toBe(true);
    // Valid 90 days from Dec 1.
    expect(text).toContain('  Valid until Mar 1, 2027');
    expect(text).toContainEqual(
      expect.stringMatching(
        new RegExp(`^Gift card \\.\\.\\.${giftCard?.code.slice(-4) ?? ''} +\\$60\\.00$`),
      ),
    );
    expect(text.join('\n')).not.toContain(giftCard?.code ?? 'unset');
    expect(commands.filter((c) => c.kind === 'barcode')).toEqual([]);
  });

  it('prints a refund with what went back and why', async () => {
    const sale = await sellSocksAndWater();
    const refund = await world.run<{ refundId: string }>(
      'pos.refund',
      {
        orderId: sale.orderId,
        tenders: [{ method: 'cash', amount: 2898 }],
        reason: 'changed mind',
      },
      'manager',
    );
    const text = printedText(
      decodeEscPos(await printJob({ kind: 'refund', refundId: refund.refundId })),
    );
    expect(text).toContain('REFUND');
    expect(text).toContainEqual(
      expect.stringMatching(new RegExp(`^For sale +${sale.receiptNumber}$`)),
    );
    expect(text).toContain('Reason: changed mind');
    expect(text).toContainEqual(expect.stringMatching(/^TOTAL +-\$28\.98$/));
    expect(text).toContainEqual(expect.stringMatching(/^Cash +-\$28\.98$/));
    expect(text).toContainEqual(expect.stringMatching(/^Staff +Manny Tester$/));
    // The sale's receipt, printed again, now says what became of it.
    const reprint = printedText(
      decodeEscPos(await printJob({ kind: 'order', orderId: sale.orderId })),
    );
    expect(reprint).toContain('** REFUNDED SINCE **');
  });

  it('prints X and Z reports with the drawer figures', async () => {
    const sessionId = (
      await world.desk.db.selectFrom('cash_drawer_sessions').select('id').executeTakeFirstOrThrow()
    ).id;
    await sellSocksAndWater();
    await world.run('drawer.move', { type: 'paid_in', amount: 500, reason: 'change from bank' });
    await world.run('drawer.move', { type: 'no_sale', reason: 'gave change' });

    const x = printedText(decodeEscPos(await printJob({ kind: 'drawerReport', sessionId })));
    expect(x).toContain('X REPORT - MID-SHIFT');
    expect(x).toContainEqual(expect.stringMatching(/^Opening float +\$100\.00$/));
    expect(x).toContainEqual(expect.stringMatching(/^Cash sales +\$18\.98$/));
    expect(x).toContainEqual(expect.stringMatching(/^Paid in +\$5\.00$/));
    // 10,000 + 1,898 + 500.
    expect(x).toContainEqual(expect.stringMatching(/^Expected in drawer +\$123\.98$/));
    expect(x).toContainEqual(expect.stringMatching(/^Card \(net\) +\$10\.00$/));
    expect(x).toContainEqual(expect.stringMatching(/^No-sale openings +1$/));
    expect(x.some((l) => l.startsWith('Counted'))).toBe(false);

    await world.run('drawer.close', { countedAmount: 12300 }, 'manager');
    const z = printedText(decodeEscPos(await printJob({ kind: 'drawerReport', sessionId })));
    expect(z).toContain('Z REPORT - DRAWER CLOSED');
    expect(z).toContainEqual(expect.stringMatching(/^Counted +\$123\.00$/));
    expect(z).toContainEqual(expect.stringMatching(/^Variance +-\$0\.98$/));
    expect(z).toContainEqual(expect.stringMatching(/^Closed by +Manny Tester$/));
  });

  it('prints a test page whose ruler fills exactly one line, with a barcode and a QR code', async () => {
    const before = printer.jobs().length;
    expect(await printing.testPrint()).toEqual({ printed: true, message: null });
    const jobs = await printer.waitForJobs(before + 1);
    const commands = decodeEscPos(jobs[jobs.length - 1] ?? Buffer.alloc(0));
    expect(printedText(commands)).toContain('123456789012345678901234567890123456789012345678');
    expect(commands).toContainEqual({ kind: 'barcode', symbology: 'CODE128', data: 'TEST-128' });
    expect(commands).toContainEqual({ kind: 'qr', data: 'STUDIO-DESK-TEST' });
    expect(onPaper(commands).at(-1)).toEqual({ kind: 'cut' });
  });

  it('lays a 58 mm receipt out in 32 columns', async () => {
    printing.saveSettings(world.networkSettings(printer.port, { paperWidth: 32 }));
    const sale = await sellSocksAndWater();
    const text = printedText(
      decodeEscPos(await printJob({ kind: 'order', orderId: sale.orderId })),
    );
    expect(text.every((line) => line.length <= 32)).toBe(true);
    expect(text).toContainEqual(expect.stringMatching(/^TOTAL {21}\$28\.98$/));
  });
});
