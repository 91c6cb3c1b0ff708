import { useState } from 'react';
import { ErrorNote } from '../../shell/error-note';
import type { ClassChoices } from './class-form';
import { CheckField } from './console-fields';
import { SeriesForm } from './series-form';
import { SeriesRow } from './series-row';
import type { SeriesEntry } from './series-schedule';
import './series.css';

/**
 * Studio › Classes, "Class series" (issue 18): the studio's weekly series, each with its
 * next classes, edit by scope, cancel one, extend and end; and the "New series" form.
 */
export function SeriesSection(props: {
  readonly series: readonly SeriesEntry[] | undefined;
  readonly error: unknown;
  readonly choices: ClassChoices;
  readonly staffName: (memberId: string) => string | null;
  readonly currency: string;
  readonly deskLocationId: string | null;
}) {
  const [showEnded, setShowEnded] = useState(false);
  const [ended, setEnded] = useState<string | null>(null);
  const all = props.series ?? [];
  const shown = all.filter((s) => showEnded || s.status === 'active');
  return (
    <div className="columns series-section">
      <section className="card" aria-label="Class series">
        <h3>Class series</h3>
        <CheckField label="Show ended series" checked={showEnded} onChange={setShowEnded} />
        <ErrorNote error={props.error} />
        {ended !== null && (
          <p role="status" className="console-done">
            {ended}
          </p>
        )}
        {props.series !== undefined && shown.length === 0 && (
          <p className="hint">No class series yet: create one with “New series”.</p>
        )}
        <ul className="console-list">
          {shown.map((series) => (
            <SeriesRow
              key={series.seriesId}
              series={series}
              allSeries={all}
              choices={props.choices}
              staffName={props.staffName}
              currency={props.currency}
              onEnded={setEnded}
            />
          ))}
        </ul>
      </section>
      <div>
        {props.choices.locations.length === 0 ? (
          <p className="hint">Add a location first, in the Locations tab.</p>
        ) : (
          <SeriesForm
            // Remounted once this desk's location is known, so a new series starts there.
            key={`new-series:${props.deskLocationId ?? ''}`}
            choices={props.choices}
            deskLocationId={props.deskLocationId}
          />
        )}
      </div>
    </div>
  );
}
