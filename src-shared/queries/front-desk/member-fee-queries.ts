import { z } from 'zod';
import { defineQuery } from '../query-definition';

/**
 * The fees a member owes (R15), oldest first, each with the class it came from, for the
 * member's page and the POS (a `fee` line pays one).
 */
export const owedMemberFees = defineQuery({
  name: 'memberFee.owed',
  description:
    'The late-cancel and no-show fees a member owes, with the class each came from, oldest first.',
  args: z.strictObject({ memberId: z.uuid() }),
  async run({ db, tenantId }, { memberId }) {
    const rows = await db
      .selectFrom('member_fees')
      .leftJoin('bookings', (join) =>
        join
          .onRef('bookings.id', '=', 'member_fees.booking_id')
          .onRef('bookings.tenant_id', '=', 'member_fees.tenant_id'),
      )
      .leftJoin('classes', (join) =>
        join
          .onRef('classes.id', '=', 'bookings.class_id')
          .onRef('classes.tenant_id', '=', 'bookings.tenant_id'),
      )
      .select([
        'member_fees.id',
        'member_fees.kind',
        'member_fees.amount',
        'member_fees.created_at',
        'classes.title',
        'classes.start_time',
      ])
      .where('member_fees.tenant_id', '=', tenantId)
      .where('member_fees.member_id', '=', memberId)
      .where('member_fees.status', '=', 'owed')
      .orderBy('member_fees.created_at')
      .orderBy('member_fees.id')
      .execute();
    return {
      fees: rows.map((r) => ({
        feeId: r.id,
        kind: r.kind,
        amount: r.amount,
        classTitle: r.title,
        startTime: r.start_time,
        createdAt: r.created_at,
      })),
    };
  },
});

export const memberFeeQueries = [owedMemberFees] as const;
