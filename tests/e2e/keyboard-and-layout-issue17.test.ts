import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  hostCall,
  hostQuery,
  openDemoSession,
  openScreen,
  screenshot,
  type E2eDesk,
} from './support/e2e-harness';

interface Product {
  productId: string;
  name: string;
  price: number;
  stockQuantity: number | null;
}

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
] as const;

const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });

/**
 * Issue 17's visual system, driven in Chromium: the screens' bar keeps one row at both
 * sizes with touch-sized targets, each screen and the sale's main actions have the keyboard
 * shortcut shown on their button, and the keyboard's focus is always visible.
 */
describe('issue 17: one-row navigation, keyboard shortcuts, visible focus', () => {
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;
  let owner: string;

  beforeAll(async () => {
    ({ desk, browser, page, staffName: owner } = await openDemoSession('owner', SIZES[0]));
  }, 300_000);
  afterAll(async () => {
    await browser.close();
    await desk.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Screens' });

  it('keeps the screens, the staff member and Lock on one row of touch-sized buttons at both sizes', async () => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const boxes = await nav()
        .getByRole('button')
        .evaluateAll((buttons) =>
          buttons.map((b) => {
            const r = b.getBoundingClientRect();
            return { label: b.textContent, top: r.top, bottom: r.bottom, w: r.width, h: r.height };
          }),
        );
      // Eleven screens for an owner (Leads, issue 20, the last), plus Switch staff and
      // Lock; beside them the count of review items the demo studio has open (issue 19).
      expect(boxes.length).toBe(13);
      await nav()
        .getByRole('status', { name: /^\d+ review items? open$/ })
        .waitFor();
      const top = boxes[0]?.top ?? -1;
      for (const box of boxes) {
        expect(box.top, `${box.label} at ${size.width} px`).toBe(top);
        expect(box.h, `${box.label} height`).toBeGreaterThanOrEqual(44);
        expect(box.w, `${box.label} width`).toBeGreaterThanOrEqual(44);
        expect(box.bottom).toBeLessThanOrEqual(size.height);
      }
      const overflow = await nav().evaluate((el) => {
        const screens = el.querySelector('.nav-screens');
        return {
          page: el.scrollWidth - el.clientWidth,
          screens: screens ? screens.scrollWidth - screens.clientWidth : -1,
        };
      });
      expect(overflow, `nothing hidden sideways at ${size.width} px`).toEqual({
        page: 0,
        screens: 0,
      });
    }
    await page.setViewportSize(SIZES[0]);
  });

  it('shows each screen’s shortcut on its button and opens the screen with it', async () => {
    const studio = nav().getByRole('button', { name: 'Studio', exact: true });
    expect(await studio.getAttribute('aria-keyshortcuts')).toBe('Alt+0');
    const sell = nav().getByRole('button', { name: 'Sell', exact: true });
    expect(await sell.getAttribute('aria-keyshortcuts')).toBe('Alt+3');
    expect(await sell.locator('kbd').textContent()).toBe('Alt+3');
    await page.keyboard.press('Alt+3');
    await visible(page.getByRole('region', { name: 'Sell' }));
    expect(await sell.getAttribute('aria-current')).toBe('page');
    await page.keyboard.press('Alt+0');
    await visible(page.getByRole('region', { name: 'Studio' }));
    await page.keyboard.press('Alt+1');
    await visible(page.getByRole('region', { name: 'Today' }));
    // A scanner's digits without Alt change nothing.
    await page.keyboard.type('3');
    expect(await page.getByRole('region', { name: 'Today' }).isVisible()).toBe(true);
  });

  it('takes exact cash with F8 and completes the sale with F9, each shown on its button', async () => {
    await hostCall(desk.desk, 'desk.mutate', {
      name: 'drawer.open',
      args: { openingFloat: 10_000 },
    });
    const catalog = await hostQuery<{ products: Product[] }>(desk.desk, 'pos.catalog', {});
    const product = catalog.products.find((p) => p.stockQuantity === null && p.price > 0);
    if (!product) throw new Error('the demo studio sells an untracked product');
    const newestOrder = () =>
      hostQuery<{ orderId: string; total: number }[]>(desk.desk, 'pos.orders', { limit: 1 });
    const [before] = await newestOrder();
    await openScreen(page, 'Sell');
    const sell = page.getByRole('region', { name: 'Sell' });
    await sell
      .getByRole('group', { name: 'Products' })
      .getByRole('button', { name: product.name })
      .first()
      .click();
    const payment = sell.getByRole('region', { name: 'Payment' });
    const complete = payment.getByRole('button', { name: 'Complete sale' });
    expect(await complete.getAttribute('aria-keyshortcuts')).toBe('F9');
    expect(await complete.isDisabled()).toBe(true);
    // F9 before the sale is paid presses nothing: the button is disabled.
    await page.keyboard.press('F9');
    expect(await sell.getByRole('button', { name: 'New sale' }).count()).toBe(0);

    const exact = payment.getByRole('button', { name: /^Exact / });
    expect(await exact.getAttribute('aria-keyshortcuts')).toBe('F8');
    await page.keyboard.press('F8');
    await visible(payment.getByRole('list', { name: 'Tenders' }).getByText(/Cash/));
    await screenshot(page, 'screens/sell-shortcuts-1366');
    await page.keyboard.press('F9');
    await visible(sell.getByRole('button', { name: 'New sale' }));
    const [latest] = await newestOrder();
    expect(latest?.orderId).toBeDefined();
    expect(latest?.orderId).not.toBe(before?.orderId);
    expect(latest?.total).toBeGreaterThan(0);
  });

  it('draws a focus ring of at least 2 px on whatever the keyboard reaches', async () => {
    await openScreen(page, 'Today');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    const rings: { tag: string; style: string; width: number }[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      rings.push(
        await page.evaluate(() => {
          const el = document.activeElement ?? document.body;
          const css = getComputedStyle(el);
          return {
            tag: `${el.tagName} ${el.getAttribute('type') ?? ''} ${el.getAttribute('aria-label') ?? ''}`,
            style: css.outlineStyle,
            width: parseFloat(css.outlineWidth),
          };
        }),
      );
    }
    for (const ring of rings.filter((r) => !r.tag.startsWith('BODY'))) {
      expect(ring.style, ring.tag).toBe('solid');
      expect(ring.width).toBeGreaterThanOrEqual(2);
    }
    expect(rings.some((r) => !r.tag.startsWith('BODY'))).toBe(true);
  });

  it('locks the desk with Alt+L', async () => {
    await page.keyboard.press('Alt+L');
    await visible(page.getByRole('heading', { name: 'Who is at the desk?' }));
    expect(owner.length).toBeGreaterThan(0);
  });
});
