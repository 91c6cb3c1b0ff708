import { useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { dayCloseSections, sectionsCsv } from './reports-sections';
import { CsvDownloadButton, ReportTable } from './reports-table';
import { ReportRangePicker } from './reports-range-picker';
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
      <ReportRangePicker range={range} from={from} to={to} locations={locations} onRange={onRange}>
        <CsvDownloadButton
          name="day-close"
          days={data}
          csv={() => sectionsCsv(sections, currency)}
        />
      </ReportRangePicker>
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
