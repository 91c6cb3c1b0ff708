import { cardName } from '../mutations/front-desk/card-details';
import type {
  OrderReceipt,
  ReceiptDocument,
  ReceiptStudio,
  ReceiptTender,
  XReportReceipt,
  ZReportReceipt,
} from './receipt-model';
import {
  columns,
  formatDate,
  formatTime,
  formatMoney,
  printableText,
  rule,
  wrapText,
} from './receipt-text';

/**
 * One layout of a receipt for both outputs: the desk's ESC/POS printer walks these
 * segments and the screen preview draws them, so what staff preview is what prints. Every
 * text segment already fits the paper (wrapped, padded into columns, printable
 * characters only): the printer is never left to wrap or substitute anything.
 */

/** Characters per line: 48 or 42 on 80 mm paper (font A / narrower printers), 32 on 58 mm. */
export type PaperWidth = 32 | 42 | 48;
export type LayoutAlign = 'left' | 'center' | 'right';

export type LayoutSegment =
  | {
      readonly kind: 'text';
      /** At most the paper width; the printer aligns it, the preview pads it. */
      readonly text: string;
      readonly align: LayoutAlign;
      readonly bold: boolean;
      /** Double height (same width), for the studio's name. */
      readonly tall: boolean;
    }
  /** A CODE128 barcode, centred, its text printed by the text line that follows. */
  | { readonly kind: 'barcode'; readonly data: string }
  | { readonly kind: 'qr'; readonly data: string }
  /** Feed the paper past the cutter and cut. */
  | { readonly kind: 'cut' };

export interface ReceiptLayout {
  readonly width: PaperWidth;
  readonly segments: readonly LayoutSegment[];
}

type TextStyle = { readonly align?: LayoutAlign; readonly bold?: boolean; readonly tall?: boolean };

/** Collects segments; text is split into paper-width lines as it is added. */
function builder(width: PaperWidth) {
  const segments: LayoutSegment[] = [];
  const line = (text: string, style: TextStyle = {}) => {
    segments.push({
      kind: 'text',
      text: printableText(text).slice(0, width),
      align: style.align ?? 'left',
      bold: style.bold ?? false,
      tall: style.tall ?? false,
    });
  };
  return {
    segments,
    line,
    blank: () => {
      line('');
    },
    wrapped: (text: string, style: TextStyle = {}) => {
      for (const l of wrapText(text, width)) line(l, style);
    },
    row: (label: string, value: string, style: TextStyle = {}) => {
      for (const l of columns(label, value, width)) line(l, { bold: style.bold ?? false });
    },
    rule: () => {
      line(rule(width));
    },
    barcode: (data: string) => {
      segments.push({ kind: 'barcode', data });
    },
    qr: (data: string) => {
      segments.push({ kind: 'qr', data });
    },
    cut: () => {
      segments.push({ kind: 'cut' });
    },
  };
}

type Builder = ReturnType<typeof builder>;

/**
 * The studio's name, then where the customer was served (location, address, phone) and the
 * studio's own header text from its settings, then what the paper is.
 */
function header(b: Builder, studio: ReceiptStudio, title: string) {
  b.wrapped(studio.name, { align: 'center', bold: true, tall: true });
  // A studio with one location often names it after itself: say the name once.
  if (studio.locationName !== null && studio.locationName.trim() !== studio.name.trim()) {
    b.wrapped(studio.locationName, { align: 'center' });
  }
  if (studio.address !== null) b.wrapped(studio.address, { align: 'center' });
  if (studio.phone !== null) b.wrapped(studio.phone, { align: 'center' });
  if (studio.header !== null) {
    b.blank();
    b.wrapped(studio.header, { align: 'center' });
  }
  b.blank();
  b.line(title, { align: 'center', bold: true });
  b.blank();
}

const TITLES: Record<OrderReceipt['kind'], string> = {
  sale: 'RECEIPT',
  refund: 'REFUND',
  void: 'VOID',
};

/** What became of a sale since, shown when its receipt is printed again. */
const SINCE: Partial<Record<OrderReceipt['orderStatus'], string>> = {
  partially_refunded: '** PARTLY REFUNDED SINCE **',
  refunded: '** REFUNDED SINCE **',
  voided: '** VOIDED SINCE **',
};

/** Only the end of a gift card's code is printed for a tender: the code is the money. */
const maskedCode = (code: string) => `...${code.slice(-4)}`;

function tenderLabel(tender: ReceiptTender): string {
  switch (tender.method) {
    case 'cash':
      return 'Cash';
    case 'card': {
      // "Visa ...4242": the end of the number only, as for gift cards. Payments taken
      // before the card was kept print as they always did.
      const card = tender.card === undefined ? 'Card' : cardName(tender.card, '...');
      return tender.pending ? `${card} (pending)` : card;
    }
    case 'gift_card':
      return tender.giftCardCode === null
        ? 'Gift card'
        : `Gift card ${maskedCode(tender.giftCardCode)}`;
    case 'external':
      return tender.reference ?? 'Other';
  }
}

function orderLayout(r: OrderReceipt, b: Builder) {
  const money = (amount: number) => formatMoney(amount, r.studio.currency);
  header(b, r.studio, TITLES[r.kind]);
  b.row('Receipt', r.receiptNumber);
  if (r.originalReceiptNumber !== null) b.row('For sale', r.originalReceiptNumber);
  b.row('Date', formatTime(r.at, r.studio.timeZone));
  if (r.staffName !== null) b.row('Staff', r.staffName);
  if (r.memberName !== null) b.row('Member', r.memberName);
  if (r.reason !== null) b.wrapped(`Reason: ${r.reason}`);
  const since = r.kind === 'sale' ? SINCE[r.orderStatus] : undefined;
  if (since !== undefined) b.line(since, { align: 'center', bold: true });
  b.rule();
  // Lines at their price before discount and tax, so they add up to the subtotal and the
  // totals below read as a sum: subtotal - discount + tax = total.
  for (const l of r.lines) {
    b.row(l.description, money(l.quantity * l.unitPrice));
    if (l.quantity !== 1) b.line(`  ${l.quantity} x ${money(l.unitPrice)}`);
  }
  b.rule();
  b.row('Subtotal', money(r.subtotal));
  if (r.discount !== 0) {
    const label = r.couponCode === null ? 'Discount' : `Discount (${r.couponCode})`;
    b.row(label, money(0 - Math.abs(r.discount)));
  }
  b.row('Tax', money(r.tax));
  b.row('TOTAL', money(r.total), { bold: true });
  b.rule();
  for (const t of r.tenders) {
    b.row(tenderLabel(t), money(t.amount));
    if (t.tendered !== null && t.tendered !== t.amount) b.row('  Tendered', money(t.tendered));
  }
  if (r.changeDue > 0) b.row('CHANGE', money(r.changeDue), { bold: true });
  for (const card of r.giftCards) {
    b.blank();
    b.line(r.kind === 'sale' ? 'GIFT CARD' : 'STORE CREDIT', { align: 'center', bold: true });
    b.barcode(card.code);
    b.line(card.code, { align: 'center', bold: true });
    b.line(`Balance ${money(card.balance)}`, { align: 'center' });
  }
  for (const pack of r.packs) {
    b.blank();
    b.row(pack.name, `${pack.credits} ${pack.credits === 1 ? 'credit' : 'credits'}`, {
      bold: true,
    });
    if (pack.expiresAt !== null) {
      b.line(`  Valid until ${formatDate(pack.expiresAt, r.studio.timeZone)}`);
    }
  }
}

/** Rows whose figure is the point of the report. */
const KEY_ROWS = new Set(['Expected in drawer', 'Counted', 'Variance']);

function drawerLayout(r: XReportReceipt | ZReportReceipt, b: Builder) {
  const zone = r.studio.timeZone;
  header(b, r.studio, r.kind === 'z_report' ? 'Z REPORT - DRAWER CLOSED' : 'X REPORT - MID-SHIFT');
  b.row('Drawer', r.sessionId.slice(-8).toUpperCase());
  b.row('Opened', formatTime(r.openedAt, zone));
  if (r.openedBy !== null) b.row('Opened by', r.openedBy);
  if (r.kind === 'z_report') {
    b.row('Closed', formatTime(r.closedAt, zone));
    if (r.closedBy !== null) b.row('Closed by', r.closedBy);
  }
  b.rule();
  const money = (amount: number) => formatMoney(amount, r.studio.currency);
  for (const row of r.rows) b.row(row.label, money(row.amount), { bold: KEY_ROWS.has(row.label) });
  b.rule();
  b.line('TENDERS', { align: 'center', bold: true });
  for (const row of r.tenders) {
    b.row(row.label, money(row.amount), { bold: row.label === 'All tenders (net)' });
  }
  b.rule();
  b.row('No-sale openings', String(r.noSales));
}

/** Lays a receipt or drawer report out for paper `width` characters wide. */
export function layoutReceipt(document: ReceiptDocument, width: PaperWidth): ReceiptLayout {
  const b = builder(width);
  if (document.kind === 'x_report' || document.kind === 'z_report') drawerLayout(document, b);
  else orderLayout(document, b);
  if (document.studio.footer !== null) {
    b.blank();
    b.wrapped(document.studio.footer, { align: 'center' });
  }
  b.cut();
  return { width, segments: b.segments };
}

/**
 * The test page: a ruler exactly as wide as the configured paper (wrapping or a short
 * ruler shows a wrong width), bold text, a barcode and a QR code, then the cut.
 */
export function layoutTestPage(input: {
  readonly studioName: string;
  readonly width: PaperWidth;
  /** e.g. "epson at 10.0.0.5:9100". */
  readonly printer: string;
}): ReceiptLayout {
  const b = builder(input.width);
  b.wrapped(input.studioName, { align: 'center', bold: true, tall: true });
  b.blank();
  b.line('PRINTER TEST', { align: 'center', bold: true });
  b.wrapped(input.printer, { align: 'center' });
  b.blank();
  const digits = '1234567890'.repeat(Math.ceil(input.width / 10)).slice(0, input.width);
  b.line(digits);
  b.wrapped(`${input.width} characters per line: the digits above fill exactly one line.`);
  b.blank();
  b.barcode('TEST-128');
  b.line('TEST-128', { align: 'center' });
  b.qr('STUDIO-DESK-TEST');
  b.line('STUDIO-DESK-TEST', { align: 'center' });
  b.cut();
  return { width: input.width, segments: b.segments };
}

/**
 * The layout as plain monospaced lines, aligned as paper aligns them; barcodes and QR
 * codes appear as a bracketed placeholder with their data. For previews without graphics,
 * logs and tests.
 */
export function layoutLines(layout: ReceiptLayout): string[] {
  const lines: string[] = [];
  for (const segment of layout.segments) {
    switch (segment.kind) {
      case 'text': {
        const gap = layout.width - segment.text.length;
        const left =
          segment.align === 'center' ? Math.floor(gap / 2) : segment.align === 'right' ? gap : 0;
        lines.push((' '.repeat(left) + segment.text).trimEnd());
        break;
      }
      case 'barcode':
        lines.push(`[barcode ${segment.data}]`);
        break;
      case 'qr':
        lines.push(`[qr ${segment.data}]`);
        break;
      case 'cut':
        lines.push(rule(layout.width, '~'));
        break;
    }
  }
  return lines;
}
