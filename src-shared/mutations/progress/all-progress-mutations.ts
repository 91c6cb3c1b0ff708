import { logProgress, removeProgress } from './progress-entry-mutations';
import { defineMetric, updateMetric } from './progress-metric-mutations';

/** Progress tracking (issue 20, PROTOCOL.md R21). */
export const progressMutations = [defineMetric, updateMetric, logProgress, removeProgress] as const;
