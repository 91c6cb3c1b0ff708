// Type-level: what a screen sends and reads is the shared definition's, and nothing else.
// `tsc -b` checks these assertions (tsconfig.tools.json); vitest runs them as no-ops.
// declared-once.test.ts proves the other side: calls that break a schema do not compile.
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { DeskApi } from '../../src-renderer/desk/desk-context';
import type { SaleResult, SaleTender } from '../../src-renderer/desk/operation-shapes';
import type {
  DeskOperations,
  MutationArgs,
  MutationName,
  MutationResult,
  QueryArgs,
  QueryName,
} from '../../src-shared/bridge/desk-operations';
import type { bookClass } from '../../src-shared/mutations/front-desk/booking-mutations';
import type { checkInMember } from '../../src-shared/mutations/front-desk/check-in-mutations';
import type { posVoid } from '../../src-shared/mutations/front-desk/refund-mutations';
import type { posSale } from '../../src-shared/mutations/front-desk/sale-mutations';
import type { saleTenderSchema } from '../../src-shared/mutations/front-desk/sale-tenders';
import type { bookingOptions } from '../../src-shared/queries/front-desk/booking-queries';

type Mutate<N extends MutationName> = (
  name: N,
  args: MutationArgs<N>,
) => Promise<MutationResult<N>>;

describe('operation types come from the shared definitions', () => {
  it('a mutation’s arguments are the input of its schema: defaulted fields optional', () => {
    expectTypeOf<MutationArgs<'pos.sale'>>().toEqualTypeOf<z.input<typeof posSale.args>>();
    expectTypeOf<MutationArgs<'booking.book'>>().toEqualTypeOf<z.input<typeof bookClass.args>>();
    expectTypeOf<{
      classId: string;
      memberId: string;
      paidBy: { method: 'free' };
    }>().toExtend<MutationArgs<'booking.book'>>();
    expectTypeOf<SaleTender>().toEqualTypeOf<z.input<typeof saleTenderSchema>>();
  });

  it('a mutation’s result is what its body returns, never what an effect reads', () => {
    expectTypeOf<MutationResult<'booking.checkInMember'>>().toEqualTypeOf<
      Awaited<ReturnType<typeof checkInMember.run>>
    >();
    expectTypeOf<MutationResult<'booking.checkInMember'>['paidBy']>().toEqualTypeOf<
      'booking' | 'subscription' | 'pack' | 'free'
    >();
    expectTypeOf<MutationResult<'pos.void'>>().toEqualTypeOf<
      Awaited<ReturnType<typeof posVoid.run>>
    >();
    expectTypeOf<MutationResult<'pos.void'>>().toHaveProperty('refundId').toEqualTypeOf<string>();
    expectTypeOf<SaleResult>().toEqualTypeOf<MutationResult<'giftCard.sell'>>();
  });

  it('names are the registry’s: a misspelt one is no mutation', () => {
    expectTypeOf<'booking.checkInMember'>().toExtend<MutationName>();
    expectTypeOf<'pos.sael'>().not.toExtend<MutationName>();
    expectTypeOf<'booking.options'>().toExtend<QueryName>();
    expectTypeOf<QueryArgs<'booking.options'>>().toEqualTypeOf<
      z.input<typeof bookingOptions.args>
    >();
  });

  it('the renderer’s mutate and the bridge’s are typed by the mutation named', () => {
    expectTypeOf<DeskApi['mutate']>().toExtend<Mutate<'pos.sale'>>();
    expectTypeOf<DeskApi['mutate']>().toExtend<Mutate<'booking.checkInMember'>>();
    expectTypeOf<Awaited<ReturnType<DeskOperations['mutate']>>>().toHaveProperty('seq');
  });
});
