import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testAuth } from '../support/auth-app.ts';
import {
  addFromSearch,
  expandBelarus,
  pagePosition,
  snapshot,
  useExplorer,
  WAIT,
  signedInPage,
} from './support/explorer-harness.ts';

/** Where screenshots go when asked for (they are for people to look at, not asserted). */
const SHOTS = process.env.E2E_SCREENSHOTS;
const WIDTHS = [1440, 1024] as const;

const explorer = useExplorer({
  prepareAuth: (db) => testAuth(db, { roles: ['analyst'] }),
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The boxes of the visible ones among `controls`, by name. */
async function boxesOf(controls: Record<string, Locator>): Promise<Record<string, Box>> {
  const boxes: Record<string, Box> = {};
  for (const [name, control] of Object.entries(controls)) {
    if (!(await control.isVisible())) continue;
    const box = await control.boundingBox();
    if (box) boxes[name] = box;
  }
  return boxes;
}

/** Every pair of named boxes that share some area, as "a × b". */
function overlapping(boxes: Record<string, Box>): string[] {
  const names = Object.keys(boxes);
  const pairs: string[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = boxes[names[i]!]!;
      const b = boxes[names[j]!]!;
      const apart =
        a.x + a.width <= b.x ||
        b.x + b.width <= a.x ||
        a.y + a.height <= b.y ||
        b.y + b.height <= a.y;
      if (!apart) pairs.push(`${names[i]} × ${names[j]}`);
    }
  }
  return pairs;
}

/**
 * The test ids of what is drawn topmost at the centre of `control` and just inside each of
 * its corners: all of them are the control's own when nothing covers any of it.
 */
async function topmostOver(page: Page, control: Locator): Promise<string[]> {
  const box = await control.boundingBox();
  if (!box) return [];
  const inset = 3;
  const points = [
    { x: box.x + box.width / 2, y: box.y + box.height / 2 },
    { x: box.x + inset, y: box.y + inset },
    { x: box.x + box.width - inset, y: box.y + inset },
    { x: box.x + inset, y: box.y + box.height - inset },
    { x: box.x + box.width - inset, y: box.y + box.height - inset },
  ];
  return page.evaluate(
    (at) =>
      at.map(
        ({ x, y }) =>
          document.elementFromPoint(x, y)?.closest('[data-testid]')?.getAttribute('data-testid') ??
          'nothing',
      ),
    points,
  );
}

/** The header's product name is drawn, whole and readable. */
async function expectBrandNameShown(page: Page): Promise<void> {
  const name = page.locator('.topbar .brand-name');
  expect.soft(await name.textContent()).toBe('Entente');
  const box = await name.boundingBox();
  expect.soft(box).not.toBeNull();
  expect.soft(box!.width).toBeGreaterThan(40);
  expect.soft(box!.height).toBeGreaterThan(10);
  const clip = await name.evaluate((element) => getComputedStyle(element).clipPath);
  expect.soft(clip).toBe('none');
}

/** Which of the scene's nodes are drawn with their centre outside the canvas. */
async function nodesOutsideCanvas(page: Page): Promise<string[]> {
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const outside: string[] = [];
  for (const node of (await snapshot(page)).nodes) {
    if (!node.visible) continue;
    const at = await pagePosition(page, node.id);
    const inside =
      at.x >= canvas.x &&
      at.x <= canvas.x + canvas.width &&
      at.y >= canvas.y &&
      at.y <= canvas.y + canvas.height;
    if (!inside) outside.push(node.caption);
  }
  return outside;
}

describe('the explorer’s page at common widths', () => {
  it('when the investigations drawer is open or closed at 1440 and 1024 px, then no control covers another, the drawer’s inputs are on top, every top-bar command is in sight and the product name shows', async () => {
    const { page, errors } = await signedInPage(explorer, 1440);
    try {
      await addFromSearch(page, 'Belarus');
      await page.getByTestId('canvas').focus();
      await page.keyboard.press('Control+s');
      // A long title: the bar must make room for it without running under other controls.
      await page
        .getByTestId('investigation-name')
        .fill('Drones, satellites and the memorandum for Belarus');
      await page.getByTestId('investigation-name').press('Enter');
      await expect
        .poll(() => page.getByTestId('investigation-title').textContent(), WAIT)
        .toContain('Drones');
      const drawer = page.getByTestId('investigations-drawer');
      const controls = {
        Investigations: page.getByTestId('open-investigations'),
        'the title': page.getByTestId('investigation-title'),
        Save: page.getByTestId('save-investigation'),
        'Report…': page.getByTestId('export-report'),
        Sources: page.getByTestId('open-sources'),
        Filters: page.getByTestId('open-filters'),
        Details: page.getByTestId('open-details'),
      };
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        for (const open of [true, false]) {
          if ((await drawer.isVisible()) !== open) {
            await page.getByTestId('open-investigations').click();
          }
          await page.waitForTimeout(300);
          if (SHOTS) {
            await page.screenshot({
              path: `${SHOTS}/explorer-drawer-${open ? 'open' : 'closed'}-${width}.png`,
            });
          }
          const boxes = await boxesOf(controls);
          expect(Object.keys(boxes)).toEqual(
            expect.arrayContaining(['Investigations', 'Save', 'Report…', 'Sources']),
          );
          expect
            .soft(overlapping(boxes), `at ${width} px, drawer ${open ? 'open' : 'closed'}`)
            .toEqual([]);
          if (open) {
            // The drawer lies beside the other controls, not under them.
            const drawerBox = (await drawer.boundingBox())!;
            expect
              .soft(overlapping({ ...boxes, drawer: drawerBox }), `drawer at ${width} px`)
              .toEqual([]);
            for (const input of ['investigation-name', 'investigation-search']) {
              expect
                .soft(await topmostOver(page, page.getByTestId(input)), `${input} at ${width}`)
                .toEqual(Array(5).fill(input));
            }
          }
          await expectBrandNameShown(page);
          // Every command of the top bar is in sight: none scrolled out of its toolbar.
          const hidden = await page
            .getByRole('toolbar', { name: 'Canvas' })
            .evaluate((bar) => bar.scrollWidth - bar.clientWidth);
          expect.soft(hidden, `toolbar cut short at ${width} px`).toBeLessThanOrEqual(1);
        }
      }
      // Usable, not only visible: the name box takes a click and typing at 1024 px.
      await page.setViewportSize({ width: 1024, height: 900 });
      await page.getByTestId('open-investigations').click();
      await page.getByTestId('investigation-name').click();
      await page.keyboard.type('Second look');
      expect(await page.getByTestId('investigation-name').inputValue()).toBe('Second look');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});

describe('the read-only link page', () => {
  it('when the window is resized, then the scene is fitted to it again, and the Fit button, reached from the keyboard, brings it back after the view is dragged aside', async () => {
    const { page, errors } = await signedInPage(explorer, 1440);
    try {
      await expandBelarus(page);
      await page.keyboard.press('Control+s');
      await page.getByTestId('investigation-name').fill('Belarus at a glance');
      await page.getByTestId('investigation-name').press('Enter');
      await expect
        .poll(() => page.getByTestId('investigation-title').textContent(), WAIT)
        .toBe('Belarus at a glance');
      if (!(await page.getByTestId('investigations-drawer').isVisible())) {
        await page.getByTestId('open-investigations').click();
      }
      const item = page
        .getByTestId('investigation-item')
        .filter({ hasText: 'Belarus at a glance' });
      await item.getByTestId('share-investigation').click();
      await item.getByTestId('publish-link').click();
      await item.getByTestId('published-link').waitFor();
      const link = await item.getByTestId('published-link').inputValue();

      const visitor = await explorer.browser.newContext({ viewport: { width: 1440, height: 900 } });
      const reader = await visitor.newPage();
      reader.on('pageerror', (error) => errors.push(error.message));
      await reader.goto(link);
      await reader.waitForSelector('body[data-ready="true"]');
      await expect.poll(() => nodesOutsideCanvas(reader), WAIT).toEqual([]);
      await expectBrandNameShown(reader);

      // Narrower and shorter: the whole scene is fitted to the smaller canvas.
      await reader.setViewportSize({ width: 1024, height: 560 });
      await reader.waitForTimeout(800);
      if (SHOTS) await reader.screenshot({ path: `${SHOTS}/link-resized-1024.png` });
      await expect.poll(() => nodesOutsideCanvas(reader), WAIT).toEqual([]);
      await expectBrandNameShown(reader);

      // Dragged far aside: some nodes leave the view, and Fit brings them back.
      const canvas = (await reader.getByTestId('canvas').boundingBox())!;
      await reader.mouse.move(canvas.x + 8, canvas.y + 8);
      await reader.mouse.down();
      await reader.mouse.move(canvas.x + canvas.width - 8, canvas.y + canvas.height - 8, {
        steps: 12,
      });
      await reader.mouse.up();
      await expect
        .poll(async () => (await nodesOutsideCanvas(reader)).length, WAIT)
        .toBeGreaterThan(0);
      const fit = reader.getByRole('button', { name: /fit/i });
      expect(await fit.count()).toBe(1);
      let reached = false;
      for (let i = 0; i < 12 && !reached; i++) {
        await reader.keyboard.press('Tab');
        reached = await fit.evaluate((element) => element === document.activeElement);
      }
      expect(reached).toBe(true);
      await reader.keyboard.press('Enter');
      await expect.poll(() => nodesOutsideCanvas(reader), WAIT).toEqual([]);

      await reader.setViewportSize({ width: 1440, height: 900 });
      await expect.poll(() => nodesOutsideCanvas(reader), WAIT).toEqual([]);
      if (SHOTS) {
        for (const width of WIDTHS) {
          await reader.setViewportSize({ width, height: 900 });
          await reader.waitForTimeout(800);
          await reader.screenshot({ path: `${SHOTS}/link-${width}.png` });
        }
      }
      await visitor.close();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 180_000);
});
