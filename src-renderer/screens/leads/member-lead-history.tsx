import { useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { LeadHistoryView } from './lead-history-view';

/**
 * On the member page: the lead this member was converted from, with its notes and trial
 * (issue 20, R18.4). Nothing for a member who never was a lead.
 */
export function MemberLeadHistory(props: { readonly memberId: string }) {
  const history = useDeskQuery('lead.ofMember', { memberId: props.memberId });
  const lead = history.data?.lead ?? null;
  if (lead === null) return <ErrorNote error={history.error} />;
  return (
    <section className="card" aria-label="As a lead">
      <h3>As a lead</h3>
      <LeadHistoryView lead={lead} />
    </section>
  );
}
