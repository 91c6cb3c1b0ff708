import { useState, type ReactNode } from 'react';
import { addDays } from '../../../src-shared/time/zoned-wall-clock';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { useStudioTime } from '../../desk/use-studio-time';
import { ErrorNote } from '../../shell/error-note';
import { ReportsAttendance } from './reports-attendance';
import { ReportsCardPayouts } from './reports-card-payouts';
import { ReportsDayClose } from './reports-day-close';
import { ReportsLiabilities } from './reports-liabilities';
import { ReportsMembers } from './reports-members';
import { ReportRangePicker } from './reports-range-picker';
import { ReportsSalesByDay } from './reports-sales-by-day';
import './reports-tab.css';

export interface ReportRangeChoice {
  readonly from?: string;
  readonly to?: string;
  readonly locationId?: string;
}

const SECTIONS = [
  ['dayClose', 'Day close'],
  ['salesByDay', 'Sales by day'],
  ['attendance', 'Attendance'],
  ['members', 'Members'],
  ['liabilities', 'Liabilities'],
  ['cardPayouts', 'Card payouts'],
] as const;

type SectionName = (typeof SECTIONS)[number][0];

/** Days a trend report covers until a range is chosen: the 90-day sales report. */
const TREND_DAYS = 90;

/**
 * The studio's Reports tab (issue 19), for owners and managers: one report at a time,
 * chosen with the buttons at the top (a toggle group, so the studio's own tab list stays
 * the studio's). The day close and the trend reports (sales by day, attendance, members)
 * share one range and location: the day close shows today until another is chosen, the
 * trends the last 90 days. Figures come from this desk's synced copy.
 */
export function ReportsTab() {
  const desk = useDesk();
  const [section, setSection] = useState<SectionName>('dayClose');
  const [range, setRange] = useState<ReportRangeChoice>({});
  const settings = useDeskQuery('studio.settings', {});
  const locations = useDeskQuery('studio.locations', {});
  const clock = useStudioTime();
  if (!desk.hasRole('owner', 'manager')) {
    return <p className="hint">Reports are for the studio’s owners and managers.</p>;
  }
  const currency = settings.data?.currency ?? 'USD';
  const places = (locations.data ?? []).map((l) => ({ id: l.locationId, name: l.name }));
  const today = clock.day(new Date());
  const trendRange: ReportRangeChoice = {
    ...range,
    from: range.from ?? addDays(range.to ?? today, 1 - TREND_DAYS),
    to: range.to ?? today,
  };
  const trend = (content: ReactNode) => (
    <>
      <ReportRangePicker
        range={range}
        from={trendRange.from ?? today}
        to={trendRange.to ?? today}
        today={today}
        locations={places}
        onRange={setRange}
      />
      {content}
    </>
  );
  return (
    <div className="reports">
      <div className="row report-picker" role="group" aria-label="Report">
        {SECTIONS.map(([name, label]) => (
          <button
            key={name}
            type="button"
            aria-pressed={section === name}
            onClick={() => {
              setSection(name);
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <ErrorNote error={settings.error ?? locations.error} />
      {section === 'dayClose' && (
        <ReportsDayClose range={range} currency={currency} locations={places} onRange={setRange} />
      )}
      {section === 'salesByDay' &&
        trend(<ReportsSalesByDay range={trendRange} currency={currency} />)}
      {section === 'attendance' &&
        trend(<ReportsAttendance range={trendRange} currency={currency} />)}
      {section === 'members' && trend(<ReportsMembers range={trendRange} currency={currency} />)}
      {section === 'liabilities' && <ReportsLiabilities currency={currency} />}
      {section === 'cardPayouts' && <ReportsCardPayouts currency={currency} />}
    </div>
  );
}
