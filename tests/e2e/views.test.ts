import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOM } from '../../client/src/layout/local-relax.ts';
import { STANCE_LOOKS } from '../../client/src/theme/stance-style.ts';
import {
  WAIT,
  addFromSearch,
  doubleClickNode,
  expandBelarus,
  nodeId,
  openPage,
  pagePosition,
  settled,
  snapshot,
  useExplorer,
} from './support/explorer-harness.ts';

const explorer = useExplorer();

/** Clicks one node, Shift-clicks the other: the Paths panel's From and To. */
async function pickPair(page: Page, from: string, to: string): Promise<void> {
  await settled(page);
  const a = await pagePosition(page, from);
  await page.mouse.click(a.x, a.y);
  const b = await pagePosition(page, to);
  await page.keyboard.down('Shift');
  await page.mouse.click(b.x, b.y);
  await page.keyboard.up('Shift');
  await expect.poll(async () => (await snapshot(page)).selection, WAIT).toBe(to);
}

async function findPaths(page: Page): Promise<void> {
  const before = await page.getByTestId('paths-result').textContent();
  await page.getByTestId('find-paths').click();
  await expect
    .poll(async () => (await page.getByTestId('paths-result').textContent()) !== before, WAIT)
    .toBe(true);
  await settled(page);
}

function drawnStyle(page: Page, id: string): Promise<Record<string, string> | null> {
  return page.evaluate((elementId) => window.__entente?.drawnStyle(elementId) ?? null, id);
}

/** The closest two visible nodes, in scene coordinates. */
async function closestPair(page: Page): Promise<number> {
  const nodes = (await snapshot(page)).nodes.filter((n) => n.visible && n.position);
  let closest = Infinity;
  for (const [i, a] of nodes.entries()) {
    for (const b of nodes.slice(i + 1)) {
      closest = Math.min(
        closest,
        Math.hypot(a.position!.x - b.position!.x, a.position!.y - b.position!.y),
      );
    }
  }
  return closest;
}

function luminance(hex: string): number {
  const channels = (hex.match(/[0-9a-f]{2}/gi) ?? []).map((c) => {
    const v = parseInt(c, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const [r = 0, g = 0, b = 0] = channels;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Cytoscape reports colours as `rgb(r,g,b)`; as #rrggbb. */
function hex(color: string): string {
  const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(color);
  if (!m) return color.toLowerCase();
  return `#${[m[1], m[2], m[3]].map((v) => Number(v).toString(16).padStart(2, '0')).join('')}`;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('path results read as paths', () => {
  for (const [fromText, fromCaption, toText, toCaption] of [
    ['Iran', 'Iran', 'Poland', 'Poland'],
    ['Khrenin', 'Viktor Khrenin', 'Putin', 'Vladimir Putin'],
  ] as const) {
    it(`when paths from ${fromCaption} to ${toCaption} are found, then they run left to right with no node within 30 px of another, and the panel writes each one out with its stances`, async () => {
      const { page, errors } = await openPage(explorer);
      const from = await addFromSearch(page, fromText, fromCaption);
      const to = await addFromSearch(page, toText, toCaption);
      await pickPair(page, from, to);
      await findPaths(page);

      const scene = await snapshot(page);
      expect(scene.highlight?.nodes.length ?? 0).toBeGreaterThan(2);
      expect(await closestPair(page)).toBeGreaterThanOrEqual(30);
      const x = (id: string) => scene.nodes.find((n) => n.id === id)!.position!.x;
      const lines = await page.getByTestId('path-list').locator('li').allTextContents();
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line.startsWith(fromCaption)).toBe(true);
        expect(line.endsWith(toCaption)).toBe(true);
        // Every step names its type and its stance: `—TYPE (stance)→` or `←TYPE (stance)—`.
        expect(line).toMatch(/(—|←)[A-Z_]+ \((reported|claim|opinion|speculation|forecast)\)(→|—)/);
      }
      // Each highlighted node sits one step further right than the one before it.
      const highlighted = scene.highlight!.nodes;
      expect(x(from)).toBeLessThan(Math.min(...highlighted.filter((id) => id !== from).map(x)));
      expect(x(to)).toBeGreaterThan(Math.max(...highlighted.filter((id) => id !== to).map(x)));
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('when opinion, speculation and forecast are unchecked, then the paths go only through the stances shown, the panel says which counted, and the result changes', async () => {
    const { page } = await openPage(explorer);
    const iran = await addFromSearch(page, 'Iran');
    const poland = await addFromSearch(page, 'Poland');
    await pickPair(page, iran, poland);
    await findPaths(page);
    const all = await snapshot(page);
    expect(await page.getByTestId('paths-stances').textContent()).toMatch(/Every stance/);

    for (const stance of ['opinion', 'speculation', 'forecast']) {
      await page
        .getByTestId('filter-stances')
        .locator('label', { hasText: stance })
        .locator('input')
        .uncheck();
    }
    await expect
      .poll(() => page.getByTestId('paths-stances').textContent(), WAIT)
      .toMatch(/Left out by the stance filters: opinion, speculation, forecast/);
    await settled(page);
    const narrow = await snapshot(page);
    expect(narrow.highlight).not.toEqual(all.highlight);
    const stanceOf = (id: string) => narrow.edges.find((e) => e.id === id)?.stance ?? null;
    for (const edge of narrow.highlight?.edges ?? []) {
      expect(['reported', 'claim', null]).toContain(stanceOf(edge));
    }
    expect(
      narrow.highlight!.edges.every((id) => narrow.edges.find((e) => e.id === id)?.visible),
    ).toBe(true);
    await page.close();
  });

  it('when a node in the From slot is removed, then the slot is empty and Find is disabled', async () => {
    const { page } = await openPage(explorer);
    const iran = await addFromSearch(page, 'Iran');
    const poland = await addFromSearch(page, 'Poland');
    await pickPair(page, iran, poland);
    await expect.poll(() => page.getByTestId('find-paths').isEnabled(), WAIT).toBe(true);
    const at = await pagePosition(page, iran);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.getByTestId('details-caption').textContent(), WAIT).toBe('Iran');
    await page.getByTestId('details').getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => page.getByTestId('paths-from').textContent(), WAIT).toBe('—');
    expect(await page.getByTestId('find-paths').isDisabled()).toBe(true);
    await page.close();
  });
});

describe('dates, stances and the camera', () => {
  it('when "as of" is typed as 2023-07-30, then the memorandum signed on 31 July is hidden, and clearing the date shows it again', async () => {
    const { page } = await openPage(explorer);
    const mou = await addFromSearch(
      page,
      'memorandum',
      'Belarus–Iran defence memorandum of understanding',
    );
    await doubleClickNode(page, mou);
    await expect.poll(async () => (await snapshot(page)).nodes.length, WAIT).toBeGreaterThan(3);
    await page.getByTestId('as-of-date').fill('2023-07-30');
    await page.getByTestId('as-of-date').dispatchEvent('change');
    await expect
      .poll(async () => (await snapshot(page)).nodes.find((n) => n.id === mou)?.visible, WAIT)
      .toBe(false);
    const scene = await snapshot(page);
    expect(
      scene.edges.filter((e) => e.date && e.date > '2023-07-30').every((e) => !e.visible),
    ).toBe(true);
    expect(await page.getByTestId('as-of-text').textContent()).toMatch(/2023-07-30/);
    await page.getByTestId('as-of-clear').click();
    await expect
      .poll(async () => (await snapshot(page)).nodes.find((n) => n.id === mou)?.visible, WAIT)
      .toBe(true);
    await page.close();
  });

  it('when Belarus is expanded, then each stance has its own colour and dashes as the legend draws them, labels meet WCAG AA, and SATELLITE_OF stands apart from the other Belarus–Russia lines', async () => {
    const { page } = await openPage(explorer);
    const belarus = await expandBelarus(page);
    const scene = await snapshot(page);
    const looks = new Map<string, string>();
    // contested edges have a look of their own (red, barred ends), checked with the evidence
    for (const edge of scene.edges.filter((e) => e.visible && e.stance && !e.contested)) {
      const style = (await drawnStyle(page, edge.id))!;
      const look = STANCE_LOOKS[edge.stance as keyof typeof STANCE_LOOKS];
      expect(hex(style['line-color']!)).toBe(look.color);
      expect(style['line-style']).toBe(look.dash.length ? 'dashed' : 'solid');
      looks.set(
        edge.stance!,
        `${style['line-color']}|${style['line-dash-pattern']}|${style['line-style']}`,
      );
      // The label: dark text on an opaque plate, at least 4.5:1, readable size at zoom 1.
      expect(Number(style['text-background-opacity'])).toBe(1);
      expect(Number(style.opacity)).toBe(1);
      expect(
        contrast(hex(style.color!), hex(style['text-background-color']!)),
      ).toBeGreaterThanOrEqual(4.5);
      expect(parseFloat(style['font-size']!)).toBeGreaterThanOrEqual(11);
    }
    expect(looks.size).toBeGreaterThanOrEqual(4);
    expect(new Set(looks.values()).size).toBe(looks.size);
    // The legend draws each stance with the canvas's colour and dashes.
    for (const [stance, look] of Object.entries(STANCE_LOOKS)) {
      const line = page.getByTestId('legend-stances').locator(`li[data-stance="${stance}"] line`);
      expect(await line.getAttribute('stroke')).toBe(look.color);
      expect((await line.getAttribute('stroke-dasharray')) ?? '').toBe(look.dash.join(' '));
    }

    const russia = await nodeId(page, 'Russia');
    const pair = scene.edges.filter(
      (e) => [e.source, e.target].sort().join() === [belarus, russia].sort().join(),
    );
    expect(pair.some((e) => e.type === 'SATELLITE_OF')).toBe(true);
    const mids = await Promise.all(pair.map((e) => pagePosition(page, e.id)));
    for (const [i, a] of mids.entries()) {
      for (const b of mids.slice(i + 1))
        expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(12);
    }
    await page.close();
  });

  it('when Belarus is expanded after zooming in, then the newcomers each have room and the view follows them', async () => {
    const { page } = await openPage(explorer);
    const belarus = await addFromSearch(page, 'Belarus');
    await settled(page);
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -400);
    await page.waitForTimeout(300);
    await doubleClickNode(page, belarus);
    await expect.poll(async () => (await snapshot(page)).nodes.length, WAIT).toBeGreaterThan(5);
    await settled(page);
    await page.waitForTimeout(400);
    const scene = await snapshot(page);
    const nodes = scene.nodes.filter((n) => n.position);
    for (const [i, a] of nodes.entries()) {
      for (const b of nodes.slice(i + 1)) {
        const room = Math.hypot(
          (a.position!.x - b.position!.x) / ROOM.width,
          (a.position!.y - b.position!.y) / ROOM.height,
        );
        expect(room).toBeGreaterThanOrEqual(0.99);
      }
    }
    for (const node of nodes) {
      const at = await pagePosition(page, node.id);
      expect(at.x).toBeGreaterThanOrEqual(canvas.x);
      expect(at.x).toBeLessThanOrEqual(canvas.x + canvas.width);
      expect(at.y).toBeGreaterThanOrEqual(canvas.y);
      expect(at.y).toBeLessThanOrEqual(canvas.y + canvas.height);
    }
    await page.close();
  });

  it('when a selected node is clicked, then it stays selected; when two nodes are clicked quickly one after the other, then nothing is expanded', async () => {
    const { page } = await openPage(explorer);
    const iran = await addFromSearch(page, 'Iran');
    const poland = await addFromSearch(page, 'Poland');
    await settled(page);
    const a = await pagePosition(page, iran);
    const b = await pagePosition(page, poland);
    await page.mouse.click(a.x, a.y);
    await expect.poll(async () => (await snapshot(page)).selection, WAIT).toBe(iran);
    await page.waitForTimeout(400);
    await page.mouse.click(a.x, a.y);
    await page.waitForTimeout(400);
    expect((await snapshot(page)).selection).toBe(iran);

    await page.mouse.click(a.x, a.y);
    await page.mouse.click(b.x, b.y);
    await page.waitForTimeout(1500);
    expect((await snapshot(page)).nodes).toHaveLength(2);
    await page.close();
  });

  it('when the canvas is cleared after zooming, then the next node comes in at normal size; Fit on one node does not zoom in past 1.5', async () => {
    const { page } = await openPage(explorer);
    await addFromSearch(page, 'Iran');
    await settled(page);
    await page.getByTestId('fit').click();
    await page.waitForTimeout(600);
    const viewport = () => page.evaluate(() => window.__entente?.viewport() ?? null);
    expect((await viewport())!.zoom).toBeLessThanOrEqual(1.5);
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -400);
    await page.waitForTimeout(300);
    expect((await viewport())!.zoom).toBeGreaterThan(1.5);
    await page.getByTestId('clear').click();
    await expect.poll(async () => (await snapshot(page)).nodes.length, WAIT).toBe(0);
    await addFromSearch(page, 'Poland');
    await settled(page);
    expect((await viewport())!.zoom).toBeLessThanOrEqual(1.5);
    await page.close();
  });
});

describe('reopened links', () => {
  it('when a link is reopened, then pins, hidden nodes, filters, the path highlight and the zoom come back, colours match the filters, and undo does not empty the canvas', async () => {
    const { page } = await openPage(explorer);
    const belarus = await expandBelarus(page);
    const russia = await nodeId(page, 'Russia');
    const iran = await nodeId(page, 'Iran');
    // Pin Russia, hide one other node, filter a stance, find paths, zoom.
    let at = await pagePosition(page, russia);
    await page.mouse.click(at.x, at.y, { button: 'right' });
    await page.getByTestId('menu-pin').click();
    // The highest node on screen, so its menu opens well inside the window.
    const others = (await snapshot(page)).nodes.filter(
      (n) => ![belarus, russia, iran].includes(n.id),
    );
    const spots = await Promise.all(others.map((n) => pagePosition(page, n.id)));
    const top = spots.indexOf(spots.reduce((a, b) => (b.y < a.y ? b : a)));
    at = spots[top]!;
    await page.mouse.click(at.x, at.y, { button: 'right' });
    await page.getByTestId('menu-hide').click();
    await page
      .getByTestId('filter-stances')
      .locator('label', { hasText: 'forecast' })
      .locator('input')
      .uncheck();
    await pickPair(page, iran, russia);
    await findPaths(page);
    await page.waitForTimeout(600);
    const before = await snapshot(page);
    const view = await page.evaluate(() => window.__entente?.viewport() ?? null);
    await expect.poll(() => page.evaluate(() => location.hash), WAIT).toMatch(/hp=/);
    const hash = await page.evaluate(() => location.hash);
    await page.close();

    const reopened = await openPage(explorer, hash);
    const again = reopened.page;
    const after = await snapshot(again);
    expect(after.nodes.map((n) => n.id).sort()).toEqual(before.nodes.map((n) => n.id).sort());
    const flags = (s: typeof before) =>
      s.nodes.map((n) => `${n.id}:${n.pinned}:${n.hidden}`).sort();
    expect(flags(after)).toEqual(flags(before));
    expect(after.filters.hiddenStances).toEqual(['forecast']);
    expect(after.highlight).toEqual(before.highlight);
    const reopenedView = await again.evaluate(() => window.__entente?.viewport() ?? null);
    expect(reopenedView!.zoom).toBeCloseTo(view!.zoom, 2);
    expect(Math.abs(reopenedView!.pan.x - view!.pan.x)).toBeLessThan(2);
    expect(await again.getByTestId('path-list').locator('li').count()).toBeGreaterThan(0);

    // The filter swatch of a label is the colour its nodes are drawn in.
    const stateNode = after.nodes.find((n) => n.labels.includes('State') && !n.hidden)!;
    const drawn = (await drawnStyle(again, stateNode.id))!;
    const swatch = await again
      .getByTestId('filter-labels')
      .locator('label', { hasText: /^State/ })
      .locator('.swatch')
      .evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(hex(swatch)).toBe(hex(drawn['background-color']!));

    expect(after.canUndo).toBe(false);
    await again.getByTestId('undo').click();
    await again.waitForTimeout(300);
    expect((await snapshot(again)).nodes.length).toBe(before.nodes.length);
    await again.close();
  });
});
