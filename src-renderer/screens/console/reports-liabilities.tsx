import { useDeskQuery } from '../../desk/desk-context';
import { useStudioTime } from '../../desk/use-studio-time';
import { ErrorNote } from '../../shell/error-note';
import { liabilitySections, sectionsCsv } from './reports-sections';
import { CsvDownloadButton, ReportTable } from './reports-table';

/** What the studio owes its members now: gift card value, pack credits, paid-ahead time. */
export function ReportsLiabilities(props: { readonly currency: string }) {
  const { currency } = props;
  const report = useDeskQuery('report.liabilities', {});
  const clock = useStudioTime();
  const data = report.data;
  const sections = data ? liabilitySections(data) : [];
  return (
    <section className="card" aria-label="Liabilities">
      <h3>Liabilities</h3>
      <ErrorNote error={report.error} />
      {data && (
        <p className="hint">
          As of {clock.day(new Date(data.at))} {clock.time(data.at)}. Pack credits are valued at the
          price paid per credit; memberships by the days left of their paid period.
        </p>
      )}
      {sections.map((section) => (
        <ReportTable key={section.title} section={section} currency={currency} />
      ))}
      <CsvDownloadButton
        name="liabilities"
        days={data ? { from: data.at.slice(0, 10) } : undefined}
        csv={() => sectionsCsv(sections, currency)}
      />
    </section>
  );
}
