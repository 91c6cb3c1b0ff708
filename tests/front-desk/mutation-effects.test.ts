import { describe, expect, it } from 'vitest';
import type { MutationResult } from '../../src-shared/bridge/desk-operations';
import { allMutations, mutationRegistry } from '../../src-shared/mutations/all-mutations';
import { findMutation } from '../../src-shared/mutations/mutation-registry';
import { BACKENDS, resultOf, useSeededStudio } from './front-desk-harness';

/** What the desk host reads from a definition for one call: the effects it declares. */
function effectsOf(name: string, args: unknown, result: unknown) {
  const definition = findMutation(mutationRegistry, name);
  const parsed = definition.args.parse(args);
  return {
    tenders: definition.effects?.takesPayment?.(parsed) ?? [],
    movesCash: definition.effects?.movesCash?.(parsed, result) ?? false,
  };
}

/**
 * Payment and cash are part of a mutation's declaration (STYLE.md "Declare an operation
 * once"): the desk host checks card tenders (R8.2) and opens the drawer from these, and keeps
 * no list of names of its own.
 */
describe('the effects a mutation declares', () => {
  it('every sale takes payment; nothing else does', () => {
    const takesPayment = allMutations
      .filter((definition) => definition.effects?.takesPayment !== undefined)
      .map((definition) => definition.name);
    expect(takesPayment).toEqual(['pos.sale', 'giftCard.sell', 'giftCard.reload', 'pack.sell']);
    const sale = {
      amount: 2500,
      tenders: [
        { method: 'cash', amount: 500, tendered: 500 },
        { method: 'card', amount: 2000, paymentIntentId: 'pi_1' },
      ],
    };
    expect(effectsOf('giftCard.sell', sale, undefined)).toEqual({
      tenders: sale.tenders,
      movesCash: true,
    });
    const byCard = { ...sale, tenders: [sale.tenders[1]] };
    expect(effectsOf('giftCard.sell', byCard, undefined).movesCash).toBe(false);
  });
});

describe.each(BACKENDS)('cash given back opens the drawer, on %s', (backend) => {
  const studio = useSeededStudio(backend);

  const sell = async (tenders: readonly object[]) =>
    resultOf<MutationResult<'pos.sale'>>(
      await studio.run('pos.sale', {
        lines: [{ kind: 'product', productId: studio.products.water, quantity: 1, unitPrice: 300 }],
        tenders,
      }),
    );

  it('a void of a sale paid partly in cash moves cash; one paid by card does not', async () => {
    await studio.run('drawer.open', { openingFloat: 1000 });
    const inCash = await sell([
      { method: 'cash', amount: 100, tendered: 100 },
      { method: 'card', amount: 200, paymentIntentId: 'pi_part' },
    ]);
    const byCard = await sell([{ method: 'card', amount: 300, paymentIntentId: 'pi_all' }]);
    for (const [sale, cash] of [
      [inCash, 100],
      [byCard, 0],
    ] as const) {
      const args = { orderId: sale.orderId, reason: 'rung up twice' };
      const voided = resultOf<MutationResult<'pos.void'>>(
        await studio.run('pos.void', args, { as: 'manager' }),
      );
      expect(voided.cashReturned).toBe(cash);
      expect(effectsOf('pos.void', args, voided)).toEqual({ tenders: [], movesCash: cash > 0 });
    }
  });
});
