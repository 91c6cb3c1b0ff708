import type {
  bookingOptions,
  classRoster,
} from '../../src-shared/queries/front-desk/booking-queries';
import type {
  currentDrawer,
  drawerXReport,
} from '../../src-shared/queries/front-desk/drawer-queries';
import type { giftCardBalance } from '../../src-shared/queries/front-desk/gift-card-queries';
import type { findMembers } from '../../src-shared/queries/front-desk/member-find-queries';
import type { quoteSale } from '../../src-shared/queries/front-desk/pos-queries';
import type { memberProfile } from '../../src-shared/queries/desk-screens/member-profile-queries';
import type {
  posCatalog,
  recentOrders,
} from '../../src-shared/queries/desk-screens/pos-catalog-queries';
import type { scheduleDay } from '../../src-shared/queries/desk-screens/schedule-day-queries';
import type {
  OrderReceipt,
  XReportReceipt,
  ZReportReceipt,
} from '../../src-shared/receipts/receipt-model';
import type { QuoteLineArgs } from '../../src-shared/mutations/front-desk/sale-lines';

type ResultOf<Q> = Q extends { run(context: never, args: never): Promise<infer R> } ? R : never;

/**
 * The named reads the screens make, with the arguments they send and the results they get.
 * Results come from the shared definitions (type-only imports: nothing of the query code is
 * bundled into the renderer); arguments are written here as the screens send them, with
 * defaulted fields optional.
 */
export interface DeskQueries {
  'schedule.day': {
    args: { date: string; timeZone?: string };
    result: ResultOf<typeof scheduleDay>;
  };
  'class.roster': { args: { classId: string }; result: ResultOf<typeof classRoster> };
  'booking.options': {
    args: { memberId: string; classId: string; at: string };
    result: ResultOf<typeof bookingOptions>;
  };
  'member.find': { args: { text: string; limit?: number }; result: ResultOf<typeof findMembers> };
  'member.profile': {
    args: { memberId: string; at: string };
    result: ResultOf<typeof memberProfile>;
  };
  'pos.catalog': { args: { search?: string; limit?: number }; result: ResultOf<typeof posCatalog> };
  'pos.orders': {
    args: { receiptNumber?: string; limit?: number };
    result: ResultOf<typeof recentOrders>;
  };
  'pos.quote': {
    args: { lines: QuoteLineArgs[]; couponCode?: string };
    result: ResultOf<typeof quoteSale>;
  };
  'giftCard.balance': { args: { code: string }; result: ResultOf<typeof giftCardBalance> };
  'drawer.current': { args: { deviceId: string }; result: ResultOf<typeof currentDrawer> };
  'drawer.xReport': { args: { sessionId: string }; result: ResultOf<typeof drawerXReport> };
  'drawer.zReport': { args: { sessionId: string }; result: ResultOf<typeof drawerXReport> };
  'receipt.forOrder': { args: { orderId: string }; result: OrderReceipt };
  'receipt.forRefund': { args: { refundId: string }; result: OrderReceipt };
  'receipt.zReport': { args: { sessionId: string }; result: ZReportReceipt };
  'receipt.xReport': { args: { sessionId: string }; result: XReportReceipt };
}

export type QueryName = keyof DeskQueries;
export type QueryArgs<N extends QueryName> = DeskQueries[N]['args'];
export type QueryResult<N extends QueryName> = DeskQueries[N]['result'];
export type ScheduleDay = QueryResult<'schedule.day'>;
export type DayClass = ScheduleDay['locations'][number]['classes'][number];
export type FoundMember = QueryResult<'member.find'>[number];
export type MemberProfile = QueryResult<'member.profile'>;
export type Catalog = QueryResult<'pos.catalog'>;
export type Quote = QueryResult<'pos.quote'>;
export type BookingOptions = QueryResult<'booking.options'>;
