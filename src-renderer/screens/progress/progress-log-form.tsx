import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useDesk } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { TextField } from '../../shell/text-field';
import type { MetricProgressView } from './progress-labels';

/**
 * "Log progress" on the member page (R21.2): a metric, a whole number, for a belt or level
 * its name, and a note for staff. It runs at this desk like every mutation, so it works
 * offline and reaches the server on the next sync.
 */
export function ProgressLogForm(props: {
  readonly memberId: string;
  readonly metrics: readonly MetricProgressView[];
}) {
  const desk = useDesk();
  const loggable = props.metrics.filter((m) => m.category !== 'attendance');
  const [metricId, setMetricId] = useState('');
  const [value, setValue] = useState('');
  const [label, setLabel] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosen = loggable.find((m) => m.metricId === metricId) ?? loggable[0];
  if (chosen === undefined) return null;
  const isLevel = chosen.category === 'rank';
  const whole = /^-?\d{1,9}$/.test(value.trim());

  const save = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      await desk.mutate('progress.log', {
        memberId: props.memberId,
        metricId: chosen.metricId,
        value: Number(value.trim()),
        ...(isLevel && label.trim() !== '' ? { label: label.trim() } : {}),
        ...(note.trim() === '' ? {} : { note: note.trim() }),
      });
      setDone(`${chosen.name} logged.`);
      setValue('');
      setLabel('');
      setNote('');
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form aria-label="Log progress" onSubmit={(e) => void save(e)}>
      <h4>Log progress</h4>
      <div className="row">
        <label>
          Metric
          <select
            value={chosen.metricId}
            onChange={(e) => {
              setMetricId(e.target.value);
            }}
          >
            {loggable.map((m) => (
              <option key={m.metricId} value={m.metricId}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <TextField
          label={isLevel ? 'Level number' : `Value${chosen.unit ? ` (${chosen.unit})` : ''}`}
          inputMode="numeric"
          autoComplete="off"
          value={value}
          onChange={setValue}
        />
        {isLevel && (
          <TextField
            label="Level name"
            placeholder="Blue belt"
            autoComplete="off"
            value={label}
            onChange={setLabel}
          />
        )}
        <TextField label="Progress note" autoComplete="off" value={note} onChange={setNote} />
        <button type="submit" disabled={!whole}>
          Log progress
        </button>
      </div>
      <ErrorNote error={error} />
      {done !== null && (
        <p className="result ok" role="status">
          {done}
        </p>
      )}
    </form>
  );
}
