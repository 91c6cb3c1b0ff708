/**
 * One line of the printed table: a figure, the baseline measured in the same run, how the
 * two compare, and the target with whether this run met it.
 */
export interface FigureLine {
  readonly bench: string;
  readonly workload: string;
  readonly figure: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
  /** Undefined where the line is informative only (memory, set-up). */
  readonly met?: boolean;
}

/** What each benchmark hands back: its table lines and its raw numbers for the JSON. */
export interface BenchOutcome {
  readonly id: string;
  readonly title: string;
  readonly lines: readonly FigureLine[];
  readonly details: Readonly<Record<string, unknown>>;
  readonly notes: readonly string[];
}

const HEADERS = ['#', 'workload', 'figure', 'same-run baseline', 'ratio', 'target', 'met'];

function verdict(met: boolean | undefined): string {
  if (met === undefined) return '';
  return met ? 'yes' : 'NO';
}

/** A plain-text table, every column padded to its widest cell. */
export function formatTable(lines: readonly FigureLine[]): string {
  const rows = lines.map((l) => [
    l.bench,
    l.workload,
    l.figure,
    l.baseline,
    l.ratio,
    l.target,
    verdict(l.met),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [format(HEADERS), format(widths.map((w) => '-'.repeat(w))), ...rows.map(format)].join(
    '\n',
  );
}

export const fixed = (value: number, digits = 1) => value.toFixed(digits);
export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
export const perSecond = (value: number, unit: string) =>
  `${Math.round(value).toLocaleString('en-US')} ${unit}/s`;
export const mebibytes = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
export const times = (value: number) => `${value.toFixed(2)}×`;
