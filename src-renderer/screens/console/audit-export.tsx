import { useState } from 'react';
import type { QueryArgs } from '../../../src-shared/bridge/desk-operations';
import { toCsv } from '../../../src-shared/reports/csv';
import { useDesk } from '../../desk/desk-context';
import type { StudioClock } from '../../desk/studio-time';
import { ErrorNote } from '../../shell/error-note';
import type { AuditEntryView } from './audit-entry-details';

// 200 pages of 500: far beyond a studio's years of console changes, yet a bound.
const EXPORT_PAGES = 200;

const HEADER = [
  'At (UTC)',
  'Studio time',
  'Action',
  'Staff member',
  'Staff id',
  'Desk',
  'Subject',
  'Change',
  'Chain position',
  'Entry id',
];

function csvOf(entries: readonly AuditEntryView[], clock: StudioClock): string {
  return toCsv(
    HEADER,
    entries.map((e) => [
      e.at,
      `${clock.date(e.at)} ${clock.time(e.at)}`,
      e.action,
      e.actorName,
      e.actorId,
      e.deviceId,
      e.subjectId,
      JSON.stringify(e.details),
      e.chainSeq,
      e.id,
    ]),
  );
}

/** Saves a file made in the page: a Blob behind a temporary <a download>. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the blob by the next turn; keep the memory no longer.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}

/** "Export CSV": every entry the filters find, not just the pages on screen. */
export function AuditExport(props: {
  readonly args: QueryArgs<'audit.find'> | null;
  readonly clock: StudioClock;
}) {
  const desk = useDesk();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);

  const exportCsv = async (args: QueryArgs<'audit.find'>) => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const entries: AuditEntryView[] = [];
      let before: string | null = null;
      let pages = 0;
      do {
        const page: { entries: readonly AuditEntryView[]; next: string | null } = await desk.query(
          'audit.find',
          {
            ...args,
            limit: 500,
            ...(before ? { before } : {}),
          },
        );
        entries.push(...page.entries);
        before = page.next;
        pages++;
      } while (before !== null && pages < EXPORT_PAGES);
      download(`audit-${props.clock.day(new Date())}.csv`, csvOf(entries, props.clock));
      setNote(
        `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} exported${before === null ? '' : ' (the newest; narrow the dates for the rest)'}.`,
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const { args } = props;
  return (
    <div className="audit-export">
      <button
        type="button"
        disabled={busy || args === null}
        onClick={() => args && void exportCsv(args)}
      >
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      <ErrorNote error={error} />
      {note && <span className="hint">{note}</span>}
    </div>
  );
}
