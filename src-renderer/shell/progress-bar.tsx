import type { DeskEvent } from '../../src-shared/bridge/desk-events';

type ProgressEvent = Extract<DeskEvent, { type: 'progress' }>;

const TASK_NAMES: Readonly<Record<ProgressEvent['task'], string>> = {
  initialSync: 'Initial sync',
  repair: 'Repair',
  openDemo: 'Opening the demo studio',
};

/** How long a finished task's bar stays, so staff see it ended, before it goes by itself. */
export const FINISHED_PROGRESS_MS = 4_000;

/** A task's last event: it says `done`, or every one of a known total is done. */
export function isFinished(progress: ProgressEvent): boolean {
  return progress.phase === 'done' || (progress.total > 0 && progress.done >= progress.total);
}

/**
 * Long work as it goes: the phase, and done of total when the total is known. With
 * `onDismiss`, staff can close the bar (a finished repair's "Repair: done").
 */
export function ProgressBar({
  progress,
  onDismiss,
}: {
  readonly progress: ProgressEvent | null;
  readonly onDismiss?: (() => void) | undefined;
}) {
  if (!progress) return null;
  const finished = isFinished(progress);
  const label = `${TASK_NAMES[progress.task]}: ${finished ? 'done' : progress.phase}`;
  return (
    <div className="progress">
      <label>
        {label}
        {progress.total > 0 && !finished ? ` (${progress.done} of ${progress.total})` : ''}
        <progress
          max={progress.total > 0 ? progress.total : 1}
          value={
            finished
              ? progress.total > 0
                ? progress.total
                : 1
              : progress.total > 0
                ? progress.done
                : undefined
          }
        />
      </label>
      {onDismiss && (
        <button
          type="button"
          className="link"
          aria-label={`Close ${TASK_NAMES[progress.task]} progress`}
          onClick={onDismiss}
        >
          Close
        </button>
      )}
    </div>
  );
}

export type { ProgressEvent };
