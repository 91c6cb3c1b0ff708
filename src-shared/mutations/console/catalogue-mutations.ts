import type { MutationDefinition } from '../mutation-definition';

/** The studio console's mutations for the catalogue: products and stock, pack definitions, membership plans, coupons and waiver templates (issue 16). */
export const catalogueMutations = [] as const satisfies readonly MutationDefinition[];
