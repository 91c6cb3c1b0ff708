import type { FeatureKey, StudioFeatures } from '../../src-shared/features/feature-catalogue';
import { useDeskQuery } from './desk-context';

const NO_ARGS = {};

/**
 * The studio's plan as this desk last synced it (R19): `studio.features`, read again after
 * every change and every sync that pulled, so a feature switched on or off shows or hides
 * without a restart. Null until first read.
 */
export function useStudioFeatures(): StudioFeatures | null {
  return useDeskQuery('studio.features', NO_ARGS).data ?? null;
}

/**
 * Whether a screen may offer a feature. Until the plan is read (one local read after sign-in)
 * everything is offered, as before plans: screens and shortcuts of a studio with every
 * feature never shift. Whatever is offered meanwhile the desk core still refuses (R19.2).
 */
export function offers(features: StudioFeatures | null, key: FeatureKey): boolean {
  return features === null || features[key];
}
