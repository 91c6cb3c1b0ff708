import { describe, expect, it } from 'vitest';
import { createChangeEvents, type ChangeEvents } from '../../src-main/store/change-events';
import type { Desk } from '../../src-main/store/open-desk';
import { startLiveSync } from '../../src-main/sync/live-sync';
import { HostSync } from '../../src-main/bridge/host-sync';
import { createEnrolledDesk } from '../desk/desk-harness';

/** The desk's change events, counting the subscriptions that are live. */
function countedChanges(): ChangeEvents & { active(): number } {
  const inner = createChangeEvents();
  let active = 0;
  return {
    emit: () => {
      inner.emit();
    },
    subscribe(listener) {
      active++;
      const unsubscribe = inner.subscribe(listener);
      let done = false;
      return () => {
        if (!done) active--;
        done = true;
        unsubscribe();
      };
    },
    active: () => active,
  };
}

/** Every request fails at once, as when the server is unreachable. */
const offlineFetch: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));

describe('change subscriptions while live sync stops and starts', () => {
  it('neither leaks nor drops a listener across verify pauses, and leaves none when closed', async () => {
    const enrolled = await createEnrolledDesk();
    const changes = countedChanges();
    const desk: Desk = { ...enrolled.desk, changes };
    const events: string[] = [];
    const sync = new HostSync(desk, {
      emit: (event) => events.push(event.type),
      fetchImpl: offlineFetch,
      maxBackoffMs: 50,
    });
    try {
      expect(changes.active()).toBe(1); // the indicator
      sync.start();
      expect(changes.active()).toBe(2); // and live sync
      for (let cycle = 0; cycle < 5; cycle++) {
        // Verify stops live sync and starts it again (offline, it fails).
        await expect(sync.verify()).rejects.toThrow();
        expect(changes.active()).toBe(2);
      }
      // The indicator still hears local changes.
      events.length = 0;
      changes.emit();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events).toContain('sync');
      await sync.close();
      expect(changes.active()).toBe(0);
    } finally {
      await sync.close();
      await enrolled.dispose();
    }
  });

  it('live sync removes only its own subscription when it stops', async () => {
    const enrolled = await createEnrolledDesk();
    const changes = countedChanges();
    const desk: Desk = { ...enrolled.desk, changes };
    let heard = 0;
    const stopOther = changes.subscribe(() => heard++);
    try {
      for (let cycle = 0; cycle < 3; cycle++) {
        const live = startLiveSync(desk, createFailingTransport(), { fetchImpl: offlineFetch });
        expect(changes.active()).toBe(2);
        await live.stop();
        expect(changes.active()).toBe(1);
      }
      changes.emit();
      expect(heard).toBe(1);
    } finally {
      stopOther();
      await enrolled.dispose();
    }
  });
});

function createFailingTransport() {
  const offline = () => Promise.reject(new TypeError('offline'));
  return {
    push: offline,
    pull: offline,
    checksums: offline,
    snapshot: offline,
    rotateToken: offline,
  };
}
