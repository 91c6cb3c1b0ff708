import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import {
  AGGREGATION_OPTIONS,
  CATEGORY_OPTIONS,
  categoryLabel,
  type MetricAggregation,
  type MetricCategory,
  type MetricDefinition,
} from '../progress/progress-labels';
import { CatalogueList } from './catalogue-list';
import { CheckField, Field, FormOutcome, SelectField } from './console-fields';

/**
 * The studio's progress metrics (issue 20, R21.1): belts and levels, lifts, measurements,
 * classes attended. A metric is never deleted, only turned off; "Visible to students"
 * decides whether the member's own page shows it.
 */
export function ProgressMetricsSection() {
  const metrics = useDeskQuery('progress.metrics', {});
  return (
    <CatalogueList
      title="Progress metrics"
      rows={{ data: metrics.data?.metrics, error: metrics.error }}
      idOf={(m) => m.metricId}
      nameOf={(m) => m.name}
      isActive={(m) => m.active}
      describe={(m) => (
        <>
          {m.name} ({m.unit || 'no unit'}), {categoryLabel(m.category)}
          {m.visibleToStudents ? ', shown to students' : ', staff only'}
          {m.active ? '' : ' (off)'}
        </>
      )}
      form={(m, onClose) => <MetricForm metric={m} onClose={onClose} />}
    />
  );
}

function MetricForm(props: {
  readonly metric: MetricDefinition | null;
  readonly onClose: () => void;
}) {
  const desk = useDesk();
  const opened = props.metric;
  const [name, setName] = useState(opened?.name ?? '');
  const [unit, setUnit] = useState(opened?.unit ?? '');
  const [order, setOrder] = useState(String(opened?.displayOrder ?? 0));
  const [category, setCategory] = useState<MetricCategory>(opened?.category ?? 'rank');
  const [aggregation, setAggregation] = useState<MetricAggregation>(
    opened?.aggregation ?? 'latest',
  );
  const [visible, setVisible] = useState(opened?.visibleToStudents ?? true);
  const [active, setActive] = useState(opened?.active ?? true);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [orderError, setOrderError] = useState<string | undefined>(undefined);
  const title = opened ? `Edit metric ${opened.name}` : 'Add a metric';

  const save = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    const displayOrder = /^\d{1,5}$/.test(order.trim()) ? Number(order.trim()) : null;
    setNameError(name.trim() === '' ? 'A metric needs a name.' : undefined);
    setOrderError(displayOrder === null ? 'A whole number from 0.' : undefined);
    if (name.trim() === '' || displayOrder === null) return;
    const values = {
      name: name.trim(),
      unit: unit.trim(),
      category,
      aggregation,
      visibleToStudents: visible,
      active,
      displayOrder,
    };
    try {
      if (opened === null) {
        await desk.mutate('progress.defineMetric', values);
        setName('');
        setUnit('');
        setDone(`Metric ${values.name} added.`);
      } else {
        await desk.mutate('progress.updateMetric', { metricId: opened.metricId, ...values });
        setDone(`Metric ${values.name} saved.`);
      }
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form className="card" aria-label={title} onSubmit={(e) => void save(e)}>
      <h3>{title}</h3>
      <Field label="Name" value={name} onChange={setName} error={nameError} autoComplete="off" />
      <Field label="Unit" value={unit} onChange={setUnit} hint="kg, level, reps, classes…" />
      <SelectField
        label="Category"
        value={category}
        options={CATEGORY_OPTIONS}
        onChange={setCategory}
      />
      <SelectField
        label="Sums up as"
        value={aggregation}
        options={AGGREGATION_OPTIONS}
        onChange={setAggregation}
      />
      <Field
        label="Order"
        value={order}
        onChange={setOrder}
        error={orderError}
        inputMode="numeric"
      />
      <CheckField label="Visible to students" checked={visible} onChange={setVisible} />
      <CheckField label="In use" checked={active} onChange={setActive} />
      <FormOutcome error={error} done={done} />
      <div className="row">
        <button type="submit">{opened ? 'Save metric' : 'Add metric'}</button>
        {opened && (
          <button type="button" onClick={props.onClose}>
            Close
          </button>
        )}
      </div>
    </form>
  );
}
