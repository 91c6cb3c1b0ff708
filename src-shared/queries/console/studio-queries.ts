import type { QueryDefinition } from '../query-definition';

/** The studio console's reads of the studio's settings, locations, staff and classes (issue 16). */
export const studioQueries = [] as const satisfies readonly QueryDefinition[];
