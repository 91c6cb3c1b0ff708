import type { CardDetails } from '../mutations/front-desk/card-details';
import type { Database } from '../schema/catalog';
import type { IsoTimestamp } from '../schema/column-spec';

/**
 * Receipts as data: what a printer, a screen or an e-mail renders, built by pure functions
 * from database rows so that a reprint months later says what the first print said
 * (except gift card balances, which are shown as they stand).
 */

export type TenderMethod = Database['payments']['method'];

export interface ReceiptStudio {
  readonly name: string;
  readonly currency: string;
  /** The studio's receipt header from its settings, printed under the location. */
  readonly header: string | null;
  readonly footer: string | null;
  /** The location the receipt belongs to (see receipt-queries for which one), or null. */
  readonly locationName: string | null;
  /** The address of that location, printed under the name. */
  readonly address: string | null;
  readonly phone: string | null;
  /**
   * IANA zone the receipt's times are printed in: the studio's own zone from its settings,
   * else the location's; UTC (and marked so) when neither is known.
   */
  readonly timeZone: string;
}

export interface ReceiptLine {
  readonly description: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly discount: number;
  readonly tax: number;
  readonly total: number;
}

export interface ReceiptTender {
  readonly method: TenderMethod;
  /** Signed like the payment: negative when money went back to the customer. */
  readonly amount: number;
  /** Cash handed over, when it was cash. */
  readonly tendered: number | null;
  readonly change: number;
  readonly giftCardCode: string | null;
  readonly reference: string | null;
  /** A card refund stays pending until the card network confirms it. */
  readonly pending: boolean;
  /** Which card, for a card tender whose brand and last 4 digits were kept (issue 17 item 5). */
  readonly card?: CardDetails;
}

export interface ReceiptGiftCard {
  readonly code: string;
  readonly balance: number;
}

/** A class pack the sale gave the member: what they can book with. */
export interface ReceiptPack {
  readonly name: string;
  readonly credits: number;
  readonly expiresAt: IsoTimestamp | null;
}

export interface OrderReceipt {
  readonly kind: 'sale' | 'refund' | 'void';
  readonly studio: ReceiptStudio;
  readonly receiptNumber: string;
  /** The sale's receipt number on a refund or void receipt; null on a sale. */
  readonly originalReceiptNumber: string | null;
  readonly orderId: string;
  readonly at: IsoTimestamp;
  /** What became of the sale since (refunded, voided): shown on reprints. */
  readonly orderStatus: Database['pos_orders']['status'];
  readonly staffName: string | null;
  readonly memberName: string | null;
  readonly lines: readonly ReceiptLine[];
  readonly subtotal: number;
  readonly discount: number;
  readonly tax: number;
  readonly total: number;
  readonly couponCode: string | null;
  readonly tenders: readonly ReceiptTender[];
  readonly changeDue: number;
  /** Cards sold, reloaded or issued as store credit, with their balance. */
  readonly giftCards: readonly ReceiptGiftCard[];
  /** Class packs the sale issued (none on refunds and voids). */
  readonly packs: readonly ReceiptPack[];
  readonly reason: string | null;
}

export interface ZReportRow {
  readonly label: string;
  readonly amount: number;
}

export interface ZReportReceipt {
  readonly kind: 'z_report';
  readonly studio: ReceiptStudio;
  readonly sessionId: string;
  readonly deviceId: string;
  readonly openedAt: IsoTimestamp;
  readonly closedAt: IsoTimestamp;
  readonly openedBy: string | null;
  readonly closedBy: string | null;
  /** The cash: float, cash in and out, expected, counted, variance. */
  readonly rows: readonly ZReportRow[];
  /** Every tender taken in the shift (cash, card, gift card, other): taken, refunded, net. */
  readonly tenders: readonly ZReportRow[];
  readonly expected: number;
  readonly counted: number;
  readonly variance: number;
  /** Times the drawer was opened without a sale during the shift. */
  readonly noSales: number;
}

/** The mid-shift report of a drawer still open: what it should hold so far. */
export interface XReportReceipt {
  readonly kind: 'x_report';
  readonly studio: ReceiptStudio;
  readonly sessionId: string;
  readonly deviceId: string;
  readonly openedAt: IsoTimestamp;
  readonly openedBy: string | null;
  /** The cash: float, cash in and out, expected. */
  readonly rows: readonly ZReportRow[];
  /** Every tender taken so far in the shift: taken, refunded, net. */
  readonly tenders: readonly ZReportRow[];
  readonly expected: number;
  readonly noSales: number;
}

/** Everything the desk prints or previews. */
export type ReceiptDocument = OrderReceipt | ZReportReceipt | XReportReceipt;
