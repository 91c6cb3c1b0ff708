import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import type { ReviewKind } from './review-kinds';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which table a kind's subject id names, for the subjects the owner recognises by name. */
const SUBJECT_TABLES: Partial<Record<ReviewKind, 'gift_cards' | 'products' | 'classes'>> = {
  gift_card_overdrawn: 'gift_cards',
  stock_negative: 'products',
  class_over_capacity: 'classes',
};

interface SubjectRef {
  readonly kind: ReviewKind;
  readonly subject_id: string | null;
}

/**
 * Names of the review items' subjects (a gift card's code, a product's or class's name), by
 * id. Other subjects are shown by the item's message, which names them already. Ids are
 * checked to be UUIDs first: subject_id is free text, and Postgres refuses a malformed uuid.
 */
export async function subjectLabels(
  db: Kysely<Database>,
  tenantId: string,
  items: readonly SubjectRef[],
): Promise<Map<string, string>> {
  const wanted = {
    gift_cards: new Set<string>(),
    products: new Set<string>(),
    classes: new Set<string>(),
  };
  for (const item of items) {
    const table = SUBJECT_TABLES[item.kind];
    if (table && item.subject_id !== null && UUID.test(item.subject_id)) {
      wanted[table].add(item.subject_id);
    }
  }
  const labels = new Map<string, string>();
  if (wanted.gift_cards.size > 0) {
    const cards = await db
      .selectFrom('gift_cards')
      .select(['id', 'code'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', [...wanted.gift_cards])
      .execute();
    for (const card of cards) labels.set(card.id, `Gift card ${card.code}`);
  }
  if (wanted.products.size > 0) {
    const products = await db
      .selectFrom('products')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', [...wanted.products])
      .execute();
    for (const product of products) labels.set(product.id, product.name);
  }
  if (wanted.classes.size > 0) {
    const classes = await db
      .selectFrom('classes')
      .select(['id', 'title', 'start_time'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', [...wanted.classes])
      .execute();
    for (const klass of classes) {
      labels.set(klass.id, `${klass.title} ${klass.start_time.slice(0, 16).replace('T', ' ')} UTC`);
    }
  }
  return labels;
}
