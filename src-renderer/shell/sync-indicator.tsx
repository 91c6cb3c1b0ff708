import type { SyncStatusView } from '../../src-shared/bridge/desk-methods';
import { formatTime } from '../desk/money';

/**
 * Always on screen: online or offline, how many changes made here the server has not
 * acknowledged yet, and when the desk last synced. Driven by the desk's `sync` events.
 */
export function SyncIndicator(props: {
  readonly status: SyncStatusView | null;
  readonly onOpen?: () => void;
}) {
  const { status } = props;
  if (!status) {
    return (
      <div className="sync-indicator" role="status" aria-label="Sync status">
        Sync status loading…
      </div>
    );
  }
  const state = status.online ? 'Online' : 'Offline';
  return (
    <div
      className={`sync-indicator ${status.online ? 'online' : 'offline'}`}
      role="status"
      aria-label="Sync status"
    >
      <span className="sync-dot" aria-hidden="true" />
      <span>{state}</span>
      <output
        className={status.pending > 0 ? 'pending' : ''}
        aria-label={`Not yet synced: ${status.pending}`}
        title="Changes made here the server has not acknowledged yet"
      >
        {status.pending} not yet synced
      </output>
      <span>Last sync {formatTime(status.lastSyncAt)}</span>
      {status.problems.length > 0 && (
        <button type="button" className="link" onClick={props.onOpen}>
          {status.problems.length} refused
        </button>
      )}
      {status.driftProblems.length > 0 && (
        <button
          type="button"
          className="link"
          onClick={props.onOpen}
          title="Rows only this desk holds: the server never recorded them"
        >
          {status.driftProblems.length} only on this desk
        </button>
      )}
    </div>
  );
}
