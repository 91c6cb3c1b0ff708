import type { QueryDefinition } from '../query-definition';

/** The studio console's reads of the catalogue (issue 16). */
export const catalogueQueries = [] as const satisfies readonly QueryDefinition[];
