import type { MutationDefinition } from '../mutation-definition';

/** The studio console's mutations for the studio: settings, locations and rooms, staff, and classes one at a time (issue 16). */
export const studioMutations = [] as const satisfies readonly MutationDefinition[];
