import { useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { sectionsCsv } from './reports-sections';
import { CsvDownloadButton, ReportTable } from './reports-table';
import { membersSections } from './reports-trend-sections';
import type { ReportRangeChoice } from './reports-tab';

/** New, returning and lapsed members of a range, and how packs and plans were used. */
export function ReportsMembers(props: {
  readonly range: ReportRangeChoice;
  readonly currency: string;
}) {
  const { range, currency } = props;
  const report = useDeskQuery('report.members', range);
  const data = report.data;
  const sections = data ? membersSections(data) : [];
  return (
    <section className="card" aria-label="Members">
      <h3>Members</h3>
      <ErrorNote error={report.error} />
      {data && (
        <ul className="hint report-definitions">
          <li>
            New: students who joined from {data.from} to {data.to}.
          </li>
          <li>
            Returning: checked in during the range, had come before, but not in the{' '}
            {data.returningGapDays} days before {data.from}.
          </li>
          <li>
            Lapsed: checked in or held a membership in the {data.lapsedLookbackDays} days before{' '}
            {data.from}, but no check-in in the range and no membership running in it.
          </li>
          <li>
            Credits used and visits: the range’s check-ins paid by a pack or a plan. A chosen
            location applies to check-ins; joining and buying are counted studio-wide.
          </li>
        </ul>
      )}
      {sections.map((section) => (
        <ReportTable key={section.title} section={section} currency={currency} />
      ))}
      <CsvDownloadButton name="members" days={data} csv={() => sectionsCsv(sections, currency)} />
    </section>
  );
}
