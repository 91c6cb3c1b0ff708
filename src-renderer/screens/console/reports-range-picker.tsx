import type { ReactNode } from 'react';
import { addDays } from '../../../src-shared/time/zoned-wall-clock';
import type { ReportRangeChoice } from './reports-tab';

/** Quick ranges an owner asks for most, each ending today (studio days, inclusive). */
const PRESETS = [7, 30, 90] as const;

/**
 * The range and location chooser the reports share: From / To as studio days, a location
 * or all, and, given today, the last 7, 30 or 90 days (the trend reports). `from` and `to`
 * are what the report shows now, chosen or defaulted; `children` end the row (a download).
 */
export function ReportRangePicker(props: {
  readonly range: ReportRangeChoice;
  readonly from: string;
  readonly to: string;
  readonly today?: string;
  /** Omitted: the report is studio-wide, with no location to choose. */
  readonly locations?: readonly { readonly id: string; readonly name: string }[];
  readonly onRange: (range: ReportRangeChoice) => void;
  readonly children?: ReactNode;
}) {
  const { range, from, to, today, locations, onRange } = props;
  const location = range.locationId === undefined ? {} : { locationId: range.locationId };
  return (
    <div className="row report-range">
      <label className="field">
        From
        <input
          type="date"
          value={from}
          onChange={(e) => {
            const next = e.target.value;
            if (next) onRange({ ...location, from: next, to: to && to >= next ? to : next });
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
            if (next) onRange({ ...location, from: from && from <= next ? from : next, to: next });
          }}
        />
      </label>
      {locations && (
        <label className="field">
          Location
          <select
            value={range.locationId ?? ''}
            onChange={(e) => {
              const chosen = e.target.value;
              // Days not yet known (the report still loading) stay the report's own default.
              onRange({
                ...(from ? { from } : {}),
                ...(to ? { to } : {}),
                ...(chosen ? { locationId: chosen } : {}),
              });
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
      )}
      {today !== undefined &&
        PRESETS.map((days) => (
          <button
            key={days}
            type="button"
            onClick={() => {
              onRange({ ...location, from: addDays(today, 1 - days), to: today });
            }}
          >
            Last {days} days
          </button>
        ))}
      {props.children}
    </div>
  );
}
