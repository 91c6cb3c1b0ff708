import { useEffect, useState } from 'react';
import type { DeskBridge } from '../../src-shared/bridge/desk-bridge';
import type { SyncStatusView } from '../../src-shared/bridge/desk-methods';

/** How often the screen asks the desk for its sync status, to notice it stopped answering. */
export const HEARTBEAT_MS = 3_000;

/**
 * Whether the desk program answers the screen. Events only say what happened; when the
 * desk process dies nothing is sent, so the screen asks (`sync.status`, a local read) every
 * few seconds: a failure means the desk is not answering, and the status it answers keeps
 * the top bar current.
 */
export function useDeskHeartbeat(
  bridge: DeskBridge,
  onStatus: (status: SyncStatusView) => void,
  intervalMs = HEARTBEAT_MS,
): boolean {
  const [answering, setAnswering] = useState(true);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const beat = async () => {
      try {
        const status = await bridge.invoke('sync.status', {});
        if (stopped) return;
        onStatus(status);
        setAnswering(true);
      } catch {
        if (stopped) return;
        setAnswering(false);
      }
      timer = setTimeout(() => void beat(), intervalMs);
    };
    timer = setTimeout(() => void beat(), intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [bridge, onStatus, intervalMs]);
  return answering;
}
