import { BreakLine, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { describe, expect, it } from 'vitest';
import { appendLayout } from '../../../src-main/hardware/printing/escpos-render';
import {
  layoutLines,
  layoutReceipt,
  type ReceiptLayout,
} from '../../../src-shared/receipts/receipt-layout';
import type { OrderReceipt, XReportReceipt } from '../../../src-shared/receipts/receipt-model';
import {
  formatDate,
  formatMoney,
  formatTime,
  printableText,
} from '../../../src-shared/receipts/receipt-text';
import { BACKENDS, useSeededStudio } from '../../front-desk/front-desk-harness';
import { decodeEscPos, onPaper } from './escpos-decoder';

const receipt: OrderReceipt = {
  kind: 'sale',
  studio: {
    name: 'Café Équilibre — Pilates & Yoga Studio of the Harbour',
    currency: 'EUR',
    header: 'Bienvenue !',
    footer: 'Merci ! Keep this receipt for returns within 30 days.\nWi-Fi: harbour-guest',
    locationName: 'Vieux-Port',
    address: 'Quai des Brumes 4, 13002 Marseille',
    phone: '+33 4 91 00 00 00',
    timeZone: 'Europe/Paris',
  },
  receiptNumber: 'R-AB12-CD34',
  originalReceiptNumber: null,
  orderId: '01900000-0000-7000-8000-000000000001',
  at: '2026-07-14T08:30:00.000Z',
  orderStatus: 'completed',
  staffName: 'Zoë Lefèvre',
  memberName: null,
  lines: [
    {
      description: 'Extra-long organic cotton grip socks with silicone dots, size M/L 🧦',
      quantity: 3,
      unitPrice: 1250,
      discount: 375,
      tax: 0,
      total: 3375,
    },
  ],
  subtotal: 3750,
  discount: 375,
  tax: 0,
  total: 3375,
  couponCode: 'ÉTÉ10',
  tenders: [
    {
      method: 'cash',
      amount: 3375,
      tendered: 5000,
      change: 1625,
      giftCardCode: null,
      reference: null,
      pending: false,
    },
  ],
  changeDue: 1625,
  giftCards: [],
  packs: [],
  reason: null,
};

/** The layout printed by node-thermal-printer into a buffer, as an Epson would get it. */
function escPosOf(layout: ReceiptLayout): Buffer {
  const printer = new ThermalPrinter({
    type: PrinterTypes.EPSON,
    interface: 'tcp://127.0.0.1:9',
    width: layout.width,
    breakLine: BreakLine.NONE,
  });
  appendLayout(printer, layout, 'epson');
  return printer.getBuffer();
}

describe('the receipt layout shared by the preview and the printer', () => {
  it.each([32, 42, 48] as const)(
    'fits every line into %i columns and prints what it previews',
    (width) => {
      const layout = layoutReceipt(receipt, width);
      for (const segment of layout.segments) {
        if (segment.kind === 'text') expect(segment.text.length).toBeLessThanOrEqual(width);
      }
      const lines = layoutLines(layout);
      expect(lines.some((l) => l.includes('Café Équilibre'))).toBe(true);
      // The total stays on the line's first row when its description wraps.
      expect(lines).toContainEqual(expect.stringMatching(/^Extra-long .+ €37\.50$/));
      expect(lines.join('\n')).toContain('3 x €12.50');
      expect(lines.join('\n')).toContain('?'); // the sock emoji has no printer glyph
      // 08:30 UTC is 10:30 in Paris in July, in the screens' 12-hour style.
      expect(lines).toContainEqual(expect.stringMatching(/^Date +Jul 14, 2026 10:30 AM$/));
      for (const part of ['Vieux-Port', '+33 4 91 00 00 00', 'Bienvenue !']) {
        expect(lines.map((l) => l.trim())).toContain(part);
      }
      expect(onPaper(decodeEscPos(escPosOf(layout)))).toEqual(
        layout.segments.map((s) =>
          s.kind === 'text'
            ? { kind: 'text', text: s.text, align: s.align, bold: s.bold, tall: s.tall }
            : s.kind === 'cut'
              ? { kind: 'cut' }
              : { kind: s.kind, data: s.data },
        ),
      );
    },
  );

  it('prints only what the printer’s code page has, and money in the studio’s currency', () => {
    expect(printableText('Café ‘Zen’ — “calm”… 🧘\tend')).toBe(`Café 'Zen' - "calm"... ? end`);
    expect(formatMoney(-900, 'USD')).toBe('-$9.00');
    expect(formatMoney(0 - 0, 'USD')).toBe('$0.00');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
    expect(formatMoney(1234, 'EUR')).toBe('€12.34');
    expect(formatMoney(1234, 'not a currency')).toBe('12.34 not a currency');
  });

  it('prints times on the studio’s 12-hour wall clock, and marks UTC when the zone is unknown', () => {
    expect(formatTime('2026-12-04T13:05:00.000Z', 'America/Denver')).toBe('Dec 4, 2026 6:05 AM');
    expect(formatTime('2026-12-04T07:00:00.000Z', 'America/Denver')).toBe('Dec 4, 2026 12:00 AM');
    expect(formatTime('2026-07-04T19:30:00.000Z', 'America/Denver')).toBe('Jul 4, 2026 1:30 PM');
    expect(formatTime('2026-12-04T13:05:00.000Z', 'UTC')).toBe('Dec 4, 2026 1:05 PM UTC');
    expect(formatTime('2026-12-04T13:05:00.000Z', 'Mars/Olympus')).toBe('Dec 4, 2026 1:05 PM UTC');
    expect(formatDate('2027-03-01T05:00:00.000Z', 'America/Denver')).toBe('Feb 28, 2027');
    expect(formatTime('not a time', 'America/Denver')).toBe('not a time');
  });

  it('lays an X report out with its figures and no counted cash', () => {
    const x: XReportReceipt = {
      kind: 'x_report',
      studio: {
        ...receipt.studio,
        name: 'Lotus',
        header: null,
        footer: null,
        locationName: null,
        address: null,
        phone: null,
        timeZone: 'UTC',
      },
      sessionId: '01900000-0000-7000-8000-0000abcdef12',
      deviceId: 'desk-1',
      openedAt: '2026-12-01T08:00:00.000Z',
      openedBy: 'Frida Tester',
      rows: [
        { label: 'Opening float', amount: 10000 },
        { label: 'Expected in drawer', amount: 12398 },
      ],
      tenders: [
        { label: 'Card taken (1)', amount: 2000 },
        { label: 'Card (net)', amount: 2000 },
        { label: 'All tenders (net)', amount: 2000 },
      ],
      expected: 12398,
      noSales: 2,
    };
    const layout = layoutReceipt(x, 32);
    expect(layoutLines(layout)).toEqual([
      '             Lotus',
      '',
      '      X REPORT - MID-SHIFT',
      '',
      'Drawer                  ABCDEF12',
      'Opened   Dec 1, 2026 8:00 AM UTC',
      'Opened by           Frida Tester',
      '--------------------------------',
      'Opening float            €100.00',
      'Expected in drawer       €123.98',
      '--------------------------------',
      '            TENDERS',
      'Card taken (1)            €20.00',
      'Card (net)                €20.00',
      'All tenders (net)         €20.00',
      '--------------------------------',
      'No-sale openings               2',
      '~'.repeat(32),
    ]);
    expect(layout.segments).toContainEqual({
      kind: 'text',
      text: 'Expected in drawer       €123.98',
      align: 'left',
      bold: true,
      tall: false,
    });
  });
});

describe.each(BACKENDS)('receipt queries for printing on %s', (backend) => {
  const studio = useSeededStudio(backend);

  it('carry the location, the packs a sale issued, and an X report while the drawer is open', async () => {
    const { sessionId } = (await studio.run('drawer.open', { openingFloat: 2000 })).result as {
      sessionId: string;
    };
    const sale = (
      await studio.run('pack.sell', {
        memberId: studio.memberId,
        packDefinitionId: studio.packDefinitionId,
        unitPrice: 6000,
        tenders: [{ method: 'cash', amount: 6000, tendered: 6000 }],
      })
    ).result as { orderId: string };
    const order = await studio.query<OrderReceipt>('receipt.forOrder', { orderId: sale.orderId });
    expect(order.studio).toEqual({
      name: 'Lotus Flow Yoga',
      currency: 'USD',
      header: null,
      footer: 'Namaste!',
      locationName: 'Main',
      address: null,
      phone: null,
      timeZone: 'America/Chicago',
    });
    expect(order.packs).toEqual([
      { name: '5-class pack', credits: 5, expiresAt: '2027-03-01T10:00:00.000Z' },
    ]);
    await studio.run('drawer.move', { type: 'no_sale', reason: 'change' });
    const x = await studio.query<XReportReceipt>('receipt.xReport', { sessionId });
    expect(x).toMatchObject({
      kind: 'x_report',
      expected: 8000,
      noSales: 1,
      openedBy: 'Frida Tester',
    });
    expect(x.rows).toContainEqual({ label: 'Cash sales', amount: 6000 });
    await studio.run('drawer.close', { countedAmount: 8000 }, { as: 'manager' });
    await expect(studio.query('receipt.xReport', { sessionId })).rejects.toThrow(/is closed/);
    expect(await studio.query('receipt.zReport', { sessionId })).toMatchObject({
      noSales: 1,
      variance: 0,
    });
  });
});
