// Walk-in retail at the desk: a few products, now and then a gift card sold or reloaded.
import { spendableCard, type CommerceState, type GiftCardState } from './commerce-state';
import { DEMO_RATES } from './demo-scale';
import { DAY_MS, iso } from './demo-time';
import { joinedBy, type LocationPlan, type MemberPlan } from './plan-people';
import type { SaleLine, SaleSetting } from './sell-order';

const GIFT_CARD_AMOUNTS = [2500, 5000, 5000, 7500, 10_000, 15_000];
/** Gift card codes avoid letters and digits that read alike (0/O, 1/I). */
const CODE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A member of the location who had joined by `atMs`, or null. */
export function memberAt(
  state: CommerceState,
  location: LocationPlan,
  atMs: number,
): MemberPlan | null {
  const joined = joinedBy(state.people, location.index, atMs);
  if (joined === 0) return null;
  const pool = state.people.membersByLocation[location.index] ?? [];
  return state.people.members[pool[state.random.int(0, joined - 1)] ?? -1] ?? null;
}

function newGiftCard(state: CommerceState, setting: SaleSetting, amount: number) {
  const { ctx, random } = state;
  let code = '';
  while (code === '' || state.giftCardCodes.has(code)) {
    const letter = () => CODE_LETTERS.charAt(random.int(0, CODE_LETTERS.length - 1));
    const part = () => `${letter()}${letter()}${letter()}${letter()}`;
    code = `GC-${part()}-${part()}`;
  }
  state.giftCardCodes.add(code);
  const card: GiftCardState = {
    index: state.giftCards.length,
    id: state.ids.giftCards.next(setting.atMs),
    createdMs: setting.atMs,
    balance: 0,
  };
  state.giftCards.push(card);
  const lostMs = random.chance(0.03) ? setting.atMs + 3 * DAY_MS : null;
  const lost = lostMs !== null && lostMs <= ctx.nowMs;
  const recipient = random.chance(0.4) ? memberAt(state, setting.location, setting.atMs) : null;
  state.buffer.add('gift_cards', {
    id: card.id,
    tenant_id: ctx.tenantId,
    code,
    initial_balance: amount,
    current_balance: state.knownBalances?.[card.index] ?? 0,
    buyer_member_id: setting.member?.id ?? null,
    recipient_member_id: recipient?.id ?? null,
    status: lost ? 'disabled' : 'active',
    expires_at: random.chance(0.2) ? iso(setting.atMs + 5 * 365 * DAY_MS) : null,
    created_at: iso(setting.atMs),
  });
  return { card, lostMs: lost ? lostMs : null };
}

interface NewCard {
  readonly card: GiftCardState;
  /** When a lost card was disabled and emptied; null for cards in use. */
  readonly lostMs: number | null;
}

export function retailLines(state: CommerceState, setting: SaleSetting): [SaleLine[], NewCard[]] {
  const { random, catalog } = state;
  const lines: SaleLine[] = [];
  const newCards: NewCard[] = [];
  const giftCardOnly = random.chance(DEMO_RATES.giftCardLine / 2);
  const count = giftCardOnly
    ? 0
    : random.weighted([
        [1, 65],
        [2, 25],
        [3, 10],
      ] as const);
  const chosen = new Set<number>();
  for (let i = 0; i < count; i++) {
    const product = random.weighted(catalog.products.map((p) => [p, p.spec.popularity] as const));
    if (chosen.has(product.index)) continue;
    chosen.add(product.index);
    const quantity =
      product.spec.price < 1000
        ? random.weighted([
            [1, 80],
            [2, 15],
            [3, 5],
          ] as const)
        : 1;
    lines.push({
      kind: 'product',
      description: product.spec.name,
      quantity,
      unitPrice: product.spec.price,
      productIndex: product.index,
    });
  }
  const existing = random.chance(0.01) ? spendableCard(state, setting.atMs) : undefined;
  if (giftCardOnly || existing || random.chance(DEMO_RATES.giftCardLine / 2)) {
    const amount = random.pick(GIFT_CARD_AMOUNTS);
    const fresh = existing ? undefined : newGiftCard(state, setting, amount);
    if (fresh) newCards.push(fresh);
    const giftCard = existing ?? fresh?.card;
    lines.push({
      kind: 'gift_card',
      description: existing ? 'Gift card reload' : 'Gift card',
      quantity: 1,
      unitPrice: amount,
      giftCard,
      giftCardKind: existing ? 'reload' : 'issue',
    });
  }
  return [lines, newCards];
}

/** Cards sold in this sale become spendable; a lost one is emptied and disabled. */
export function settleNewCards(
  state: CommerceState,
  cards: readonly NewCard[],
  setting: SaleSetting,
) {
  for (const { card, lostMs } of cards) {
    if (lostMs === null) {
      state.redeemable.push(card.index);
      continue;
    }
    state.buffer.add('gift_card_transactions', {
      id: state.ids.giftCardTransactions.next(lostMs),
      tenant_id: state.ctx.tenantId,
      gift_card_id: card.id,
      amount: -card.balance,
      type: 'adjustment',
      order_id: null,
      staff_id: setting.location.manager.id,
      device_id: null,
      created_at: iso(lostMs),
    });
    card.balance = 0;
  }
}
