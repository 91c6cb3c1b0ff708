import { useState } from 'react';
import { useDeskQuery } from '../../desk/desk-context';
import { useStudioTime } from '../../desk/use-studio-time';
import { ErrorNote } from '../../shell/error-note';
import {
  cardPayoutsCsvSections,
  payoutSections,
  unmatchedSentences,
} from './card-payouts-sections';
import { sectionsCsv } from './reports-sections';
import { ReportRangePicker } from './reports-range-picker';
import { CsvDownloadButton, ReportTable } from './reports-table';

interface DayRange {
  readonly from?: string;
  readonly to?: string;
}

/**
 * Card reconciliation (issue 19): Stripe's payouts of a range of studio days against the
 * desks' card sales, and what matches nothing either way. Stripe's side is what the
 * server's payout job last copied; the desks' side this desk's synced copy.
 */
export function ReportsCardPayouts(props: { readonly currency: string }) {
  const { currency } = props;
  const [range, setRange] = useState<DayRange>({});
  const report = useDeskQuery('report.cardReconciliation', range);
  const clock = useStudioTime();
  const data = report.data;
  // Until a day is chosen the query picks today in the studio's zone, and says which.
  const from = range.from ?? data?.from ?? '';
  const to = range.to ?? data?.to ?? '';
  const zone = data?.timeZone ?? clock.timeZone;
  const sections = data ? payoutSections(data, zone) : [];
  const unmatched = data ? unmatchedSentences(data, currency, zone) : { stripe: [], desks: [] };

  return (
    <section className="card" aria-label="Card payouts">
      <h3>Card payouts</h3>
      <ReportRangePicker range={range} from={from} to={to} onRange={setRange}>
        <CsvDownloadButton
          name="card-payouts"
          days={data}
          csv={() =>
            data ? sectionsCsv(cardPayoutsCsvSections(data, currency, zone), currency) : ''
          }
        />
      </ReportRangePicker>
      <ErrorNote error={report.error} />
      {data && (
        <p className="hint">
          Payouts arriving from {data.from} to {data.to} in the studio’s time ({data.timeZone}), as
          the server last read them from Stripe; card sales from this desk’s copy.
        </p>
      )}
      {sections.map((section) => (
        <ReportTable key={section.title} section={section} currency={currency} />
      ))}
      {data && (
        <>
          <h4>Stripe money no desk sale matches</h4>
          <UnmatchedList label="Unmatched on Stripe" sentences={unmatched.stripe} />
          <h4>Desk card sales not paid out</h4>
          <UnmatchedList label="Unmatched at the desks" sentences={unmatched.desks} />
        </>
      )}
    </section>
  );
}

function UnmatchedList(props: { readonly label: string; readonly sentences: readonly string[] }) {
  if (props.sentences.length === 0) return <p className="muted">None in this range.</p>;
  return (
    <ul aria-label={props.label}>
      {props.sentences.map((sentence, index) => (
        // Two sales of one amount on one day read the same: the place tells them apart.
        <li key={`${String(index)}:${sentence}`}>{sentence}</li>
      ))}
    </ul>
  );
}
