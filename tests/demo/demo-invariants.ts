import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';

/**
 * Rules the demo data keeps, each as a query counting the rows that break it. They use
 * only SQL that SQLite and Postgres read alike, so one list checks every backend.
 */
export const DEMO_INVARIANTS: Readonly<Record<string, RawBuilder<{ n: number | string }>>> = {
  'gift card balance equals the sum of its transactions': sql`
    select count(*) as n from gift_cards g
    left join (select gift_card_id, sum(amount) as total from gift_card_transactions
               group by gift_card_id) t on t.gift_card_id = g.id
    where g.current_balance <> coalesce(t.total, 0)`,
  'gift card balances never go below zero': sql`
    select count(*) as n from gift_cards where current_balance < 0`,
  'gift cards are issued for their positive initial balance': sql`
    select count(*) as n from gift_cards g
    left join (select gift_card_id, sum(amount) as issued from gift_card_transactions
               where type = 'issue' group by gift_card_id) t on t.gift_card_id = g.id
    where g.initial_balance <= 0 or t.issued is null or g.initial_balance <> t.issued`,
  'redemptions are negative, issues and reloads positive': sql`
    select count(*) as n from gift_card_transactions
    where (type = 'redeem' and amount >= 0) or (type in ('issue', 'reload') and amount <= 0)`,
  'gift cards move only after they were sold': sql`
    select count(*) as n from gift_card_transactions t
    join gift_cards g on g.tenant_id = t.tenant_id and g.id = t.gift_card_id
    where t.created_at < g.created_at`,
  'pack credits left equal initial credits less the bookings paid with the pack': sql`
    select count(*) as n from purchased_packs p
    left join (select used_pack_id, count(*) as used from bookings
               where used_pack_id is not null group by used_pack_id) b on b.used_pack_id = p.id
    where p.remaining_credits <> p.initial_credits - coalesce(b.used, 0)
       or p.remaining_credits < 0`,
  'tracked product stock equals the sum of its stock movements': sql`
    select count(*) as n from products p
    left join (select product_id, sum(quantity_delta) as stock from stock_movements
               group by product_id) m on m.product_id = p.id
    where p.stock_quantity is not null and p.stock_quantity <> coalesce(m.stock, 0)`,
  'untracked products have no stock movements': sql`
    select count(*) as n from stock_movements m
    join products p on p.tenant_id = m.tenant_id and p.id = m.product_id
    where p.stock_quantity is null`,
  'order totals equal the sums of their lines': sql`
    select count(*) as n from pos_orders o
    left join (select order_id, sum(line_total) as total, sum(tax_amount) as tax,
                      sum(discount_amount) as discount, sum(quantity * unit_price) as gross
               from pos_order_items group by order_id) i on i.order_id = o.id
    where i.order_id is null
       or o.total_amount <> i.total or o.tax_amount <> i.tax
       or o.discount_amount <> i.discount or o.subtotal_amount <> i.gross
       or o.total_amount <> o.subtotal_amount - o.discount_amount + o.tax_amount`,
  'line totals are quantity times price, less discount, plus tax': sql`
    select count(*) as n from pos_order_items
    where line_total <> quantity * unit_price - discount_amount + tax_amount`,
  'completed orders are paid in full; refunded ones net to zero': sql`
    select count(*) as n from pos_orders o
    left join (select order_id, sum(amount) as paid from payments
               where status = 'succeeded' group by order_id) p on p.order_id = o.id
    where coalesce(p.paid, 0) <> case when o.status = 'refunded' then 0 else o.total_amount end`,
  'cash change is what was tendered beyond the amount': sql`
    select count(*) as n from payments
    where (method = 'cash' and amount > 0 and change_amount <> tendered_amount - amount)
       or (method <> 'cash' and (tendered_amount is not null or change_amount <> 0))`,
  'closed drawers expect the float plus their cash movements': sql`
    select count(*) as n from cash_drawer_sessions s
    left join (select session_id, sum(amount) as moved from cash_movements
               group by session_id) m on m.session_id = s.id
    where s.status = 'closed' and s.expected_amount <> s.opening_float + coalesce(m.moved, 0)`,
  'open drawers have no close': sql`
    select count(*) as n from cash_drawer_sessions
    where status = 'open' and (closed_at is not null or counted_amount is not null)`,
  'bookings start when their class starts': sql`
    select count(*) as n from bookings b
    join classes c on c.tenant_id = b.tenant_id and c.id = b.class_id
    where b.start_time <> c.start_time`,
  'payment method matches what paid': sql`
    select count(*) as n from bookings
    where (payment_method = 'subscription') <> (subscription_id is not null)
       or (payment_method = 'pack') <> (used_pack_id is not null)
       or (status in ('waitlisted', 'cancelled') and payment_method is not null)`,
  'subscription bookings use the member’s own subscription': sql`
    select count(*) as n from bookings b
    join subscriptions s on s.tenant_id = b.tenant_id and s.id = b.subscription_id
    where s.member_id <> b.member_id`,
  'pack bookings use the member’s own pack': sql`
    select count(*) as n from bookings b
    join purchased_packs p on p.tenant_id = b.tenant_id and p.id = b.used_pack_id
    where p.member_id <> b.member_id or p.created_at > b.created_at`,
  'no class holds more kept bookings than its capacity': sql`
    select count(*) as n from classes c
    join (select class_id, count(*) as kept from bookings
          where status in ('confirmed', 'no_show', 'late_cancelled') group by class_id) b
      on b.class_id = c.id
    where b.kept > c.capacity`,
  'only future classes have waitlists, in order': sql`
    select count(*) as n from bookings b
    join classes c on c.tenant_id = b.tenant_id and c.id = b.class_id
    where b.status = 'waitlisted' and (c.status <> 'scheduled' or b.waitlist_position is null)`,
  'check-ins only for confirmed bookings, cancellations only for cancelled ones': sql`
    select count(*) as n from bookings
    where (checked_in_at is not null and status <> 'confirmed')
       or ((cancelled_at is not null) <> (status in ('cancelled', 'late_cancelled')))`,
  'bookings are made before their class and after the member joined': sql`
    select count(*) as n from bookings b
    join tenant_members m on m.tenant_id = b.tenant_id and m.id = b.member_id
    where b.created_at > b.start_time or b.created_at < m.created_at`,
  'subscription periods are consistent': sql`
    select count(*) as n from subscriptions
    where current_period_start >= current_period_end or created_at > current_period_start`,
  'every member has a role and staff hold staff roles': sql`
    select count(*) as n from tenant_members m
    where not exists (select 1 from tenant_roles r where r.tenant_id = m.tenant_id and r.member_id = m.id)`,
  'barcodes are unique per tenant': sql`
    select count(*) as n from (select barcode from tenant_members
                               group by tenant_id, barcode having count(*) > 1) dup`,
  'exactly one required active waiver': sql`
    select abs(count(*) - 1) as n from waiver_templates where required = 1 and active = 1`,
  'some review items are still open': sql`
    select case when count(*) >= 2 then 0 else 1 end as n from review_items where status = 'open'`,
};

export async function countViolations(
  db: Kysely<Database>,
  rule: RawBuilder<{ n: number | string }>,
): Promise<number> {
  const result = await rule.execute(db);
  return Number(result.rows[0]?.n ?? Number.NaN);
}
