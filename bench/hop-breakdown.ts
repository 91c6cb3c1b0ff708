import { fixed } from './bench-report';
import { summarize } from './bench-stats';

/**
 * B4's stages of one sale, each in milliseconds after the sale started at desk A (unset when
 * the stage did not happen, or the code measured has no hook for it), and the requests and
 * pokes each desk saw until the next sale.
 */
export interface HopStamps {
  readonly startedAt: number;
  /** The sale's local transaction committed at desk A. */
  soldAtA?: number;
  /** Desk A sent its push, and had the answer (server commit included). */
  pushSent?: number;
  pushAnswered?: number;
  /** Desk B's event stream delivered the poke. */
  pokedB?: number;
  /** Desk B's pull that carried the sale: sent and answered. */
  pullSentB?: number;
  pullAnsweredB?: number;
  /** Desk B's copy held the order (after its sync round reported). */
  visibleAtB?: number;
  pullsA?: number;
  pullsB?: number;
  pokesA?: number;
  pokesB?: number;
}

const STAGES = [
  'soldAtA',
  'pushSent',
  'pushAnswered',
  'pokedB',
  'pullSentB',
  'pullAnsweredB',
  'visibleAtB',
  'pullsA',
  'pullsB',
  'pokesA',
  'pokesB',
] as const;

/** The median of each stage over the sales that reached it. */
export function hopBreakdown(hops: readonly HopStamps[]): {
  medians: Partial<Record<(typeof STAGES)[number], number>>;
  line: string;
} {
  const medians: Partial<Record<(typeof STAGES)[number], number>> = {};
  for (const stage of STAGES) {
    const values = hops.map((h) => h[stage]).filter((v): v is number => v !== undefined);
    if (values.length > 0) medians[stage] = summarize(values).p50;
  }
  const line = STAGES.filter((stage) => medians[stage] !== undefined)
    .map((stage) => `${stage} ${fixed(medians[stage] ?? 0, 2)}`)
    .join(', ');
  return { medians, line };
}
