import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { unwrapDeskReply } from '../../../src-shared/bridge/desk-bridge';
import { startBrowserDesk, type BrowserDesk } from '../../../src-main/loopback/browser-mode';
import type { DeskHostOptions } from '../../../src-main/bridge/desk-host';
import { inProcessDemoServer } from '../../../scripts/support/in-process-demo-server';
import { ensureRendererBuilt } from '../../../scripts/support/renderer-build';
import { hostChromiumLookup, requireChromium } from './find-chromium';

const root = resolve(import.meta.dirname, '../../..');
export const SCREENSHOT_DIR = join(root, 'docs/screenshots');

/**
 * A system Chromium (find-chromium.ts), headless, with everything that phones home switched
 * off. With none, this rejects with the message naming the command that fixes it.
 */
/**
 * A stamp that makes a test's text unique, in letters only: digits in a member search also
 * match members' phone numbers (member.find), and a demo member's number matched at some
 * moments.
 */
export function letterStamp(): string {
  return Date.now()
    .toString(36)
    .toUpperCase()
    .replaceAll(/\d/g, (digit) => 'QRSTUVWXYZ'.charAt(Number(digit)));
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: requireChromium(hostChromiumLookup()),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface E2eDesk {
  readonly desk: BrowserDesk;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** A desk in browser mode on a fresh data folder in the system's temp directory. */
export async function startE2eDesk(
  options: Partial<Omit<DeskHostOptions, 'dataDir' | 'shell'>> = {},
): Promise<E2eDesk> {
  const rendererDir = await ensureRendererBuilt();
  const base = mkdtempSync(join(tmpdir(), 'studio-desk-e2e-'));
  const dataDir = join(base, 'desk');
  const desk = await startBrowserDesk({
    dataDir,
    demoDir: join(base, 'demo-server'),
    rendererDir,
    launchDemo: inProcessDemoServer,
    maxBackoffMs: 1_000,
    log: () => undefined,
    ...options,
  });
  return {
    desk,
    dataDir,
    close: async () => {
      await desk.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** A desk on a fresh data folder, shown in its own Chromium page, at its first-run screen. */
export interface FreshDesk {
  readonly desk: E2eDesk;
  readonly browser: Browser;
  readonly page: Page;
  /** Closes the browser, then the desk (removing its data folder). */
  close(): Promise<void>;
}

/** Starts a desk and Chromium side by side; steps wait up to 20 s unless a test says otherwise. */
export async function openFreshDesk(
  viewport: { readonly width: number; readonly height: number } = { width: 1366, height: 860 },
): Promise<FreshDesk> {
  const [desk, browser] = await Promise.all([startE2eDesk(), launchChromium()]);
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(20_000);
  await page.goto(desk.desk.url);
  return {
    desk,
    browser,
    page,
    close: async () => {
      await browser.close();
      await desk.close();
    },
  };
}

/** Calls the desk host directly, as test set-up: the page under test is not involved. */
export async function hostCall<T>(desk: BrowserDesk, method: string, args: unknown): Promise<T> {
  // The test names the method, so it knows the result's shape.
  return unwrapDeskReply(await desk.host.invoke(method, args)) as T;
}

export function hostQuery<T>(desk: BrowserDesk, name: string, args: unknown): Promise<T> {
  return hostCall<T>(desk, 'desk.query', { name, args });
}

/** A screenshot for docs/SCREENS.md, of the whole page as staff see it. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: false });
}

/** Opens a screen from the navigation bar. */
export async function openScreen(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name, exact: true })
    .click();
}

/** Types a code the way a keyboard-wedge scanner does: a fast burst ending in Enter. */
export async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press('Enter');
}

/** Opens the demo studio from the first-run screen; resolves when staff can be chosen. */
export async function openDemoStudio(page: Page, timeoutMs = 240_000): Promise<void> {
  await page.getByRole('button', { name: 'Open the demo studio' }).click();
  // Generous: the demo studio is generated and loaded first, on a machine that may be busy.
  await page
    .getByRole('heading', { name: 'Who is at the desk?' })
    .waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Signs in the demo studio's first staff member with `role` (demo PINs are 1234). */
export async function signInDemoStaff(
  page: Page,
  desk: BrowserDesk,
  role: 'owner' | 'manager' | 'front_desk' | 'instructor',
): Promise<string> {
  const staff = await hostCall<{ name: string; roles: string[] }[]>(desk, 'staff.list', {});
  const name = staff.find((s) => s.roles.includes(role))?.name;
  if (!name) throw new Error(`the demo studio has staff with the role ${role}`);
  await signInWithPin(page, name);
  return name;
}

/** Signs a staff member in at "Who is at the desk?" with their PIN (test studios use 1234). */
export async function signInWithPin(page: Page, staffName: string, pin = '1234'): Promise<void> {
  const escaped = staffName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.getByRole('button', { name: new RegExp(`^${escaped}`) }).click();
  await page.getByLabel(`PIN for ${staffName}`).fill(pin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Signed in').getByText(staffName).first().waitFor({ state: 'visible' });
}

/** A fresh desk on the demo studio, in Chromium, with staff signed in. */
export interface DemoSession {
  readonly desk: E2eDesk;
  readonly browser: Browser;
  readonly page: Page;
  /** The name of the staff member signed in. */
  readonly staffName: string;
}

/**
 * The set-up most desk e2e tests share: a desk on a fresh data folder and Chromium, the
 * demo studio opened from the first-run screen, and its first staff member with `role`
 * signed in, at `viewport`. Steps wait up to 20 s unless a test says otherwise.
 */
export async function openDemoSession(
  role: 'owner' | 'manager' | 'front_desk' | 'instructor',
  viewport: { readonly width: number; readonly height: number },
): Promise<DemoSession> {
  const { desk, browser, page } = await openFreshDesk(viewport);
  await openDemoStudio(page);
  const staffName = await signInDemoStaff(page, desk.desk, role);
  return { desk, browser, page, staffName };
}
