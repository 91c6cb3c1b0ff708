import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { HandlerDetails, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { resolveRendererEntry } from './renderer-entry';
import {
  denyAllPermissions,
  guardWebContents,
  type GuardedContents,
  type PermissionGate,
} from './web-contents-guard';

type OpenHandler = Parameters<WebContents['setWindowOpenHandler']>[0];

/** What Chromium reports for a `window.open(url)` from a page. */
const openedFromPage = (url: string): HandlerDetails => ({
  url,
  frameName: '',
  features: '',
  disposition: 'new-window',
  referrer: { url: 'app://desk/index.html', policy: 'strict-origin-when-cross-origin' },
});

/**
 * A stand-in for Electron's WebContents with the parts the guard uses: its events and its
 * window-open handler. The events carry an event object whose default can be prevented, as
 * Electron's do.
 */
class FakeContents extends EventEmitter implements GuardedContents {
  openHandler: OpenHandler | null = null;
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
  /** Emits `name` for `url`; true when the guard prevented it. */
  fire(name: string, url?: string): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

const entry = resolveRendererEntry({
  isPackaged: true,
  devServerUrl: undefined,
  mainDir: path.resolve('/opt/studio-desk/resources/app.asar/out/main'),
});

function guarded() {
  const contents = new FakeContents();
  const opened: string[] = [];
  guardWebContents(contents, entry, (url) => {
    opened.push(url);
    return Promise.resolve();
  });
  return { contents, opened };
}

describe('the desk window’s guard (issue 17: links out of the app)', () => {
  it('sends an https window.open to the system browser and never opens a window', () => {
    const { contents, opened } = guarded();
    const stripe = 'https://connect.stripe.com/setup/s/acct_1Kx/abc';
    expect(contents.openHandler?.(openedFromPage(stripe))).toEqual({ action: 'deny' });
    for (const bad of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:pw@example.com/',
    ]) {
      expect(contents.openHandler?.(openedFromPage(bad))).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual([stripe]);
  });

  it('stays on the app’s own pages: navigation away is stopped, https goes to the browser', () => {
    const { contents, opened } = guarded();
    expect(contents.fire('will-navigate', 'app://desk/index.html')).toBe(false);
    expect(contents.fire('will-navigate', 'https://dashboard.stripe.com/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///tmp/evil.html')).toBe(true);
    expect(contents.fire('will-redirect', 'https://elsewhere.example/')).toBe(true);
    expect(contents.fire('will-redirect', 'app://desk/index.html')).toBe(false);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(opened).toEqual(['https://dashboard.stripe.com/']);
  });

  it('keeps working when the system browser cannot be opened', async () => {
    const contents = new FakeContents();
    guardWebContents(contents, entry, () => Promise.reject(new Error('no browser')));
    expect(contents.openHandler?.(openedFromPage('https://stripe.com/'))).toEqual({
      action: 'deny',
    });
    // The refusal is swallowed: no unhandled rejection reaches the main process.
    await new Promise((done) => setTimeout(done, 10));
    expect(contents.fire('will-navigate', 'https://stripe.com/')).toBe(true);
  });

  it('denies every permission a page asks for', () => {
    const handlers: {
      request?: (contents: unknown, permission: string, answer: (granted: boolean) => void) => void;
      check?: () => boolean;
    } = {};
    const session = {
      setPermissionRequestHandler: (handler: NonNullable<typeof handlers.request>) => {
        handlers.request = handler;
      },
      setPermissionCheckHandler: (handler: NonNullable<typeof handlers.check>) => {
        handlers.check = handler;
      },
    } satisfies PermissionGate;
    denyAllPermissions(session);
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'hid', 'serial']) {
      handlers.request?.(null, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(handlers.check?.()).toBe(false);
  });
});
