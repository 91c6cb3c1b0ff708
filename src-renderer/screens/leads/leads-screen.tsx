import { useState } from 'react';
import type { LeadStatus } from '../../../src-shared/mutations/leads/lead-fields';
import { useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { TextField } from '../../shell/text-field';
import { LeadActions } from './lead-actions';
import { LeadHistoryView } from './lead-history-view';
import { leadStatuses, statusLabel } from './lead-labels';
import { NewLeadForm } from './new-lead-form';

/**
 * Leads (issue 20): take a walk-in or a caller in seconds, follow them through the pipeline
 * (new, contacted, trial booked, converted, lost), book a trial class, make them a member.
 * Everything runs on the desk's copy, offline too (PROTOCOL.md R18).
 */
export function LeadsScreen(props: { readonly onOpenMember: (memberId: string) => void }) {
  const [status, setStatus] = useState<LeadStatus | 'all'>('all');
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const list = useDeskQuery('lead.list', {
    ...(status === 'all' ? {} : { status }),
    ...(search.trim() === '' ? {} : { search: search.trim() }),
  });
  const detail = useDeskQuery('lead.detail', chosen === null ? null : { leadId: chosen });
  const lead = detail.data?.lead?.leadId === chosen ? detail.data.lead : null;

  return (
    <div className="leads columns">
      <section className="card" aria-label="Lead pipeline">
        <NewLeadForm onCaptured={setChosen} />
        <h2>Pipeline</h2>
        <div className="row">
          <TextField
            label="Find a lead"
            type="search"
            autoComplete="off"
            value={search}
            onChange={setSearch}
          />
          <label>
            Status
            <select
              value={status}
              onChange={(e) => {
                const value = leadStatuses.find((s) => s === e.target.value);
                setStatus(value ?? 'all');
              }}
            >
              <option value="all">All</option>
              {leadStatuses.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorNote error={list.error} />
        {list.data?.leads.length === 0 && <p className="hint">No lead here.</p>}
        {/* Most recently changed first; three columns fit the card at 1024 px. */}
        <table aria-label="Leads">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Contact</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.leads.map((l) => (
              <tr key={l.leadId}>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-pressed={chosen === l.leadId}
                    onClick={() => {
                      setChosen(l.leadId);
                    }}
                  >
                    {l.name || 'No name'}
                  </button>
                </td>
                <td>{l.phone ?? l.email ?? '—'}</td>
                <td>{statusLabel(l.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-label="Lead">
        <ErrorNote error={detail.error} />
        {lead === null ? (
          <p className="hint">Choose a lead, or take a new one.</p>
        ) : (
          <>
            <h2>{lead.name || 'No name'}</h2>
            <LeadActions lead={lead} onConverted={props.onOpenMember} />
            {lead.convertedMemberId !== null && (
              <button
                type="button"
                onClick={() => {
                  if (lead.convertedMemberId !== null) props.onOpenMember(lead.convertedMemberId);
                }}
              >
                Open member
              </button>
            )}
            <LeadHistoryView lead={lead} />
          </>
        )}
      </section>
    </div>
  );
}
