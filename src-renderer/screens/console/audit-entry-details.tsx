import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import type { StudioClock } from '../../desk/studio-time';

export type AuditEntryView = QueryResult<'audit.find'>['entries'][number];

/** One entry whole: who, what, where, its place in the chain, and the change as recorded. */
export function AuditEntryDetails(props: {
  readonly entry: AuditEntryView;
  readonly clock: StudioClock;
  readonly onClose: () => void;
}) {
  const { entry, clock } = props;
  return (
    <section className="card audit-entry" aria-label="Entry details">
      <h4>
        {entry.action} <span className="muted">{clock.dateTime(entry.at)}</span>
      </h4>
      <dl className="audit-entry-facts">
        <dt>When</dt>
        <dd>
          {clock.date(entry.at)}, {clock.time(entry.at)} <span className="muted">({entry.at})</span>
        </dd>
        <dt>Staff member</dt>
        <dd>{entry.actorName ?? entry.actorId ?? '—'}</dd>
        <dt>Desk</dt>
        <dd>{entry.deviceId ?? '—'}</dd>
        <dt>Subject</dt>
        <dd>{entry.subjectId ?? '—'}</dd>
        <dt>Chain position</dt>
        <dd>{entry.chainSeq === null ? 'before the chain' : `#${entry.chainSeq}`}</dd>
        <dt>Hash</dt>
        <dd>
          <code>{entry.hash}</code>
        </dd>
        <dt>Entry id</dt>
        <dd>
          <code>{entry.id}</code>
        </dd>
      </dl>
      <h5>The change</h5>
      <pre className="audit-entry-change">{JSON.stringify(entry.details, null, 2)}</pre>
      <button type="button" onClick={props.onClose}>
        Close
      </button>
    </section>
  );
}
