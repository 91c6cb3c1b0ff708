import { describe, expect, it } from 'vitest';
import { BACKENDS, useSeededStudio, type Studio } from '../front-desk/front-desk-harness';
import { DAY, DESK_A, onDay, sell } from './report-studio';

interface CardReconciliation {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly payouts: readonly Record<string, unknown>[];
  readonly unmatchedTenders: readonly Record<string, unknown>[];
  readonly unmatchedCharges: readonly Record<string, unknown>[];
  readonly unmatchedPayouts: readonly Record<string, unknown>[];
}

/** A gift card sold at the desk and paid by card under `intent`. */
async function cardSale(studio: Studio, amount: number, intent: string, at: string) {
  const sold = await sell(studio, {
    lines: [{ kind: 'gift_card', amount }],
    split: (total) => [{ method: 'card', amount: total, paymentIntentId: intent }],
    at,
    deviceId: DESK_A,
  });
  const payment = await studio.db
    .selectFrom('payments')
    .select('id')
    .where('order_id', '=', sold.orderId)
    .executeTakeFirstOrThrow();
  return { paymentId: payment.id, orderId: sold.orderId };
}

/** A card sale given back to the card at the desk; its negative payment's id. */
async function cardRefund(studio: Studio, orderId: string, amount: number, intent: string) {
  await studio.run(
    'pos.refund',
    {
      orderId,
      tenders: [{ method: 'card', amount, paymentIntentId: intent }],
      reason: 'one class cancelled',
    },
    { at: onDay(8), deviceId: DESK_A, as: 'manager' },
  );
  const payment = await studio.db
    .selectFrom('payments')
    .select('id')
    .where('order_id', '=', orderId)
    .where('amount', '<', 0)
    .executeTakeFirstOrThrow();
  return payment.id;
}

/** The rows the server's payout job writes and desks receive by pull. */
async function stripeSide(
  studio: Studio,
  payouts: readonly { id: string; amount: number; arrival: string }[],
  lines: readonly {
    id: string;
    type: string;
    amount: number;
    fee: number;
    intent: string | null;
    payout: string | null;
    at: string;
    payment?: string;
  }[],
) {
  if (payouts.length > 0) {
    await studio.db
      .insertInto('card_payouts')
      .values(
        payouts.map((p) => ({
          tenant_id: studio.tenantId,
          id: p.id,
          amount: p.amount,
          currency: 'usd',
          status: 'paid' as const,
          arrival_date: p.arrival,
          created_at: onDay(1),
          updated_at: onDay(1),
        })),
      )
      .execute();
  }
  await studio.db
    .insertInto('card_balance_lines')
    .values(
      lines.map((l) => ({
        tenant_id: studio.tenantId,
        id: l.id,
        type: l.type,
        amount: l.amount,
        fee: l.fee,
        net: l.amount - l.fee,
        currency: 'usd',
        source_id:
          l.type === 'payout' ? l.payout : `${l.type === 'refund' ? 're' : 'ch'}_${l.id.slice(4)}`,
        payment_intent_id: l.intent,
        payout_id: l.payout,
        // The payout job names a refund's desk payment; a charge the report matches itself.
        payment_id: l.payment ?? null,
        created_at: l.at,
      })),
    )
    .execute();
}

describe.each(BACKENDS)('report.cardReconciliation on %s', (backend) => {
  const studio = useSeededStudio(backend);
  const report = (args: Record<string, unknown>) =>
    studio.query<CardReconciliation>('report.cardReconciliation', args);

  it('matches each payout to the card tenders it carried and lists what matches nothing either way', async () => {
    // A card sale given back whole later the same day.
    const echo = await cardSale(studio, 1000, 'pi_Echo', onDay(2));
    await cardSale(studio, 5000, 'pi_Alpha', onDay(3));
    await cardSale(studio, 2000, 'pi_Bravo', onDay(4));
    const charlie = (await cardSale(studio, 1500, 'pi_Charlie', onDay(5))).paymentId;
    const delta = (await cardSale(studio, 900, 'pi_Delta', onDay(6))).paymentId;
    const givenBack = await cardRefund(studio, echo.orderId, 1000, 'pi_Echo');
    await stripeSide(
      studio,
      [
        { id: 'po_One', amount: 6769, arrival: onDay(10) },
        // Dec 1, 23:30 in Chicago: still the studio's Dec 1.
        { id: 'po_Two', amount: 11_671, arrival: onDay(23, 30) },
        // Midnight in Chicago: Dec 2, outside the range.
        { id: 'po_Three', amount: 500, arrival: onDay(24) },
      ],
      [
        {
          id: 'txn_A',
          type: 'charge',
          amount: 5000,
          fee: 140,
          intent: 'pi_Alpha',
          payout: 'po_One',
          at: onDay(3),
        },
        {
          id: 'txn_B',
          type: 'charge',
          amount: 2000,
          fee: 59,
          intent: 'pi_Bravo',
          payout: 'po_One',
          at: onDay(4),
        },
        {
          id: 'txn_E',
          type: 'charge',
          amount: 1000,
          fee: 32,
          intent: 'pi_Echo',
          payout: 'po_One',
          at: onDay(2),
        },
        {
          id: 'txn_R',
          type: 'refund',
          amount: -1000,
          fee: 0,
          intent: 'pi_Echo',
          payout: 'po_One',
          at: onDay(8),
          payment: givenBack,
        },
        // A refund made on Stripe's Dashboard: no desk gave it.
        {
          id: 'txn_Q',
          type: 'refund',
          amount: -500,
          fee: 0,
          intent: 'pi_Bravo',
          payout: null,
          at: onDay(8, 30),
        },
        {
          id: 'txn_P1',
          type: 'payout',
          amount: -6769,
          fee: 0,
          intent: null,
          payout: 'po_One',
          at: onDay(9),
        },
        {
          id: 'txn_C',
          type: 'charge',
          amount: 1500,
          fee: 46,
          intent: 'pi_Charlie',
          payout: null,
          at: onDay(5),
        },
        {
          id: 'txn_X',
          type: 'charge',
          amount: 12_000,
          fee: 329,
          intent: 'pi_Elsewhere',
          payout: 'po_Two',
          at: onDay(7),
        },
        {
          id: 'txn_P2',
          type: 'payout',
          amount: -11_671,
          fee: 0,
          intent: null,
          payout: 'po_Two',
          at: onDay(9),
        },
      ],
    );

    const found = await report({ from: DAY, to: DAY });
    expect(found).toMatchObject({ from: DAY, to: DAY, timeZone: 'America/Chicago' });
    expect(found.payouts).toEqual([
      {
        payoutId: 'po_One',
        amount: 6769,
        currency: 'usd',
        status: 'paid',
        arrivalDate: onDay(10),
        // Three sales, and one of them given back.
        tenderCount: 4,
        tenderTotal: 7000,
        fees: 231,
        difference: 0,
      },
      {
        payoutId: 'po_Two',
        amount: 11_671,
        currency: 'usd',
        status: 'paid',
        arrivalDate: onDay(23, 30),
        tenderCount: 0,
        tenderTotal: 0,
        fees: 329,
        difference: 12_000,
      },
    ]);
    expect(found.unmatchedTenders).toEqual([
      expect.objectContaining({ paymentId: charlie, amount: 1500, reason: 'not_paid_out' }),
      expect.objectContaining({
        paymentId: delta,
        amount: 900,
        paymentIntentId: 'pi_Delta',
        reason: 'no_stripe_transaction',
      }),
    ]);
    expect(found.unmatchedCharges).toEqual([
      {
        lineId: 'txn_X',
        kind: 'charge',
        chargeId: 'ch_X',
        paymentIntentId: 'pi_Elsewhere',
        amount: 12_000,
        fee: 329,
        createdAt: onDay(7),
        payoutId: 'po_Two',
      },
      {
        lineId: 'txn_Q',
        kind: 'refund',
        chargeId: 're_Q',
        paymentIntentId: 'pi_Bravo',
        amount: -500,
        fee: 0,
        createdAt: onDay(8, 30),
        payoutId: null,
      },
    ]);
    expect(found.unmatchedPayouts).toEqual([
      { payoutId: 'po_Two', amount: 11_671, currency: 'usd', arrivalDate: onDay(23, 30) },
    ]);

    // The next studio day holds only the payout arriving at its midnight.
    const next = await report({ from: '2026-12-02' });
    expect(next.payouts.map((p) => p['payoutId'])).toEqual(['po_Three']);
    expect(next.unmatchedTenders).toEqual([]);
  });

  it('R17.3 lists a desk card refund Stripe shows no refund for, until a refund line names it', async () => {
    const sale = await cardSale(studio, 3000, 'pi_Foxtrot', onDay(2));
    const givenBack = await cardRefund(studio, sale.orderId, 3000, 'pi_Foxtrot');
    await stripeSide(
      studio,
      [],
      [
        {
          id: 'txn_F',
          type: 'charge',
          amount: 3000,
          fee: 90,
          intent: 'pi_Foxtrot',
          payout: null,
          at: onDay(2),
        },
      ],
    );

    const before = await report({ from: DAY });
    expect(before.unmatchedTenders).toEqual([
      expect.objectContaining({ paymentId: sale.paymentId, amount: 3000, reason: 'not_paid_out' }),
      {
        paymentId: givenBack,
        orderId: sale.orderId,
        amount: -3000,
        createdAt: onDay(8),
        paymentIntentId: 'pi_Foxtrot',
        reason: 'refund_not_seen',
      },
    ]);
    expect(before.unmatchedCharges).toEqual([]);

    // The payout job copies Stripe's refund and names the desk's payment on it.
    await stripeSide(
      studio,
      [],
      [
        {
          id: 'txn_G',
          type: 'refund',
          amount: -3000,
          fee: 0,
          intent: 'pi_Foxtrot',
          payout: null,
          at: onDay(8, 1),
          payment: givenBack,
        },
      ],
    );
    const after = await report({ from: DAY });
    expect(after.unmatchedTenders).toEqual([
      expect.objectContaining({ paymentId: sale.paymentId, reason: 'not_paid_out' }),
    ]);
    expect(after.unmatchedCharges).toEqual([]);

    // A refund Stripe refused moved no money: a review item says so, not this report.
    await studio.db
      .updateTable('payments')
      .set({ status: 'failed' })
      .where('id', '=', givenBack)
      .execute();
    await studio.db.deleteFrom('card_balance_lines').where('id', '=', 'txn_G').execute();
    expect((await report({ from: DAY })).unmatchedTenders).toEqual([
      expect.objectContaining({ paymentId: sale.paymentId, reason: 'not_paid_out' }),
    ]);
  });

  it('shows nothing unmatched for a studio with no card sales, and refuses a bad range', async () => {
    const empty = await report({ from: DAY, to: DAY });
    expect(empty).toMatchObject({
      payouts: [],
      unmatchedTenders: [],
      unmatchedCharges: [],
      unmatchedPayouts: [],
    });
    await expect(report({ from: '2026-12-05', to: DAY })).rejects.toThrow(/ends before it starts/);
    await expect(report({ from: DAY, locationId: studio.locationId })).rejects.toThrow(
      /locationId/,
    );
    await expect(report({ from: '2026-13-01' })).rejects.toThrow();
  });
});
