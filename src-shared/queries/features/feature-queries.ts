import { z } from 'zod';
import { readStudioFeatures } from '../../features/feature-checks';
import { defineQuery } from '../query-definition';

/**
 * The studio's plan as this desk last synced it (R19): screens hide what is off and read it
 * again after every sync, so a feature switched on or off reaches them without a restart.
 */
export const studioFeatures = defineQuery({
  name: 'studio.features',
  description: "Which features the studio's plan includes (appointments, automations, cards)",
  args: z.strictObject({}),
  run: (context) => readStudioFeatures(context.db, context.tenantId),
});

export const featureQueries = [studioFeatures] as const;
