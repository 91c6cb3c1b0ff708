import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeskPrinting } from '../../../src-main/hardware/printing/desk-printing';
import type { ReceiptLayout } from '../../../src-shared/receipts/receipt-layout';
import { decodeEscPos, onPaper, printedLines, printedText } from './escpos-decoder';
import { startEscPosRecorder, type EscPosRecorder } from './escpos-recorder';
import { createPrintingDesk, STUDIO_ADDRESS, type PrintingDesk } from './printing-harness';

/**
 * Issue 17 item 8 and issue 16's settings on paper: the studio's receipt header and footer,
 * the location's name, address and phone, times in the studio's zone in the 12-hour style,
 * and a Z report that covers every tender of the shift. Read back from the bytes a network
 * ESC/POS printer on loopback received.
 */

const HEADER = 'Welcome to Lotus Flow - namaste';
const FOOTER = 'Returns within 30 days with this receipt';
const MAIN_PHONE = '(207) 555-0142';
const UPTOWN = {
  name: 'Uptown Loft',
  address: '400 Congress St, Portland ME',
  phone: '(207) 555-0199',
};

interface Sale {
  readonly orderId: string;
  readonly receiptNumber: string;
}

const previewed = (layout: ReceiptLayout) =>
  layout.segments.map((s) =>
    s.kind === 'text'
      ? { kind: 'text', text: s.text, align: s.align, bold: s.bold, tall: s.tall }
      : s.kind === 'cut'
        ? { kind: 'cut' }
        : { kind: s.kind, data: s.data },
  );

describe('receipts and drawer reports carry the studio settings, in the studio zone', () => {
  let printer: EscPosRecorder;
  let world: PrintingDesk;
  let printing: DeskPrinting;
  let uptownId: string;

  beforeAll(async () => {
    printer = await startEscPosRecorder();
  });
  afterAll(() => printer.close());
  beforeEach(async () => {
    world = await createPrintingDesk();
    printing = world.printing();
    printing.saveSettings(world.networkSettings(printer.port));
    const { tenantId, locationId } = world.studio;
    const tenant = await world.desk.db
      .selectFrom('tenants')
      .select('settings')
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    const settings = JSON.parse(tenant.settings) as Record<string, unknown>;
    // Denver, while the location says Chicago: the studio's own zone wins.
    await world.desk.db
      .updateTable('tenants')
      .set({
        settings: JSON.stringify({
          ...settings,
          timeZone: 'America/Denver',
          receiptHeader: HEADER,
          receiptFooter: FOOTER,
        }),
      })
      .where('id', '=', tenantId)
      .execute();
    await world.desk.db
      .updateTable('locations')
      .set({ name: 'Harbor Studio', phone: MAIN_PHONE })
      .where('id', '=', locationId)
      .execute();
    uptownId = randomUUID();
    await world.desk.db
      .insertInto('locations')
      .values({
        id: uptownId,
        tenant_id: tenantId,
        name: UPTOWN.name,
        time_zone: 'America/Chicago',
        address: UPTOWN.address,
        phone: UPTOWN.phone,
        created_at: '2026-11-01T00:00:00.000Z',
      })
      .execute();
    return () => world.dispose();
  });

  const printJob = async (receipt: Parameters<DeskPrinting['print']>[0]) => {
    const before = printer.jobs().length;
    expect(await printing.print(receipt)).toEqual({ printed: true, message: null });
    const jobs = await printer.waitForJobs(before + 1);
    return decodeEscPos(jobs[jobs.length - 1] ?? Buffer.alloc(0));
  };

  const socksAndWater = (tenders: readonly unknown[]) =>
    world.run<Sale>('pos.sale', {
      memberId: world.studio.memberId,
      lines: [
        { kind: 'product', productId: world.studio.products.socks, quantity: 2, unitPrice: 1200 },
        { kind: 'product', productId: world.studio.products.water, quantity: 1, unitPrice: 300 },
      ],
      tenders,
    });

  it('prints header, location, phone, footer and a 12-hour studio-zone time, as previewed', async () => {
    // A card sale with no drawer open records no location: the studio's first location by
    // name (Harbor Studio before Uptown Loft) is printed.
    const sale = await socksAndWater([{ method: 'card', amount: 2898, paymentIntentId: 'pi_1' }]);
    const commands = await printJob({ kind: 'order', orderId: sale.orderId });
    const lines = printedLines(commands);
    const text = printedText(commands).map((l) => l.trim());

    expect(lines[0]).toMatchObject({ text: 'Lotus Flow Yoga', tall: true, bold: true });
    const top = text.slice(0, text.indexOf('RECEIPT'));
    expect(top).toEqual(
      expect.arrayContaining(['Harbor Studio', STUDIO_ADDRESS, MAIN_PHONE, HEADER]),
    );
    expect(top.indexOf(HEADER)).toBeGreaterThan(top.indexOf(MAIN_PHONE));
    // Dec 1 10:00 UTC is 3:00 AM in Denver (the studio's zone), not Chicago's 4:00 AM.
    expect(text).toContainEqual(expect.stringMatching(/^Date +Dec 1, 2026 3:00 AM$/));
    expect(text.join('\n')).not.toMatch(/UTC|\d{2}:\d{2}(?! [AP]M)/);
    expect(lines).toContainEqual(expect.objectContaining({ text: FOOTER, align: 'center' }));
    expect(text.indexOf(FOOTER)).toBeGreaterThan(text.findIndex((l) => /^TOTAL /.test(l)));
    expect(text.some((l) => l.includes(UPTOWN.phone))).toBe(false);

    const preview = await printing.preview({ kind: 'order', orderId: sale.orderId });
    expect(onPaper(commands)).toEqual(previewed(preview));
  });

  it('prints the location of the drawer the sale was taken in, and a refund in the studio zone', async () => {
    await world.run('drawer.open', { openingFloat: 10000, locationId: uptownId });
    world.clock.advance(125 * 60_000); // 12:05 UTC: 5:05 AM in Denver
    const sale = await socksAndWater([{ method: 'cash', amount: 2898, tendered: 3000 }]);
    const text = printedText(await printJob({ kind: 'order', orderId: sale.orderId })).map((l) =>
      l.trim(),
    );
    expect(text).toEqual(expect.arrayContaining([UPTOWN.name, UPTOWN.address, UPTOWN.phone]));
    expect(text).not.toContain(MAIN_PHONE);
    expect(text).toContainEqual(expect.stringMatching(/^Date +Dec 1, 2026 5:05 AM$/));

    world.clock.advance(10 * 3_600_000); // 22:05 UTC: 3:05 PM in Denver
    const refund = await world.run<{ refundId: string }>(
      'pos.refund',
      { orderId: sale.orderId, tenders: [{ method: 'cash', amount: 2898 }], reason: 'too small' },
      'manager',
    );
    const back = printedText(await printJob({ kind: 'refund', refundId: refund.refundId })).map(
      (l) => l.trim(),
    );
    expect(back).toEqual(expect.arrayContaining(['REFUND', HEADER, FOOTER, UPTOWN.phone]));
    expect(back).toContainEqual(expect.stringMatching(/^Date +Dec 1, 2026 3:05 PM$/));
  });

  it('prints a Z report of every tender of the shift, refunds included, in the studio zone', async () => {
    const { sessionId } = await world.run<{ sessionId: string }>('drawer.open', {
      openingFloat: 10000,
      locationId: uptownId,
    });
    // Card: a gift card sold for 50.00.
    const card = await world.run<{ giftCards: { giftCardId: string }[] }>('giftCard.sell', {
      amount: 5000,
      tenders: [{ method: 'card', amount: 5000, paymentIntentId: 'pi_gift' }],
    });
    // Gift card 20.00 + cash 40.00 for a pack.
    await world.run('pack.sell', {
      memberId: world.studio.memberId,
      packDefinitionId: world.studio.packDefinitionId,
      unitPrice: 6000,
      tenders: [
        { method: 'gift_card', amount: 2000, giftCardId: card.giftCards[0]?.giftCardId },
        { method: 'cash', amount: 4000, tendered: 4000 },
      ],
    });
    // Cash 18.98 + card 10.00, then all of it refunded the way it came.
    const split = await socksAndWater([
      { method: 'cash', amount: 1898, tendered: 2000 },
      { method: 'card', amount: 1000, paymentIntentId: 'pi_split' },
    ]);
    await world.run(
      'pos.refund',
      {
        orderId: split.orderId,
        tenders: [
          { method: 'cash', amount: 1898 },
          { method: 'card', amount: 1000, paymentIntentId: 'pi_split' },
        ],
        reason: 'wrong size',
      },
      'manager',
    );
    await world.run('drawer.move', { type: 'paid_out', amount: 500, reason: 'window cleaner' });
    world.clock.advance(8 * 3_600_000 + 20 * 60_000); // closed 18:20 UTC: 11:20 AM in Denver
    // Expected: 100.00 + 40.00 + 18.98 - 18.98 - 5.00 = 135.00; counted 39.00 short.
    await world.run('drawer.close', { countedAmount: 9600 }, 'manager');

    const commands = await printJob({ kind: 'drawerReport', sessionId });
    const lines = printedLines(commands);
    const text = printedText(commands).map((l) => l.trimEnd());
    const row = (label: string, value: string) => {
      expect(text).toContainEqual(
        expect.stringMatching(new RegExp(`^${label.replace(/[()]/g, '\\$&')} +${value}$`)),
      );
    };
    expect(text.map((l) => l.trim())).toEqual(
      expect.arrayContaining(['Z REPORT - DRAWER CLOSED', UPTOWN.name, UPTOWN.phone, HEADER]),
    );
    row('Opened', 'Dec 1, 2026 3:00 AM');
    row('Closed', 'Dec 1, 2026 11:20 AM');
    row('Expected in drawer', '\\$135\\.00');
    row('Counted', '\\$96\\.00');
    row('Variance', '-\\$39\\.00');
    expect(lines.find((l) => l.text.trim() === 'TENDERS')?.bold).toBe(true);
    row('Cash taken (2)', '\\$58\\.98');
    row('Cash refunded (1)', '-\\$18\\.98');
    row('Cash (net)', '\\$40\\.00');
    row('Card taken (2)', '\\$60\\.00');
    row('Card refunded (1)', '-\\$10\\.00');
    row('Card (net)', '\\$50\\.00');
    row('Gift card taken (1)', '\\$20\\.00');
    row('Gift card (net)', '\\$20\\.00');
    row('Other (net)', '\\$0\\.00');
    row('All tenders (net)', '\\$110\\.00');
    expect(text.map((l) => l.trim())).toContain(FOOTER);

    // The screen's Z report is the same layout the printer got.
    const preview = await printing.preview({ kind: 'drawerReport', sessionId });
    expect(onPaper(commands)).toEqual(previewed(preview));
  });
});
