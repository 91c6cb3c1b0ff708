import {
  DESK_HTTP,
  DeskBridgeError,
  unwrapDeskReply,
  type DeskBridge,
} from '../../src-shared/bridge/desk-bridge';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';
import type { DeskMethod, DeskMethodResults } from '../../src-shared/bridge/desk-methods';

/**
 * Browser mode's bridge: the same calls as the Electron preload, sent to the desk core on
 * loopback with the per-launch secret. One event stream is shared by every listener.
 */
export function createHttpDeskBridge(secret: string): DeskBridge {
  const listeners = new Set<(event: DeskEvent) => void>();
  let source: EventSource | undefined;

  const openStream = () => {
    const url = `${DESK_HTTP.eventsPath}?secret=${encodeURIComponent(secret)}`;
    source = new EventSource(url);
    source.onmessage = (message: MessageEvent<string>) => {
      const event = parseEvent(message.data);
      if (!event) return;
      for (const listener of listeners) listener(event);
    };
  };

  return {
    async invoke<M extends DeskMethod>(method: M, args: unknown): Promise<DeskMethodResults[M]> {
      let response: Response;
      try {
        response = await fetch(DESK_HTTP.invokePath, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [DESK_HTTP.secretHeader]: secret },
          body: JSON.stringify({ method, args }),
        });
      } catch {
        throw new DeskBridgeError(
          'desk_unreachable',
          'The desk program is not answering. Check that it is still running, then reload.',
        );
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new DeskBridgeError('malformed_reply', `The desk answered ${response.status}.`);
      }
      // The reply envelope is the contract; its value's type is the method's result.
      return unwrapDeskReply(body) as DeskMethodResults[M];
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!source) openStream();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = undefined;
        }
      };
    },
  };
}

/** Events are checked for their shape before screens see them. */
function parseEvent(data: string): DeskEvent | undefined {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null || !('type' in value)) return undefined;
    if (value.type === 'sync' && 'status' in value) return value as DeskEvent;
    if (value.type === 'progress' && 'done' in value && 'total' in value) return value as DeskEvent;
    return undefined;
  } catch {
    return undefined;
  }
}
