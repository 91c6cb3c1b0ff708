import { perSecond, times, type FigureLine } from './bench-report';
import type { HandwrittenSaleRate } from './handwritten-sale-baseline';

/** Issue 21: our server at half the hand-written sale's rate or better. */
export const HANDWRITTEN_RATIO_TARGET = 0.5;

/**
 * B5's table line for the hand-written baseline: our server's applied mutations/s (one sale
 * each) next to the hand-written sales/s of the same run, and their ratio against 0.5.
 */
export function handwrittenBaselineLine(
  ours: { readonly mutationsPerSecond: number; readonly label: string },
  handwritten: HandwrittenSaleRate,
): FigureLine {
  const ratio = ours.mutationsPerSecond / handwritten.salesPerSecond;
  return {
    bench: 'B5',
    workload: `our push vs the same sale hand-written, ${ours.label}`,
    figure: perSecond(ours.mutationsPerSecond, 'mutations'),
    baseline: `hand-written SQL ${perSecond(handwritten.salesPerSecond, 'sales')} (${String(handwritten.connections)} connections, pipelined)`,
    ratio: `${times(ratio)} of hand-written`,
    target: `≥ ${String(HANDWRITTEN_RATIO_TARGET)}× hand-written`,
    met: ratio >= HANDWRITTEN_RATIO_TARGET,
  };
}
