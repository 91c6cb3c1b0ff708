import type { Database } from '../schema/catalog';
import type { IsoTimestamp } from '../schema/column-spec';
import type {
  ReceiptStudio,
  TenderMethod,
  XReportReceipt,
  ZReportReceipt,
  ZReportRow,
} from './receipt-model';

type SessionRow = Database['cash_drawer_sessions'];
type MovementRow = Pick<Database['cash_movements'], 'type' | 'amount'>;
type PaymentRow = Pick<Database['payments'], 'method' | 'amount'>;

export interface TenderTotals {
  readonly method: TenderMethod;
  /** Money taken on sales (positive payments). */
  readonly taken: number;
  /** Money given back on refunds and voids (as a positive number). */
  readonly givenBack: number;
  readonly net: number;
  /** Payments of the method: those taken and those given back. */
  readonly count: number;
  readonly givenBackCount: number;
}

/**
 * An X report (drawer still open: mid-shift) or a Z report (closed): the cash the drawer
 * should hold against what was counted, and every tender taken while it was open.
 */
export interface DrawerReport {
  readonly kind: 'X' | 'Z';
  readonly sessionId: string;
  readonly deviceId: string;
  readonly openedAt: IsoTimestamp;
  readonly closedAt: IsoTimestamp | null;
  readonly openingFloat: number;
  readonly cash: {
    readonly sales: number;
    readonly refunds: number;
    readonly paidIn: number;
    readonly paidOut: number;
    readonly noSales: number;
    readonly expected: number;
  };
  readonly tenders: readonly TenderTotals[];
  readonly counted: number | null;
  /** counted - expected: negative when cash is missing. */
  readonly variance: number | null;
}

const METHODS: readonly TenderMethod[] = ['cash', 'card', 'gift_card', 'external'];

export function buildDrawerReport(input: {
  readonly session: SessionRow;
  readonly movements: readonly MovementRow[];
  readonly payments: readonly PaymentRow[];
}): DrawerReport {
  const { session, movements, payments } = input;
  const moved = (type: MovementRow['type']) =>
    movements.filter((m) => m.type === type).reduce((sum, m) => sum + m.amount, 0);
  // Money out is reported as a positive amount (subtracting keeps 0 from becoming -0).
  const movedOut = (type: MovementRow['type']) =>
    movements.filter((m) => m.type === type).reduce((sum, m) => sum - m.amount, 0);
  const expected = session.opening_float + movements.reduce((sum, m) => sum + m.amount, 0);
  const counted = session.status === 'closed' ? session.counted_amount : null;
  return {
    kind: session.status === 'closed' ? 'Z' : 'X',
    sessionId: session.id,
    deviceId: session.device_id,
    openedAt: session.opened_at,
    closedAt: session.closed_at,
    openingFloat: session.opening_float,
    cash: {
      sales: moved('sale'),
      refunds: movedOut('refund'),
      paidIn: moved('paid_in'),
      paidOut: movedOut('paid_out'),
      noSales: movements.filter((m) => m.type === 'no_sale').length,
      expected,
    },
    tenders: METHODS.map((method) => {
      const of = payments.filter((p) => p.method === method);
      const taken = of.filter((p) => p.amount > 0).reduce((sum, p) => sum + p.amount, 0);
      const back = of.filter((p) => p.amount < 0);
      const givenBack = back.reduce((sum, p) => sum - p.amount, 0);
      return {
        method,
        taken,
        givenBack,
        net: taken - givenBack,
        count: of.length,
        givenBackCount: back.length,
      };
    }),
    counted,
    variance: counted === null ? null : counted - expected,
  };
}

const TENDER_LABELS: Record<TenderMethod, string> = {
  cash: 'Cash',
  card: 'Card',
  gift_card: 'Gift card',
  external: 'Other',
};

/** Float, cash in and out, and what the drawer should hold: the top of X and Z reports. */
function cashRows(report: DrawerReport): ZReportRow[] {
  return [
    { label: 'Opening float', amount: report.openingFloat },
    { label: 'Cash sales', amount: report.cash.sales },
    { label: 'Cash refunds', amount: 0 - report.cash.refunds },
    { label: 'Paid in', amount: report.cash.paidIn },
    { label: 'Paid out', amount: 0 - report.cash.paidOut },
    { label: 'Expected in drawer', amount: report.cash.expected },
  ];
}

/**
 * Every tender the desk took while the drawer was open, not only cash: what was taken and
 * given back by each method (with how many payments), its net, and the net of them all.
 * A method not used in the shift shows its zero net, so a missing card total is visibly
 * zero rather than left off.
 */
function tenderRows(report: DrawerReport): ZReportRow[] {
  const rows: ZReportRow[] = [];
  for (const t of report.tenders) {
    const label = TENDER_LABELS[t.method];
    const takenCount = t.count - t.givenBackCount;
    if (takenCount > 0) rows.push({ label: `${label} taken (${takenCount})`, amount: t.taken });
    if (t.givenBackCount > 0) {
      rows.push({ label: `${label} refunded (${t.givenBackCount})`, amount: 0 - t.givenBack });
    }
    rows.push({ label: `${label} (net)`, amount: t.net });
  }
  rows.push({ label: 'All tenders (net)', amount: report.tenders.reduce((s, t) => s + t.net, 0) });
  return rows;
}

/** The printed X report of a drawer still open (mid-shift; nothing is closed by it). */
export function buildXReportReceipt(
  report: DrawerReport,
  studio: ReceiptStudio,
  names: { readonly openedBy: string | null },
): XReportReceipt {
  if (report.kind !== 'X') {
    throw new Error(`drawer session ${report.sessionId} is closed: print its Z report`);
  }
  return {
    kind: 'x_report',
    studio,
    sessionId: report.sessionId,
    deviceId: report.deviceId,
    openedAt: report.openedAt,
    openedBy: names.openedBy,
    rows: cashRows(report),
    tenders: tenderRows(report),
    expected: report.cash.expected,
    noSales: report.cash.noSales,
  };
}

/** The printed Z report of a closed drawer. */
export function buildZReportReceipt(
  report: DrawerReport,
  studio: ReceiptStudio,
  names: { readonly openedBy: string | null; readonly closedBy: string | null },
): ZReportReceipt {
  if (report.kind !== 'Z' || report.closedAt === null || report.counted === null) {
    throw new Error(`drawer session ${report.sessionId} is still open: print an X report`);
  }
  const rows: ZReportRow[] = [
    ...cashRows(report),
    { label: 'Counted', amount: report.counted },
    { label: 'Variance', amount: report.counted - report.cash.expected },
  ];
  return {
    kind: 'z_report',
    studio,
    sessionId: report.sessionId,
    deviceId: report.deviceId,
    openedAt: report.openedAt,
    closedAt: report.closedAt,
    openedBy: names.openedBy,
    closedBy: names.closedBy,
    rows,
    tenders: tenderRows(report),
    expected: report.cash.expected,
    counted: report.counted,
    variance: report.counted - report.cash.expected,
    noSales: report.cash.noSales,
  };
}
