import { describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../src-shared/bridge/desk-methods';
import { pinAfterKey } from '../../src-renderer/shell/pin-keypad';
import { networkPrinterProblem } from '../../src-renderer/shell/printer-settings-check';
import { isFinished } from '../../src-renderer/shell/progress-bar';
import { linkState } from '../../src-renderer/shell/sync-indicator';

const status = (over: Partial<SyncStatusView>): SyncStatusView => ({
  enrolled: true,
  tenantName: 'Harbor Yoga',
  deviceName: 'Front desk',
  deviceId: null,
  online: false,
  pending: 0,
  lastSyncAt: null,
  lastError: null,
  problems: [],
  driftProblems: [],
  allSynced: true,
  ...over,
});

describe('issue 17 item 10: the top bar is green only after the server answered', () => {
  it('says Connecting before the first contact and Desk not responding when the desk died', () => {
    expect(linkState(null, true)).toBe('connecting');
    expect(linkState(status({}), true)).toBe('connecting');
    expect(linkState(status({ online: true }), true)).toBe('online');
    expect(linkState(status({ lastError: 'cannot reach the server' }), true)).toBe('offline');
    expect(linkState(status({ online: true }), false)).toBe('desk-down');
    expect(linkState(status({ enrolled: false }), true)).toBe('not-set-up');
  });
});

describe('issue 17 item 10: a finished task bar goes away', () => {
  it('counts "done" and all-of-total as finished, work in progress as not', () => {
    const repair = { type: 'progress', task: 'repair' } as const;
    expect(isFinished({ ...repair, phase: 'done', done: 0, total: 0 })).toBe(true);
    expect(isFinished({ ...repair, phase: 'members', done: 3, total: 3 })).toBe(true);
    expect(isFinished({ ...repair, phase: 'members', done: 1, total: 3 })).toBe(false);
    expect(isFinished({ ...repair, phase: 'checking', done: 0, total: 0 })).toBe(false);
  });
});

describe('issue 17 item 10: the PIN keypad', () => {
  it('adds digits up to eight, deletes the last one and clears', () => {
    let pin = '';
    for (const key of ['1', '2', '3', '4']) pin = pinAfterKey(pin, key);
    expect(pin).toBe('1234');
    expect(pinAfterKey(pin, 'back')).toBe('123');
    expect(pinAfterKey(pin, 'clear')).toBe('');
    expect(pinAfterKey('12345678', '9')).toBe('12345678');
    expect(pinAfterKey('12', 'x')).toBe('12');
  });
});

describe('issue 17 item 7: printer settings say what is wrong with the port', () => {
  it('names the field and what to type, never a schema message', () => {
    expect(networkPrinterProblem('192.168.1.50', '9100')).toBeNull();
    expect(networkPrinterProblem('192.168.1.50', '91OO')).toMatch(
      /^Port: enter a number from 1 to 65535\. .*9100/,
    );
    expect(networkPrinterProblem('192.168.1.50', '70000')).toMatch(/^Port: /);
    expect(networkPrinterProblem('192.168.1.50', '0')).toMatch(/^Port: /);
    expect(networkPrinterProblem(' ', '9100')).toMatch(/^Printer address: /);
  });
});
