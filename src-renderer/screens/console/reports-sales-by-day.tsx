import { useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { ReportBarChart } from './reports-bar-chart';
import { sectionsCsv } from './reports-sections';
import { CsvDownloadButton, ReportTable } from './reports-table';
import { salesByDaySections } from './reports-trend-sections';
import type { ReportRangeChoice } from './reports-tab';

/** Sales by studio day over a range (90 days until another is chosen), a chart and its table. */
export function ReportsSalesByDay(props: {
  readonly range: ReportRangeChoice;
  readonly currency: string;
}) {
  const { range, currency } = props;
  const report = useDeskQuery('report.salesByDay', range);
  const data = report.data;
  const sections = data ? salesByDaySections(data) : [];
  return (
    <section className="card" aria-label="Sales by day">
      <h3>Sales by day</h3>
      <ErrorNote error={report.error} />
      {data && (
        <>
          <p className="hint">
            Sales completed each studio day from {data.from} to {data.to} ({data.timeZone}); refunds
            and voids on the day they were given; net = sales − refunds − voids. From this desk’s
            copy: sync first for every desk’s sales.
          </p>
          <ReportBarChart
            title="Sales by day"
            bars={data.days.map((d) => ({ label: d.date.slice(5), value: d.sales }))}
            money
            currency={currency}
            tableName="Sales by day"
          />
        </>
      )}
      {sections.map((section) => (
        <ReportTable key={section.title} section={section} currency={currency} />
      ))}
      <CsvDownloadButton
        name="sales-by-day"
        days={data}
        csv={() => sectionsCsv(sections, currency)}
      />
    </section>
  );
}
