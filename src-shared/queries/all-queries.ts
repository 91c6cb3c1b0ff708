import { frontDeskQueries } from './front-desk/front-desk-queries';
import { memberNotes } from './member-queries';
import type { QueryDefinition } from './query-definition';

/** Every named read the desk offers. */
export const allQueries: readonly QueryDefinition[] = [memberNotes, ...frontDeskQueries];

export const queryRegistry: ReadonlyMap<string, QueryDefinition> = new Map(
  allQueries.map((q) => [q.name, q]),
);
