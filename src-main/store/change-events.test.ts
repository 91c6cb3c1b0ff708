import { describe, expect, it } from 'vitest';
import { createChangeEvents } from './change-events';

describe('the desk change events', () => {
  it('removes exactly the subscription unsubscribe was returned for', () => {
    const changes = createChangeEvents();
    const heard: string[] = [];
    const a = () => heard.push('a');
    const stopA = changes.subscribe(a);
    const stopB = changes.subscribe(() => heard.push('b'));
    // The same function twice is two subscriptions; each unsubscribe removes only its own.
    const stopA2 = changes.subscribe(a);
    changes.emit();
    expect(heard.sort()).toEqual(['a', 'a', 'b']);

    heard.length = 0;
    stopA2();
    stopA2(); // a second call removes nothing more
    changes.emit();
    expect(heard.sort()).toEqual(['a', 'b']);

    heard.length = 0;
    stopA();
    stopB();
    changes.emit();
    expect(heard).toEqual([]);
  });

  it('keeps listeners through many subscribe and unsubscribe cycles of another', () => {
    const changes = createChangeEvents();
    let indicator = 0;
    let live = 0;
    changes.subscribe(() => indicator++);
    for (let cycle = 0; cycle < 50; cycle++) {
      const stop = changes.subscribe(() => live++);
      changes.emit();
      stop();
    }
    changes.emit();
    expect(indicator).toBe(51);
    expect(live).toBe(50);
  });

  it('tells every listener even when one throws or unsubscribes while hearing', () => {
    const errors: unknown[] = [];
    const changes = createChangeEvents((error) => errors.push(error));
    let heard = 0;
    const stopSelf: () => void = changes.subscribe(() => {
      stopSelf();
    });
    changes.subscribe(() => {
      throw new Error('listener failed');
    });
    changes.subscribe(() => heard++);
    changes.emit();
    changes.emit();
    expect(heard).toBe(2);
    expect(errors).toHaveLength(2);
  });
});
