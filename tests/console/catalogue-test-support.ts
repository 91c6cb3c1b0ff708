import type { Studio } from '../front-desk/front-desk-harness';

/** The tables the catalogue mutations write, besides what sales write. */
const CATALOGUE_TABLES = [
  'products',
  'stock_movements',
  'class_pack_definitions',
  'membership_plans',
  'coupons',
  'coupon_redemptions',
  'waiver_templates',
  'review_items',
  'pos_orders',
  'audit_logs',
] as const;

/** Every row of the studio's catalogue tables: equal before and after a refusal. */
export async function catalogueSnapshot(studio: Studio): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const table of CATALOGUE_TABLES) {
    snapshot[table] = await studio.db
      .selectFrom(table)
      .selectAll()
      .where('tenant_id', '=', studio.tenantId)
      .orderBy('id')
      .execute();
  }
  return snapshot;
}

export interface ReviewRow {
  readonly kind: string;
  readonly subject_id: string | null;
  readonly amount: number | null;
  readonly details: string;
}

/** The studio's review items, oldest first. */
export function reviewItemsOf(studio: Studio): Promise<ReviewRow[]> {
  return studio.db
    .selectFrom('review_items')
    .select(['kind', 'subject_id', 'amount', 'details'])
    .where('tenant_id', '=', studio.tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The message a review item carries in its details. */
export function messageOf(item: ReviewRow | undefined): string {
  const details: unknown = JSON.parse(item?.details ?? '{}');
  return typeof details === 'object' && details !== null && 'message' in details
    ? String(details.message)
    : '';
}
