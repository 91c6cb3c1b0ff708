import { useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { ReportBarChart } from './reports-bar-chart';
import { sectionsCsv } from './reports-sections';
import { CsvDownloadButton, ReportTable } from './reports-table';
import { attendanceSections, hourLabel } from './reports-trend-sections';
import type { ReportRangeChoice } from './reports-tab';

/** Check-ins of a range by hour (a chart and its table), weekday, class, instructor and day. */
export function ReportsAttendance(props: {
  readonly range: ReportRangeChoice;
  readonly currency: string;
}) {
  const { range, currency } = props;
  const report = useDeskQuery('report.attendance', range);
  const data = report.data;
  const sections = data ? attendanceSections(data) : [];
  return (
    <section className="card" aria-label="Attendance">
      <h3>Attendance</h3>
      <ErrorNote error={report.error} />
      {data && (
        <>
          <p className="hint">
            {data.checkIns} check-ins by {data.members} members from {data.from} to {data.to}, each
            at the studio hour ({data.timeZone}) the member was checked in.
          </p>
          <ReportBarChart
            title="Check-ins by hour"
            bars={data.byHour.map((h) => ({ label: hourLabel(h.hour), value: h.checkIns }))}
            money={false}
            currency={currency}
            tableName="Check-ins by hour"
          />
        </>
      )}
      {sections.map((section) => (
        <ReportTable key={section.title} section={section} currency={currency} />
      ))}
      <CsvDownloadButton
        name="attendance"
        days={data}
        csv={() => sectionsCsv(sections, currency)}
      />
    </section>
  );
}
