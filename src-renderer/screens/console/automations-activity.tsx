import { useDeskQuery } from '../../desk/desk-context';
import { useStudioTime } from '../../desk/use-studio-time';
import { ErrorNote } from '../../shell/error-note';
import { channelLabel, statusLabel, triggerLabel } from './automations-labels';

// A page's worth: the full log is the server's; this is a glance at whether sends go out.
const LATEST = { limit: 20 };

/**
 * What the server's automation job sent lately, newest first (`automations.activity`, from
 * this desk's synced copy of the send log): when on the studio's clock, to whom, which
 * automation, how, and whether it went; a failed send says why.
 */
export function AutomationsActivity() {
  const activity = useDeskQuery('automations.activity', LATEST);
  const clock = useStudioTime();
  const rows = activity.data;
  return (
    <section className="card" aria-label="Recent messages">
      <h3>Recent messages</h3>
      <ErrorNote error={activity.error} />
      {rows?.length === 0 && <p className="hint">No automatic message has been sent yet.</p>}
      {rows !== undefined && rows.length > 0 && (
        <table className="console-table">
          <caption className="hint">The latest {rows.length}, newest first.</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Member</th>
              <th scope="col">Automation</th>
              <th scope="col">Channel</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.logId}>
                <td>{clock.dateTime(r.at)}</td>
                <td>
                  {r.memberName ??
                    (r.leadId === null ? 'A former member' : `${r.leadName ?? 'A lead'} (lead)`)}
                </td>
                <td>
                  {triggerLabel(r.trigger)}
                  {r.subject === null ? '' : `: “${r.subject}”`}
                </td>
                <td>{channelLabel(r.channel)}</td>
                <td className={r.status === 'failed' ? 'automation-failed' : undefined}>
                  {statusLabel(r.status)}
                  {r.status === 'failed' && r.error !== null ? `: ${r.error}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
