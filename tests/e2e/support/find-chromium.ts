import { accessSync, constants, statSync } from 'node:fs';
import { canInstallWithApt } from '../../support/debian-packages';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** The variables that name a Chromium explicitly, in the order they win. */
export const CHROMIUM_PATH_VARIABLES = ['CHROMIUM_PATH', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH'];

/**
 * What the finder may look at. Injected so the unit test needs no real browser, no root and
 * no particular operating system.
 */
export interface ChromiumLookup {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly isExecutable: (path: string) => boolean;
  /** True when this process may run apt-get itself: root, on Debian or Ubuntu. */
  readonly canInstallWithApt: boolean;
  /** Paths tried after the system ones, such as a browser Playwright downloaded. */
  readonly extraCandidates?: readonly string[];
}

export type ChromiumPlan =
  | { readonly kind: 'found'; readonly path: string }
  | { readonly kind: 'install-with-apt' }
  | { readonly kind: 'missing'; readonly message: string };

/** Where Chromium or Chrome lands when a package manager or an installer puts it there. */
export function systemChromiumPaths(
  platform: NodeJS.Platform,
  env: ChromiumLookup['env'],
): string[] {
  switch (platform) {
    case 'darwin':
      return [
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
      ];
    case 'win32':
      return [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']]
        .filter((dir): dir is string => Boolean(dir))
        .map((dir) => join(dir, 'Google', 'Chrome', 'Application', 'chrome.exe'));
    default:
      return [
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/usr/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
        '/snap/bin/chromium',
      ];
  }
}

/**
 * Which Chromium the end-to-end tests launch: an explicit variable, else the first system
 * path that holds one, else (root on Debian or Ubuntu) installing Debian's package, else a
 * message naming the one command that fixes it. A variable that names nothing usable is an
 * error of its own rather than a silent fall-through, so a typo there is never hidden.
 */
export function planChromium(lookup: ChromiumLookup): ChromiumPlan {
  for (const name of CHROMIUM_PATH_VARIABLES) {
    const path = lookup.env[name];
    if (!path) continue;
    if (lookup.isExecutable(path)) return { kind: 'found', path };
    return {
      kind: 'missing',
      message: `${name} is set to ${path}, which is not an executable file. Point it at a Chromium or Chrome executable, or unset it.`,
    };
  }
  const candidates = [
    ...systemChromiumPaths(lookup.platform, lookup.env),
    ...(lookup.extraCandidates ?? []),
  ];
  const path = candidates.find((candidate) => lookup.isExecutable(candidate));
  if (path) return { kind: 'found', path };
  if (lookup.platform === 'linux' && lookup.canInstallWithApt) return { kind: 'install-with-apt' };
  return { kind: 'missing', message: missingChromiumMessage(lookup.platform, candidates) };
}

/** The failure every end-to-end test shows when no Chromium can be had. */
export function missingChromiumMessage(
  platform: NodeJS.Platform,
  tried: readonly string[],
): string {
  const fix =
    platform === 'darwin'
      ? 'brew install --cask chromium'
      : platform === 'win32'
        ? 'install Google Chrome'
        : 'sudo apt-get install -y chromium';
  return [
    `No Chromium for the end-to-end tests. Fix: ${fix}`,
    `(or set CHROMIUM_PATH to a Chromium or Chrome executable).`,
    `Looked for ${CHROMIUM_PATH_VARIABLES.join(' and ')}, then: ${tried.join(', ')}.`,
  ].join(' ');
}

/**
 * The path to launch, or the error every end-to-end test fails with. Installing is the
 * global set-up's job (chromium-global-setup.ts), done before any test file starts; a plan
 * still asking to install here means that install failed, and its output is above.
 */
export function requireChromium(lookup: ChromiumLookup): string {
  const plan = planChromium(lookup);
  if (plan.kind === 'found') return plan.path;
  if (plan.kind === 'missing') throw new Error(plan.message);
  const tried = [
    ...systemChromiumPaths(lookup.platform, lookup.env),
    ...(lookup.extraCandidates ?? []),
  ];
  throw new Error(
    `${missingChromiumMessage(lookup.platform, tried)} Installing it with apt-get failed in this test run's set-up; its output is above.`,
  );
}

/** A regular file this process may execute; false for anything missing or unreadable. */
export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The lookup on this machine. After the system paths it tries the browser Playwright
 * downloads (`npx playwright-core install chromium`), for machines without a package manager.
 */
export function hostChromiumLookup(): ChromiumLookup {
  return {
    env: process.env,
    platform: process.platform,
    isExecutable: isExecutableFile,
    canInstallWithApt: canInstallWithApt(),
    extraCandidates: playwrightChromiumPath(),
  };
}

/** Where Playwright keeps its own Chromium; nothing where it has no build for this system. */
function playwrightChromiumPath(): string[] {
  try {
    const path = chromium.executablePath();
    return path ? [path] : [];
  } catch {
    return [];
  }
}
