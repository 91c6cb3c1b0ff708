import type { MutationDefinition } from '../mutation-definition';
import { classMutations } from './class-mutations';
import { classSeriesMutations } from './class-series-mutations';
import { locationMutations } from './location-mutations';
import { updateSettings } from './settings-mutations';
import { staffMutations } from './staff-mutations';

/** The studio console's mutations for the studio: settings, locations and rooms, staff, and classes one at a time (issue 16). */
export const studioMutations = [
  updateSettings,
  ...locationMutations,
  ...staffMutations,
  ...classMutations,
  ...classSeriesMutations,
] as const satisfies readonly MutationDefinition[];
