import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  WAIT,
  addFromSearch,
  expandBelarus,
  nodeId,
  openPage,
  pagePosition,
  settled,
  snapshot,
  useExplorer,
} from './support/explorer-harness.ts';

const explorer = useExplorer();

/** Every stored relationship between the ends of the given edges, of each edge's type. */
async function quotesOf(edgeIds: string[]): Promise<string[]> {
  const result = await explorer.db.read((tx) =>
    tx.run(
      `UNWIND $ids AS id MATCH (a)-[r]->(b) WHERE elementId(r) = id
       WITH DISTINCT a, b, type(r) AS t MATCH (a)-[p]->(b) WHERE type(p) = t AND p.quote IS NOT NULL
       RETURN DISTINCT p.quote AS quote`,
      { ids: edgeIds },
    ),
  );
  return result.records.map((r) => String(r.get('quote')));
}

async function latestVersion(title: string): Promise<number | undefined> {
  const response = await fetch(`${explorer.url}/api/investigations?q=${encodeURIComponent(title)}`);
  const body = (await response.json()) as { items: { version: number }[] };
  return body.items[0]?.version;
}

describe('investigations in the explorer', () => {
  it('when a scene with a pin, a filter and a note is saved, then after a reload the drawer opens it as saved and its report quotes every edge', async () => {
    const { page, errors, dialogs } = await openPage(explorer);
    await expandBelarus(page);
    const russia = await nodeId(page, 'Russia');

    // Pin Russia from its menu, and hide opinions.
    await settled(page);
    const at = await pagePosition(page, russia);
    await page.mouse.click(at.x, at.y, { button: 'right' });
    await page.getByTestId('menu-pin').click();
    await page.getByTestId('filter-stances').getByText('opinion', { exact: true }).click();
    await expect
      .poll(async () => (await snapshot(page)).nodes.find((n) => n.id === russia)?.pinned, WAIT)
      .toBe(true);

    // Ctrl+S on an unnamed scene asks for a title.
    await page.getByTestId('canvas').focus();
    await page.keyboard.press('Control+s');
    await page.getByTestId('investigation-name').fill('Belarus briefing');
    await page.getByTestId('investigation-name').press('Enter');
    await expect
      .poll(() => page.getByTestId('investigation-title').textContent(), WAIT)
      .toBe('Belarus briefing');

    // A note on Russia: shown in the notes panel.
    await page.mouse.click(at.x, at.y);
    await expect.poll(async () => (await snapshot(page)).selection, WAIT).toBe(russia);
    await page
      .getByTestId('note-input')
      .fill('Satellite status is the author’s opinion; find a second source.');
    await page.getByTestId('add-note').click();
    await expect
      .poll(() => page.getByTestId('note-text').allTextContents(), WAIT)
      .toEqual(['Satellite status is the author’s opinion; find a second source.']);

    // Save what is on the canvas now (Ctrl+S), and wait until nothing is unsaved.
    await page.keyboard.press('Control+s');
    await expect.poll(() => latestVersion('Belarus briefing'), WAIT).toBe(2);
    await expect.poll(() => page.getByTestId('investigation-dirty').isHidden(), WAIT).toBe(true);
    const before = await snapshot(page);
    expect(
      before.nodes.filter((n) => !n.visible).length + before.edges.filter((e) => !e.visible).length,
    ).toBeGreaterThan(0);

    // A fresh page: nothing on the canvas until the drawer opens the investigation.
    await page.goto(explorer.url);
    await page.waitForSelector('body[data-ready="true"]');
    expect((await snapshot(page)).nodes).toEqual([]);
    await page.getByTestId('open-investigations').click();
    await page
      .getByTestId('investigation-item')
      .filter({ hasText: 'Belarus briefing' })
      .getByTestId('open-investigation')
      .click();
    await expect
      .poll(async () => (await snapshot(page)).nodes.length, WAIT)
      .toBe(before.nodes.length);
    await expect
      .poll(() => page.getByTestId('investigation-title').textContent(), WAIT)
      .toBe('Belarus briefing');

    const after = await snapshot(page);
    const byId = <T extends { id: string }>(items: T[]) =>
      [...items].sort((a, b) => a.id.localeCompare(b.id));
    const round = (p: { x: number; y: number } | null) =>
      p && { x: Math.round(p.x), y: Math.round(p.y) };
    expect(byId(after.nodes).map((n) => ({ ...n, position: round(n.position) }))).toEqual(
      byId(before.nodes).map((n) => ({ ...n, position: round(n.position) })),
    );
    expect(byId(after.edges)).toEqual(byId(before.edges));
    expect(await page.getByTestId('investigation-dirty').isHidden()).toBe(true);

    await settled(page);
    const again = await pagePosition(page, russia);
    await page.mouse.click(again.x, again.y);
    await expect
      .poll(() => page.getByTestId('note-text').allTextContents(), WAIT)
      .toEqual(['Satellite status is the author’s opinion; find a second source.']);

    // The report: a download of one self-contained page quoting every edge of the scene.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-report').selectOption('html');
    const file = await (await download).path();
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/<script/i);
    const reader = await explorer.browser.newPage();
    await reader.setContent(html);
    const text = (await reader.locator('body').textContent()) ?? '';
    const quotes = await quotesOf(after.edges.map((e) => e.id));
    expect(quotes.length).toBeGreaterThan(5);
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    for (const quote of quotes) expect(squash(text)).toContain(squash(quote));
    expect(text).toContain('Satellite status is the author’s opinion; find a second source.');
    expect(text).toContain('Iran and Belarus Boost Defense Relationship');
    if (process.env.E2E_SCREENSHOTS) {
      for (const width of [1440, 1024]) {
        await reader.setViewportSize({ width, height: 900 });
        await reader.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/report-${width}.png` });
        await page.setViewportSize({ width, height: 800 });
        await page.getByTestId('open-investigations').click();
        await page.getByTestId('investigation-version').first().waitFor();
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/drawer-${width}.png` });
        await page.getByTestId('open-investigations').click();
      }
    }
    await reader.close();
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('when a note is added and then deleted while the drawer is open, then the open investigation’s note count follows each', async () => {
    const { page, errors, dialogs } = await openPage(explorer);
    await addFromSearch(page, 'Belarus');
    await page.getByTestId('canvas').focus();
    await page.keyboard.press('Control+s');
    await page.getByTestId('investigation-name').fill('Counting notes');
    await page.getByTestId('investigation-name').press('Enter');
    await expect
      .poll(() => page.getByTestId('investigation-title').textContent(), WAIT)
      .toBe('Counting notes');
    if (await page.getByTestId('investigations-drawer').isHidden()) {
      await page.getByTestId('open-investigations').click();
    }
    const meta = page
      .getByTestId('investigation-item')
      .filter({ hasText: 'Counting notes' })
      .getByTestId('investigation-meta');
    await expect.poll(() => meta.textContent(), WAIT).toContain('· 0 notes ·');

    await page.getByTestId('note-input').fill('Ask the desk for the memorandum’s text.');
    await page.getByTestId('add-note').click();
    await page.getByTestId('note-text').waitFor();
    await expect.poll(() => meta.textContent(), WAIT).toContain('· 1 note ·');
    expect(await page.getByTestId('investigations-drawer').isVisible()).toBe(true);
    if (process.env.E2E_SCREENSHOTS) {
      for (const width of [1440, 1024]) {
        await page.setViewportSize({ width, height: 800 });
        await page.waitForTimeout(300);
        await page.screenshot({
          path: `${process.env.E2E_SCREENSHOTS}/drawer-note-added-${width}.png`,
        });
      }
      await page.setViewportSize({ width: 1280, height: 720 });
    }

    await page.getByTestId('delete-note').click();
    await expect.poll(() => page.getByTestId('note-text').count(), WAIT).toBe(0);
    await expect.poll(() => meta.textContent(), WAIT).toContain('· 0 notes ·');
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
