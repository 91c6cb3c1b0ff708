import type { SyncStatusView } from '../../src-shared/bridge/desk-methods';
import { formatTime } from '../desk/money';

/** How the top bar describes the link to the studio's server, and to the desk itself. */
export type LinkState = 'connecting' | 'online' | 'offline' | 'not-set-up' | 'desk-down';

const LINK_LABELS: Readonly<Record<LinkState, string>> = {
  connecting: 'Connecting…',
  online: 'Online',
  offline: 'Offline',
  'not-set-up': 'Not set up',
  'desk-down': 'Desk not responding',
};

/**
 * Green "Online" only when the server answered the last sync: never before the desk has
 * reached it since it started (no answer and no failure yet: "Connecting…"), and never when
 * the desk program itself stopped answering the screen.
 */
export function linkState(status: SyncStatusView | null, deskAnswering: boolean): LinkState {
  if (!deskAnswering) return 'desk-down';
  if (!status) return 'connecting';
  if (!status.enrolled) return 'not-set-up';
  if (status.online) return 'online';
  return status.lastError === null ? 'connecting' : 'offline';
}

/**
 * Always on screen: online or offline, how many changes made here the server has not
 * acknowledged yet, and when the desk last synced. Driven by the desk's `sync` events and
 * the screen's heartbeat. `onOpenRefused` opens the Sync screen at the refused changes;
 * without it (nobody signed in) the count is shown as text.
 */
export function SyncIndicator(props: {
  readonly status: SyncStatusView | null;
  readonly deskAnswering: boolean;
  readonly onOpenRefused?: (() => void) | undefined;
}) {
  const { status } = props;
  const state = linkState(status, props.deskAnswering);
  if (state === 'desk-down' || !status) {
    return (
      <div className={`sync-indicator ${state}`} role="status" aria-label="Sync status">
        <span className="sync-dot" aria-hidden="true" />
        <span>{LINK_LABELS[state]}</span>
        {state === 'desk-down' && (
          <span className="hint">The desk program stopped answering: restart it.</span>
        )}
      </div>
    );
  }
  const link = (text: string, title?: string) =>
    props.onOpenRefused ? (
      <button type="button" className="link" title={title} onClick={props.onOpenRefused}>
        {text}
      </button>
    ) : (
      <span title={title}>{text}</span>
    );
  return (
    <div className={`sync-indicator ${state}`} role="status" aria-label="Sync status">
      <span className="sync-dot" aria-hidden="true" />
      <span>{LINK_LABELS[state]}</span>
      <output
        className={status.pending > 0 ? 'pending' : ''}
        aria-label={`Not yet synced: ${status.pending}`}
        title="Changes made here the server has not acknowledged yet"
      >
        {status.pending} not yet synced
      </output>
      <span>Last sync {formatTime(status.lastSyncAt)}</span>
      {status.problems.length > 0 && link(`${status.problems.length} refused`)}
      {status.driftProblems.length > 0 &&
        link(
          `${status.driftProblems.length} only on this desk`,
          'Rows only this desk holds: the server never recorded them',
        )}
    </div>
  );
}
