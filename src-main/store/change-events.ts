/**
 * Tells whoever listens that the desk's data changed: a mutation committed, so the sync
 * engine can push without waiting and the screens can update their pending count. Each
 * listener is added once and removed by the function `subscribe` returns, so modules that
 * come and go (live sync, paused during a verify) never drop or replace one another.
 */
export interface ChangeEvents {
  subscribe(listener: () => void): () => void;
  /** Calls every listener; one that throws does not stop the others. */
  emit(): void;
}

export function createChangeEvents(onListenerError?: (error: unknown) => void): ChangeEvents {
  // A Set keyed by a wrapper per subscription: subscribing the same function twice gives two
  // subscriptions, and each unsubscribe removes exactly its own.
  const listeners = new Set<{ readonly listener: () => void }>();
  return {
    subscribe(listener) {
      const entry = { listener };
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    emit() {
      for (const entry of [...listeners]) {
        try {
          entry.listener();
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
  };
}
