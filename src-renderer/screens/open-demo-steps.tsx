import {
  OPEN_DEMO_PHASES,
  type DeskEvent,
  type OpenDemoPhase,
} from '../../src-shared/bridge/desk-events';

export type OpenDemoProgress = Extract<DeskEvent, { type: 'progress'; task: 'openDemo' }>;

/** How far opening the demo studio has come: the step under way and each step's last report. */
export interface OpenDemoState {
  readonly current: OpenDemoPhase | null;
  readonly latest: Readonly<Partial<Record<OpenDemoPhase, OpenDemoProgress>>>;
}

export const NOT_STARTED: OpenDemoState = { current: null, latest: {} };

/** Folds one report in; a report of an earlier step (none is expected) never moves back. */
export function withDemoProgress(state: OpenDemoState, event: OpenDemoProgress): OpenDemoState {
  const index = OPEN_DEMO_PHASES.indexOf(event.phase);
  const current =
    state.current !== null && OPEN_DEMO_PHASES.indexOf(state.current) > index
      ? state.current
      : event.phase;
  return { current, latest: { ...state.latest, [event.phase]: event } };
}

const count = new Intl.NumberFormat('en-US');

function stepName(phase: OpenDemoPhase, report: OpenDemoProgress | undefined): string {
  switch (phase) {
    case 'startServer':
      return 'Starting the demo server';
    case 'createStudio':
      return 'Creating the studio';
    case 'loadRows':
      return report && report.total > 0
        ? `Loading ${count.format(report.total)} rows`
        : 'Loading the sample rows';
    case 'enrol':
      return 'Enrolling this desk';
    case 'initialSync':
      return 'Initial sync';
  }
}

/** Steps that count rows say how many; the others only run or are done. */
const COUNTS_ROWS: ReadonlySet<OpenDemoPhase> = new Set(['loadRows', 'initialSync']);

/**
 * Opening the demo studio takes a while on its first run (the studio is generated, then
 * synced): every step is listed, the one under way with its progress, so the wait is
 * never a frozen button.
 */
export function OpenDemoSteps({ state }: { readonly state: OpenDemoState }) {
  // Before the first report the click has only just been made: the first step is under way.
  const currentIndex = state.current === null ? 0 : OPEN_DEMO_PHASES.indexOf(state.current);
  return (
    <ol className="steps" aria-label="Opening the demo studio">
      {OPEN_DEMO_PHASES.map((phase, index) => {
        const report = state.latest[phase];
        const name = stepName(phase, report);
        const status = index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'next';
        const measured = report !== undefined && report.total > 0 && COUNTS_ROWS.has(phase);
        return (
          <li
            key={phase}
            className={status}
            aria-current={status === 'current' ? 'step' : undefined}
          >
            <span>{name}</span>
            {status === 'done' && <span className="badge ok">done</span>}
            {status === 'current' && (
              <>
                {measured && (
                  <span>
                    {count.format(report.done)} of {count.format(report.total)}
                  </span>
                )}
                <progress
                  aria-label={name}
                  max={measured ? report.total : undefined}
                  value={measured ? report.done : undefined}
                />
              </>
            )}
          </li>
        );
      })}
    </ol>
  );
}
