import { z } from 'zod';
import { found } from '../../mutations/front-desk/desk-rules';
import { findGiftCardByCode } from '../../mutations/front-desk/gift-card-ledger';
import { defineQuery } from '../query-definition';

export const giftCardBalance = defineQuery({
  name: 'giftCard.balance',
  description: 'Looks a gift card up by its code (any case) and shows its balance and history.',
  args: z.strictObject({ code: z.string().trim().min(3).max(64) }),
  async run({ db, tenantId }, { code }) {
    const card = found(await findGiftCardByCode(db, tenantId, code), `gift card ${code}`);
    const entries = await db
      .selectFrom('gift_card_transactions')
      .select(['id', 'type', 'amount', 'order_id', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('gift_card_id', '=', card.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return {
      giftCardId: card.id,
      code: card.code,
      status: card.status,
      balance: card.current_balance,
      initialBalance: card.initial_balance,
      expiresAt: card.expires_at,
      entries: entries.map((e) => ({
        entryId: e.id,
        type: e.type,
        amount: e.amount,
        orderId: e.order_id,
        at: e.created_at,
      })),
    };
  },
});
