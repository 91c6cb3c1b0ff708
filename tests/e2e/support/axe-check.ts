import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One rule broken on one screen, as a line a reader can act on. */
export interface AxeFinding {
  readonly screen: string;
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

interface AxeResultsLike {
  readonly violations: readonly {
    readonly id: string;
    readonly impact?: string | null;
    readonly help: string;
    readonly nodes: readonly { readonly target: readonly unknown[] }[];
  }[];
}

/**
 * Runs axe-core (WCAG 2 A and AA rules) on what the page shows now and returns the serious
 * and critical violations: the ones that stop a screen-reader or keyboard user at the desk.
 */
export async function seriousAxeFindings(page: Page, screen: string): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  // Evaluated through the debugging protocol: the desk's Content-Security-Policy rightly
  // refuses an injected <script>, and the page is checked as it ships.
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }
    ).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
  });
  return (results as AxeResultsLike).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      screen,
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    }));
}

export function describeFindings(findings: readonly AxeFinding[]): string {
  return findings
    .map((f) => `${f.screen}: ${f.impact} ${f.rule} (${f.help}) at ${f.targets.join(', ')}`)
    .join('\n');
}
