import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import { MutationRefusal } from '../mutation-definition';
import { found } from './desk-rules';
import { findGiftCard } from './gift-card-ledger';
import { reviewBalanceName } from './review-balance-names';
import type { CatalogLine } from './sale-lines';
import { tenantRow } from '../tenant-row';

const FEE_NAMES = { late_cancel: 'Late-cancel fee', no_show: 'No-show fee' } as const;

const minuteOf = (instant: string) => instant.slice(0, 16).replace('T', ' ');

/**
 * A fee line (R15.5): priced at the fee's amount, taxed as a service, never discounted by a
 * coupon (a fee is not a sale of something the studio offers). Sellable only while owed.
 */
export async function lookUpFee(
  db: Kysely<Database>,
  tenantId: string,
  feeId: string,
): Promise<CatalogLine> {
  const fee = await tenantRow(db, tenantId, 'member_fees', feeId, 'fee');
  const klass =
    fee.booking_id === null
      ? undefined
      : await db
          .selectFrom('bookings')
          .innerJoin('classes', (join) =>
            join
              .onRef('classes.id', '=', 'bookings.class_id')
              .onRef('classes.tenant_id', '=', 'bookings.tenant_id'),
          )
          .select(['classes.title', 'classes.start_time'])
          .where('bookings.tenant_id', '=', tenantId)
          .where('bookings.id', '=', fee.booking_id)
          .executeTakeFirst();
  const what = klass ? `: ${klass.title} ${minuteOf(klass.start_time)}` : '';
  return {
    description: `${FEE_NAMES[fee.kind]}${what}`,
    quantity: 1,
    catalogPrice: fee.amount,
    discountable: false,
    taxable: true,
    taxCategory: 'services',
    unavailable: fee.status === 'owed' ? null : `the fee is ${fee.status} already`,
    fee,
  };
}

/**
 * An appointment line (R15.5): priced at the price agreed when it was booked (the service's
 * price for appointments booked before prices were kept), taxed as a service. Sellable while
 * neither cancelled nor paid.
 */
export async function lookUpAppointment(
  db: Kysely<Database>,
  tenantId: string,
  appointmentId: string,
): Promise<CatalogLine> {
  const row = found(
    await db
      .selectFrom('appointments')
      .innerJoin('appointment_services', (join) =>
        join
          .onRef('appointment_services.id', '=', 'appointments.service_id')
          .onRef('appointment_services.tenant_id', '=', 'appointments.tenant_id'),
      )
      .selectAll('appointments')
      .select([
        'appointment_services.title as service_title',
        'appointment_services.price as service_price',
      ])
      .where('appointments.tenant_id', '=', tenantId)
      .where('appointments.id', '=', appointmentId)
      .executeTakeFirst(),
    `appointment ${appointmentId}`,
  );
  const { service_title: title, service_price: servicePrice, ...appointment } = row;
  const unavailable =
    appointment.status === 'cancelled'
      ? `the appointment is cancelled`
      : appointment.order_item_id !== null || appointment.paid_order_id !== null
        ? 'the appointment is paid already'
        : null;
  return {
    description: `Appointment: ${title} ${minuteOf(appointment.start_time)}`,
    quantity: 1,
    catalogPrice: appointment.price ?? servicePrice,
    discountable: true,
    taxable: true,
    taxCategory: 'services',
    unavailable,
    appointment,
  };
}

/**
 * A review balance line (R16.4): an open review item's amount, collected from the member it
 * names. Untaxed and never discounted: what the item names was taxed when it was sold (as
 * R16.2 says of a charge), so the line is the money owed, not a new sale. Sellable only while
 * the item is open; an item naming no member or no amount is never sellable.
 */
export async function lookUpReviewBalance(
  db: Kysely<Database>,
  tenantId: string,
  reviewItemId: string,
): Promise<CatalogLine> {
  const item = await tenantRow(db, tenantId, 'review_items', reviewItemId, 'review item');
  if (item.member_id === null) {
    throw new MutationRefusal(
      'invalid',
      `review item ${item.id} names no member to collect from: settle it in the review queue`,
    );
  }
  if (item.amount === null) {
    throw new MutationRefusal(
      'invalid',
      `review item ${item.id} names no amount to collect: settle it in the review queue`,
    );
  }
  const card =
    item.kind === 'gift_card_overdrawn' && item.subject_id !== null
      ? await findGiftCard(db, tenantId, item.subject_id)
      : undefined;
  const name = reviewBalanceName(item.kind);
  return {
    description: card ? `${name}: ${card.code}` : name,
    quantity: 1,
    catalogPrice: item.amount,
    discountable: false,
    taxable: false,
    taxCategory: 'retail',
    unavailable:
      item.status === 'open'
        ? null
        : `the review item is ${item.resolution ?? item.status} already (${item.resolved_at ?? 'earlier'})`,
    reviewItem: item,
  };
}
