import { installDebianPackage } from '../../support/debian-packages';
import { hostChromiumLookup, planChromium } from './find-chromium';

/**
 * Vitest global set-up for the end-to-end project: makes sure a Chromium is there before
 * any Playwright test file starts. It never throws: when no Chromium can be had, each
 * end-to-end test fails with the message naming the fix (find-chromium.ts), and other
 * projects run.
 */
export default async function ensureChromium(): Promise<void> {
  const plan = planChromium(hostChromiumLookup());
  if (plan.kind !== 'install-with-apt') return;
  console.log("[e2e] no Chromium found; installing Debian's chromium with apt-get (once)");
  try {
    await installDebianPackage('chromium');
  } catch (error) {
    console.error(`[e2e] could not install chromium: ${String(error)}`);
  }
}
