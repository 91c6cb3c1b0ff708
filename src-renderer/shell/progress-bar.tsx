import type { DeskEvent } from '../../src-shared/bridge/desk-events';

type ProgressEvent = Extract<DeskEvent, { type: 'progress' }>;

const TASK_NAMES: Readonly<Record<ProgressEvent['task'], string>> = {
  initialSync: 'Initial sync',
  repair: 'Repair',
  openDemo: 'Opening the demo studio',
};

/** Long work as it goes: the phase, and done of total when the total is known. */
export function ProgressBar({ progress }: { readonly progress: ProgressEvent | null }) {
  if (!progress) return null;
  const label = `${TASK_NAMES[progress.task]}: ${progress.phase}`;
  return (
    <div className="progress">
      <label>
        {label}
        {progress.total > 0 ? ` (${progress.done} of ${progress.total})` : ''}
        <progress
          max={progress.total > 0 ? progress.total : undefined}
          value={progress.total > 0 ? progress.done : undefined}
        />
      </label>
    </div>
  );
}

export type { ProgressEvent };
