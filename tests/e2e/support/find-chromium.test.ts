import { describe, expect, it } from 'vitest';
import { planChromium, requireChromium, type ChromiumLookup } from './find-chromium';

/** A machine with exactly these executables, Linux and not root unless told otherwise. */
function machine(executables: string[], overrides: Partial<ChromiumLookup> = {}): ChromiumLookup {
  const present = new Set(executables);
  return {
    env: {},
    platform: 'linux',
    isExecutable: (path) => present.has(path),
    canInstallWithApt: false,
    ...overrides,
  };
}

describe('finding a Chromium for the end-to-end tests', () => {
  it('takes CHROMIUM_PATH over every system path', () => {
    const lookup = machine(['/opt/chrome/chrome', '/usr/bin/chromium'], {
      env: { CHROMIUM_PATH: '/opt/chrome/chrome' },
    });
    expect(planChromium(lookup)).toEqual({ kind: 'found', path: '/opt/chrome/chrome' });
  });

  it('takes PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH when CHROMIUM_PATH is unset', () => {
    const lookup = machine(['/opt/pw/chrome', '/usr/bin/chromium'], {
      env: { PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: '/opt/pw/chrome' },
    });
    expect(requireChromium(lookup)).toBe('/opt/pw/chrome');
  });

  it('refuses a variable that names no executable rather than falling through', () => {
    const lookup = machine(['/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/nowhere/chrome' } });
    expect(() => requireChromium(lookup)).toThrow(
      'CHROMIUM_PATH is set to /nowhere/chrome, which is not an executable file',
    );
  });

  it('finds the first usual system path that holds one', () => {
    expect(requireChromium(machine(['/usr/bin/google-chrome-stable', '/snap/bin/chromium']))).toBe(
      '/usr/bin/google-chrome-stable',
    );
    expect(requireChromium(machine(['/usr/bin/chromium', '/usr/bin/chromium-browser']))).toBe(
      '/usr/bin/chromium',
    );
  });

  it('finds Chrome in Applications on macOS, and Playwright’s own browser last', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(requireChromium(machine([chrome], { platform: 'darwin' }))).toBe(chrome);
    const downloaded = '/home/a/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';
    expect(requireChromium(machine([downloaded], { extraCandidates: [downloaded] }))).toBe(
      downloaded,
    );
  });

  it('asks for Debian’s package only as root on Debian with nothing found', () => {
    expect(planChromium(machine([], { canInstallWithApt: true }))).toEqual({
      kind: 'install-with-apt',
    });
    expect(planChromium(machine(['/usr/bin/chromium'], { canInstallWithApt: true }))).toEqual({
      kind: 'found',
      path: '/usr/bin/chromium',
    });
    expect(planChromium(machine([], { platform: 'darwin', canInstallWithApt: true })).kind).toBe(
      'missing',
    );
  });

  it('names the one command that fixes a machine with none', () => {
    const fail = (lookup: ChromiumLookup) => () => requireChromium(lookup);
    expect(fail(machine([]))).toThrow(
      'No Chromium for the end-to-end tests. Fix: sudo apt-get install -y chromium (or set CHROMIUM_PATH',
    );
    expect(fail(machine([]))).toThrow('/usr/bin/chromium, /usr/bin/chromium-browser');
    expect(fail(machine([], { platform: 'darwin' }))).toThrow('Fix: brew install --cask chromium');
    expect(fail(machine([], { canInstallWithApt: true }))).toThrow(
      "Installing it with apt-get failed in this test run's set-up",
    );
  });
});
