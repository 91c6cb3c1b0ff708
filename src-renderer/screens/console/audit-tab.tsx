import { useState } from 'react';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { useStudioTime } from '../../desk/use-studio-time';
import { ErrorNote } from '../../shell/error-note';
import { AuditEntryDetails, type AuditEntryView } from './audit-entry-details';
import { AuditExport } from './audit-export';
import { AuditFilters, NO_AUDIT_FILTERS, auditListArgs } from './audit-filters';
import { AuditVerify } from './audit-verify';
import './audit-tab.css';

const PAGE = 50;

/** Older pages loaded for one set of filters; a change of filters starts again. */
interface OlderPages {
  readonly key: string;
  readonly entries: readonly AuditEntryView[];
  readonly next: string | null;
}

/**
 * The studio's Audit tab (issue 19): the hash-chained log of console changes, refunds,
 * voids, overrides and drawer moves, newest first; filtered by day, area or action and staff
 * member; paged with "Older"; an entry opens whole; "Verify chain" recomputes the chain; and
 * "Export CSV" saves what the filters find.
 */
export function AuditTab() {
  const desk = useDesk();
  const clock = useStudioTime();
  const [filters, setFilters] = useState(NO_AUDIT_FILTERS);
  const [older, setOlder] = useState<OlderPages | null>(null);
  const [selected, setSelected] = useState<AuditEntryView | null>(null);
  const [olderError, setOlderError] = useState<unknown>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);

  const asked = auditListArgs(filters);
  const args = 'args' in asked ? asked.args : null;
  const key = JSON.stringify(args);
  const first = useDeskQuery('audit.find', args && { ...args, limit: PAGE });
  const ownOlder = older?.key === key ? older : null;
  const seen = new Set<string>();
  // A sync may bring new entries to the first page; an entry shows once all the same.
  const entries = [...(first.data?.entries ?? []), ...(ownOlder?.entries ?? [])].filter((e) =>
    seen.has(e.id) ? false : (seen.add(e.id), true),
  );
  const next = ownOlder ? ownOlder.next : (first.data?.next ?? null);

  const loadOlder = async () => {
    if (!args || next === null) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await desk.query('audit.find', { ...args, limit: PAGE, before: next });
      setOlder({ key, entries: [...(ownOlder?.entries ?? []), ...page.entries], next: page.next });
    } catch (failure) {
      setOlderError(failure);
    } finally {
      setLoadingOlder(false);
    }
  };

  return (
    <section className="card audit-tab" aria-label="Audit">
      <h3>Audit</h3>
      <p className="hint">
        Every audited change, newest first: who made it, at which desk, on what, and what changed.
        Days are the studio’s.
      </p>
      <AuditFilters values={filters} onChange={setFilters} />
      {'problem' in asked && (
        <p className="field-error" role="alert">
          {asked.problem}
        </p>
      )}
      <div className="row audit-actions">
        <AuditVerify clock={clock} />
        <AuditExport args={args} clock={clock} />
      </div>
      <ErrorNote error={first.error} />
      {first.data && entries.length === 0 && (
        <p className="muted">No entries match these filters.</p>
      )}
      {entries.length > 0 && (
        <table className="console-table audit-list" aria-label="Audit entries">
          <thead>
            <tr>
              <th>When</th>
              <th>Action</th>
              <th>Staff member</th>
              <th>Subject</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} aria-selected={selected?.id === entry.id}>
                <td>{clock.dateTime(entry.at)}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      setSelected(entry);
                    }}
                  >
                    {entry.action}
                  </button>
                </td>
                <td>{entry.actorName ?? '—'}</td>
                <td className="audit-subject">{entry.subjectId ?? '—'}</td>
                <td className="audit-summary">{entry.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNote error={olderError} />
      {next !== null && (
        <button type="button" disabled={loadingOlder} onClick={() => void loadOlder()}>
          {loadingOlder ? 'Loading…' : 'Older'}
        </button>
      )}
      {selected && (
        <AuditEntryDetails
          entry={selected}
          clock={clock}
          onClose={() => {
            setSelected(null);
          }}
        />
      )}
    </section>
  );
}
