/**
 * Names for the shapes screens pass around, each derived from an operation's one shared
 * definition (src-shared/bridge/desk-operations.ts). Nothing here restates an argument or a
 * result: a change to a definition reaches the screens through the type checker.
 */
import type {
  MutationArgs,
  MutationResult,
  QueryResult,
} from '../../src-shared/bridge/desk-operations';

export type ScheduleDay = QueryResult<'schedule.day'>;
export type DayClass = ScheduleDay['locations'][number]['classes'][number];
export type FoundMember = QueryResult<'member.find'>[number];
export type MemberProfile = QueryResult<'member.profile'>;
export type Catalog = QueryResult<'pos.catalog'>;
export type Quote = QueryResult<'pos.quote'>;
/** A tender as every sale (`pos.sale`, gift cards, packs) takes it. */
export type SaleTender = MutationArgs<'pos.sale'>['tenders'][number];
/** What every sale answers: `giftCard.sell`, `giftCard.reload` and `pack.sell` are sales. */
export type SaleResult = MutationResult<'pos.sale'>;
/** How a member may pay for a class (`booking.options`), the studio's preferred way first. */
export type BookingOptions = QueryResult<'booking.options'>;
export type BookingOption = BookingOptions['options'][number];
/** A booking's payment as `booking.book` takes it (a drop-in is a sale, never this). */
export type BookingPaidBy = MutationArgs<'booking.book'>['paidBy'];
export type RosterEntry = QueryResult<'class.roster'>['entries'][number];
/** A late-cancel or no-show fee a member owes (`memberFee.owed`). */
export type OwedFee = QueryResult<'memberFee.owed'>['fees'][number];
