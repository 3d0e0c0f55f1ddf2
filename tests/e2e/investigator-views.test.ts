import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  WAIT,
  addFromSearch,
  openPage,
  pagePosition,
  settled,
  snapshot,
  startExplorer,
  type Explorer,
} from './support/explorer-harness.ts';

let explorer: Explorer;

beforeAll(async () => {
  explorer = await startExplorer();
});

afterAll(async () => {
  await explorer?.close();
});

/** Whether the element with this test id lies wholly inside the window. */
async function insideWindow(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return (
      box.width > 0 &&
      box.left >= 0 &&
      box.top >= 0 &&
      box.right <= window.innerWidth &&
      box.bottom <= window.innerHeight
    );
  });
}

describe('keyboard and accessibility', () => {
  it('when the page opens, then it has one h1, a skip link that puts focus on the canvas with a visible ring, and the canvas is a labelled application region', async () => {
    const { page } = await openPage(explorer);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toContain('Entente');
    const canvas = page.getByTestId('canvas');
    expect(await canvas.getAttribute('role')).toBe('application');
    expect(await canvas.getAttribute('aria-label')).toMatch(/graph canvas/i);

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'skip-link',
    );
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'canvas',
    );
    const ring = await canvas.evaluate((element) => {
      const style = getComputedStyle(element);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring.style).not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    // The link holds the scene: skipping to the canvas must not change it.
    expect(new URL(page.url()).hash).toBe('');
    await page.close();
  });
});

describe('the context menu', () => {
  it('when a node low on the canvas is right-clicked, then the node is selected, the whole menu fits in the window, and Escape gives focus back to the canvas', async () => {
    const { page } = await openPage(explorer);
    const iran = await addFromSearch(page, 'Iran');
    await settled(page);
    const from = await pagePosition(page, iran);
    const viewport = page.viewportSize()!;
    // Drag the node to the bottom edge of the canvas.
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x, viewport.height - 20, { steps: 8 });
    await page.mouse.up();
    await page.getByTestId('canvas').click({ position: { x: 10, y: 10 } });
    await expect.poll(async () => (await snapshot(page)).selection, WAIT).toBeNull();
    const low = await pagePosition(page, iran);
    expect(low.y).toBeGreaterThan(viewport.height - 60);

    await page.mouse.click(low.x, low.y, { button: 'right' });
    await page.getByTestId('menu-expand-BACKS-out').waitFor();
    expect((await snapshot(page)).selection).toBe(iran);
    expect(await insideWindow(page, 'context-menu')).toBe(true);
    expect(await insideWindow(page, 'menu-remove')).toBe(true);

    await page.keyboard.press('Escape');
    expect(await page.getByTestId('context-menu').isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'canvas',
    );
    await page.close();
  });
});

describe('small screens', () => {
  it('when the window is 390 × 844, then the canvas is at least 300 px wide, the toolbar is in reach, and the details open as a drawer', async () => {
    const { page } = await openPage(explorer);
    await page.setViewportSize({ width: 390, height: 844 });
    const width = await page.getByTestId('canvas').evaluate((e) => e.getBoundingClientRect().width);
    expect(width).toBeGreaterThanOrEqual(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const tools = page.getByTestId('toggle-console');
    await tools.scrollIntoViewIfNeeded();
    expect(await insideWindow(page, 'toggle-console')).toBe(true);
    await tools.click();
    await page.getByTestId('console').waitFor();

    await page.getByTestId('toggle-console').click();
    await addFromSearch(page, 'Belarus');
    await page.getByTestId('open-details').click();
    await expect.poll(() => insideWindow(page, 'details'), WAIT).toBe(true);
    expect(await page.getByTestId('details-caption').textContent()).toBe('Belarus');
    await page.close();
  });

  it('when the window is 1024 × 700, then nothing scrolls sideways and the canvas keeps most of the width', async () => {
    const { page } = await openPage(explorer);
    await page.setViewportSize({ width: 1024, height: 700 });
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      canvas: document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect().width,
    }));
    expect(widths.page).toBeLessThanOrEqual(1024);
    expect(widths.body).toBeLessThanOrEqual(1024);
    expect(widths.canvas).toBeGreaterThan(1024 * 0.6);
    await page.getByTestId('open-filters').click();
    await expect.poll(() => insideWindow(page, 'filter-stances'), WAIT).toBe(true);
    await page.close();
  });
});
