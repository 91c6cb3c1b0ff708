import { useState } from 'react';
import type { LeadHistory } from '../../../src-shared/queries/leads/lead-history';
import { useDesk } from '../../desk/desk-context';
import { studioClock } from '../../desk/studio-time';
import { useStudioTime } from '../../desk/use-studio-time';
import { ErrorNote } from '../../shell/error-note';
import { TextField } from '../../shell/text-field';
import { sourceLabel, statusLabel } from './lead-labels';

/**
 * A lead's record: contact, source, status, trial and notes, with a field to add a note.
 * Shown on the Leads screen and, for a converted member, on the member page.
 */
export function LeadHistoryView(props: { readonly lead: LeadHistory }) {
  const desk = useDesk();
  const clock = useStudioTime();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const { lead } = props;
  const trialClock = lead.trial ? studioClock(lead.trial.timeZone) : clock;
  return (
    <div className="lead-history">
      <dl>
        <dt>Status</dt>
        <dd>
          {statusLabel(lead.status)}
          {lead.lostReason ? ` (${lead.lostReason})` : ''}
        </dd>
        <dt>Phone</dt>
        <dd>{lead.phone ?? '—'}</dd>
        <dt>E-mail</dt>
        <dd>{lead.email ?? '—'}</dd>
        <dt>Source</dt>
        <dd>
          {sourceLabel(lead.source)}
          {lead.sourceDetail ? `: ${lead.sourceDetail}` : ''}
        </dd>
        <dt>Taken</dt>
        <dd>
          {clock.dateTime(lead.createdAt)}
          {lead.takenBy ? ` by ${lead.takenBy}` : ''}
        </dd>
        {lead.trial && (
          <>
            <dt>Trial class</dt>
            <dd>
              {lead.trial.title}, {trialClock.date(lead.trial.startTime)}{' '}
              {trialClock.time(lead.trial.startTime)}
              {lead.trial.classStatus === 'cancelled' ? ' (cancelled)' : ''}
            </dd>
          </>
        )}
        {lead.convertedAt && (
          <>
            <dt>Became a member</dt>
            <dd>{clock.dateTime(lead.convertedAt)}</dd>
          </>
        )}
      </dl>
      <form
        aria-label="Add a note"
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          desk.mutate('lead.addNote', { leadId: lead.leadId, note }).then(
            () => {
              setNote('');
            },
            (failure: unknown) => {
              setError(failure);
            },
          );
        }}
      >
        <TextField label="Note" autoComplete="off" value={note} onChange={setNote} />
        <button type="submit">Add note</button>
      </form>
      <ErrorNote error={error} />
      <ul aria-label="Notes">
        {lead.notes.map((n) => (
          <li key={n.noteId}>
            {n.note}{' '}
            <small>
              — {n.authorName}, {clock.dateTime(n.createdAt)}
            </small>
          </li>
        ))}
      </ul>
    </div>
  );
}
