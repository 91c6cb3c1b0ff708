import { useState } from 'react';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { ReportsDayClose } from './reports-day-close';
import { ReportsLiabilities } from './reports-liabilities';
import './reports-tab.css';

export interface ReportRangeChoice {
  readonly from?: string;
  readonly to?: string;
  readonly locationId?: string;
}

/**
 * The studio's Reports tab (issue 19), for owners and managers: the day close across every
 * desk for a range of studio days (today until another is chosen) and a location, and what
 * the studio owes its members. Figures come from this desk's synced copy.
 */
export function ReportsTab() {
  const desk = useDesk();
  const [range, setRange] = useState<ReportRangeChoice>({});
  const settings = useDeskQuery('studio.settings', {});
  const locations = useDeskQuery('studio.locations', {});
  if (!desk.hasRole('owner', 'manager')) {
    return <p className="hint">Reports are for the studio’s owners and managers.</p>;
  }
  const currency = settings.data?.currency ?? 'USD';
  return (
    <div className="reports">
      <ErrorNote error={settings.error ?? locations.error} />
      <ReportsDayClose
        range={range}
        currency={currency}
        locations={(locations.data ?? []).map((l) => ({ id: l.locationId, name: l.name }))}
        onRange={setRange}
      />
      <ReportsLiabilities currency={currency} />
    </div>
  );
}
