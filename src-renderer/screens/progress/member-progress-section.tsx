import { useState } from 'react';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { useStudioTime } from '../../desk/use-studio-time';
import { ErrorNote } from '../../shell/error-note';
import { ProgressLogForm } from './progress-log-form';
import { valueText, type MetricProgressView } from './progress-labels';

/**
 * The member page's Progress (issue 20, R21.4): each metric in use with its latest value,
 * a short history, the attendance milestones reached, and "Log progress". "What the member
 * sees" shows the page as the member's own link does: visible metrics, no staff notes.
 */
export function MemberProgressSection(props: { readonly memberId: string }) {
  const [studentView, setStudentView] = useState(false);
  const progress = useDeskQuery('progress.ofMember', {
    memberId: props.memberId,
    studentView,
  });
  const metrics = progress.data?.metrics ?? [];
  return (
    <section aria-label="Progress">
      <h3>Progress</h3>
      <label className="inline">
        <input
          type="checkbox"
          checked={studentView}
          onChange={(e) => {
            setStudentView(e.target.checked);
          }}
        />
        What the member sees
      </label>
      <ErrorNote error={progress.error} />
      {progress.data !== undefined && metrics.length === 0 && (
        <p>
          {studentView
            ? 'No metric is shown to students.'
            : 'No progress metrics yet: add them in Studio › Catalogue › Progress.'}
        </p>
      )}
      <ul aria-label="Progress metrics">
        {metrics.map((m) => (
          <MetricItem key={m.metricId} metric={m} staff={!studentView} />
        ))}
      </ul>
      {!studentView && <ProgressLogForm memberId={props.memberId} metrics={metrics} />}
    </section>
  );
}

function MetricItem(props: { readonly metric: MetricProgressView; readonly staff: boolean }) {
  const { metric } = props;
  const desk = useDesk();
  const clock = useStudioTime();
  const [error, setError] = useState<unknown>(null);
  const remove = async (entryId: string) => {
    setError(null);
    try {
      await desk.mutate('progress.remove', { entryId });
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <li aria-label={metric.name}>
      <strong>{metric.name}</strong>:{' '}
      {valueText(metric.latestValue, metric.unit, metric.latestLabel)}
      {metric.category === 'attendance' && (
        <small>
          {' '}
          {metric.milestonesReached.length === 0
            ? 'no milestone yet'
            : `milestones reached: ${metric.milestonesReached.join(', ')}`}
          {metric.nextMilestone === null ? '' : `; next at ${metric.nextMilestone}`}
        </small>
      )}
      {props.staff && !metric.visibleToStudents && <small> (staff only)</small>}
      {metric.history.length > 0 && (
        <ul>
          {metric.history.map((h) => (
            <li key={h.entryId}>
              {valueText(h.value, metric.unit, h.label)}{' '}
              <small>
                {clock.dateTime(h.recordedAt)}
                {h.recordedByName === null ? '' : `, ${h.recordedByName}`}
                {h.note === null ? '' : ` — ${h.note}`}
              </small>
              {props.staff && (
                <button type="button" className="link" onClick={() => void remove(h.entryId)}>
                  Remove entry
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={error} />
    </li>
  );
}
