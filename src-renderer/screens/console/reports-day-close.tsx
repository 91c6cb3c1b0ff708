import { useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { dayCloseSections, sectionsCsv } from './reports-sections';
import { downloadCsv, ReportTable } from './reports-table';
import type { ReportRangeChoice } from './reports-tab';

/** The day close of a range of studio days across every desk, with its CSV. */
export function ReportsDayClose(props: {
  readonly range: ReportRangeChoice;
  readonly currency: string;
  readonly locations: readonly { readonly id: string; readonly name: string }[];
  readonly onRange: (range: ReportRangeChoice) => void;
}) {
  const { range, currency, locations, onRange } = props;
  const report = useDeskQuery('report.dayClose', range);
  const data = report.data;
  // Until a day is chosen the query picks today in the studio's zone, and says which.
  const from = range.from ?? data?.from ?? '';
  const to = range.to ?? data?.to ?? '';
  const sections = data ? dayCloseSections(data) : [];

  return (
    <section className="card" aria-label="Day close">
      <h3>Day close</h3>
      <div className="row report-range">
        <label className="field">
          From
          <input
            type="date"
            value={from}
            onChange={(e) => {
              const next = e.target.value;
              if (next) onRange({ ...range, from: next, to: to && to >= next ? to : next });
            }}
          />
        </label>
        <label className="field">
          To
          <input
            type="date"
            value={to}
            min={from || undefined}
            onChange={(e) => {
              const next = e.target.value;
              if (next) onRange({ ...range, from: from && from <= next ? from : next, to: next });
            }}
          />
        </label>
        <label className="field">
          Location
          <select
            value={range.locationId ?? ''}
            onChange={(e) => {
              const chosen = e.target.value;
              onRange(
                chosen
                  ? { ...range, locationId: chosen }
                  : {
                      ...(range.from === undefined ? {} : { from: range.from }),
                      ...(range.to === undefined ? {} : { to: range.to }),
                    },
              );
            }}
          >
            <option value="">All locations</option>
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={!data}
          onClick={() => {
            if (data) {
              downloadCsv(
                `day-close-${data.from}-to-${data.to}.csv`,
                sectionsCsv(sections, currency),
              );
            }
          }}
        >
          Download CSV
        </button>
      </div>
      <ErrorNote error={report.error} />
      {data && (
        <p className="hint">
          Sales completed from {data.from} to {data.to} in the studio’s time ({data.timeZone});
          refunds and voids on the day they were given. From this desk’s copy: sync first for every
          desk’s sales.
        </p>
      )}
      {sections.map((section) => (
        <ReportTable key={section.title} section={section} currency={currency} />
      ))}
    </section>
  );
}
