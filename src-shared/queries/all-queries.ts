import { deskScreensQueries } from './desk-screens/desk-screens-queries';
import { frontDeskQueries } from './front-desk/front-desk-queries';
import { memberNotes } from './member-queries';
import type { QueryDefinition } from './query-definition';

/** Every named read the desk offers. */
export const allQueries: readonly QueryDefinition[] = [
  memberNotes,
  ...frontDeskQueries,
  ...deskScreensQueries,
];

export const queryRegistry: ReadonlyMap<string, QueryDefinition> = new Map(
  allQueries.map((q) => [q.name, q]),
);
