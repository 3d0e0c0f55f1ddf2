import { readFile } from 'node:fs/promises';
import { MultiDirectedGraph } from 'graphology';
import { parse } from 'graphology-gexf';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  WAIT,
  addFromSearch,
  captions,
  doubleClickNode,
  expandBelarus,
  nodeId,
  openPage,
  pagePosition,
  settled,
  snapshot,
  useExplorer,
  typeQuery,
} from './support/explorer-harness.ts';

const explorer = useExplorer();

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
    // The drawer slides in; its caption is then wholly on screen (the panel scrolls below it).
    await expect.poll(() => insideWindow(page, 'details-caption'), WAIT).toBe(true);
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

describe('evidence in the details', () => {
  it('when a claim is selected whose claimant is not on the canvas, then the claimant reads as its name, never its id, and clicking it adds and selects that node; the source never shows a raw id', async () => {
    const { page, errors } = await openPage(explorer);
    const shahed = await addFromSearch(page, 'Shahed drone');
    await doubleClickNode(page, shahed);
    await expect.poll(() => captions(page), WAIT).toContain('Belarus');
    const claim = (await snapshot(page)).edges.find((e) => e.type === 'MAY_BE_BUILT_IN');
    expect(claim).toBeDefined();
    expect(await captions(page)).not.toContain('Critical Threats Project');
    await settled(page);
    // Every text the details panel ever shows, from here on.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenDetails: string[] }).seenDetails = seen;
      const details = document.querySelector('[data-testid="details"]')!;
      new MutationObserver(() => seen.push(details.textContent ?? '')).observe(details, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    const mid = await pagePosition(page, claim!.id);
    await page.mouse.click(mid.x, mid.y);
    // The edge may rest on several claims: each claimant reads as its name.
    const claimants = page.getByTestId('details-claimant');
    await expect
      .poll(() => claimants.allTextContents(), WAIT)
      .toContain('Critical Threats Project');
    expect((await claimants.allTextContents()).every((text) => !/^\w+:/.test(text))).toBe(true);
    const claimant = claimants.filter({ hasText: 'Critical Threats Project' });
    await expect
      .poll(
        async () => (await page.getByTestId('details-source').allTextContents()).join(' | '),
        WAIT,
      )
      .toContain('Iran and Belarus');
    const seen = await page.evaluate(
      () => (window as unknown as { seenDetails: string[] }).seenDetails,
    );
    expect(seen.some((text) => /org:critical|source:iran/.test(text))).toBe(false);

    await claimant.click();
    await expect.poll(() => captions(page), WAIT).toContain('Critical Threats Project');
    const ctp = await nodeId(page, 'Critical Threats Project');
    await expect.poll(async () => (await snapshot(page)).selection, WAIT).toBe(ctp);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('when the memorandum and Belarus are opened, then the details say where and when it was signed and each relationship row shows its stance', async () => {
    const { page } = await openPage(explorer);
    await addFromSearch(page, 'Belarus–Iran defence memorandum of understanding');
    await expect
      .poll(() => page.getByTestId('details-signed').textContent(), WAIT)
      .toMatch(/2023-07-31.*Tehran.*Khrenin/);
    await addFromSearch(page, 'Belarus');
    const satellite = page.locator('tr', { hasText: 'SATELLITE_OF' });
    await expect
      .poll(() => satellite.getByTestId('degree-stances').textContent(), WAIT)
      .toMatch(/opinion/i);
    await page.close();
  });

  it('when a search lists a node already on the canvas, then the result says so', async () => {
    const { page } = await openPage(explorer);
    await addFromSearch(page, 'Belarus');
    await page.getByTestId('search-input').fill('Belarus');
    const first = page.getByTestId('search-result').first();
    await expect.poll(() => first.getByTestId('search-result-on-canvas').count(), WAIT).toBe(1);
    expect(await first.locator('.result-caption').textContent()).toBe('Belarus');
    const others = page.getByTestId('search-result').filter({ hasNotText: /^Belarus/ });
    expect(await others.getByTestId('search-result-on-canvas').count()).toBe(0);
    await page.close();
  });
});

describe('exports', () => {
  it('when the canvas is exported, then CSV comes as a nodes and an edges file, GEXF opens in graphology with every node, edge and quote, and the print picture is 2× with legend and sources', async () => {
    const { page, errors } = await openPage(explorer);
    await expandBelarus(page);
    const scene = await snapshot(page);
    const download = async (kind: string) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('export').selectOption(kind),
      ]);
      return { name: file.suggestedFilename(), text: await readFile(await file.path()) };
    };

    const csv: string[] = [];
    const csvNames: string[] = [];
    page.on('download', (file) => {
      csvNames.push(file.suggestedFilename());
      void file.path().then(async (path) => csv.push(await readFile(path, 'utf8')));
    });
    await page.getByTestId('export').selectOption('csv');
    await expect.poll(() => csv.length, WAIT).toBe(2);
    page.removeAllListeners('download');
    expect(csvNames.sort()).toEqual([
      expect.stringMatching(/^entente-edges-.*\.csv$/),
      expect.stringMatching(/^entente-nodes-.*\.csv$/),
    ]);
    const edgesCsv = csv.find((text) => text.startsWith('id,source_id'))!;
    const nodesCsv = csv.find((text) => text.startsWith('id,key'))!;
    for (const n of scene.nodes) expect(nodesCsv).toContain(n.id);
    for (const e of scene.edges) expect(edgesCsv).toContain(e.id);
    expect(edgesCsv).toContain('satellite');

    const gexf = await download('gexf');
    expect(gexf.name).toMatch(/\.gexf$/);
    const graph = parse(MultiDirectedGraph, gexf.text.toString('utf8'));
    expect(graph.nodes().sort()).toEqual(scene.nodes.map((n) => n.id).sort());
    expect(graph.edges().sort()).toEqual(scene.edges.map((e) => e.id).sort());
    const quotes = await explorer.db.read(async (tx) => {
      const result = await tx.run(
        'MATCH ()-[r]->() WHERE elementId(r) IN $ids RETURN elementId(r) AS id, r.quote AS quote',
        { ids: scene.edges.map((e) => e.id) },
      );
      return result.records.map((r) => [String(r.get('id')), String(r.get('quote'))] as const);
    });
    for (const [id, quote] of quotes) expect(graph.getEdgeAttribute(id, 'quote')).toBe(quote);

    const png = await download('png');
    expect(png.name).toMatch(/\.png$/);
    // PNG header: width and height are big-endian at bytes 16 and 20.
    expect(png.text.readUInt32BE(16)).toBeGreaterThanOrEqual(1800);
    const svg = (await download('svg')).text.toString('utf8');
    expect(svg).toContain('Legend');
    expect(svg).toContain('Sources cited');
    expect(svg).toContain('Iran and Belarus Boost Defense Relationship');
    expect(svg).toMatch(/<title>Entente: /);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the console', () => {
  it('when a query returns nodes, an error follows, and a saved question runs, then nodes read as captions, the error clears the table, and the question shows its Cypher', async () => {
    const { page } = await openPage(explorer);
    await page.getByTestId('toggle-console').click();
    await page.getByTestId('console-mode').selectOption('none');
    await typeQuery(page, "MATCH (s:State {name: 'Belarus'}) RETURN s, [s] AS list");
    await page.getByTestId('console-run').click();
    const table = page.getByTestId('console-table');
    await expect.poll(() => table.locator('tbody tr').count(), WAIT).toBe(1);
    const cells = await table.locator('tbody td').allTextContents();
    expect(cells[0]).toBe('Belarus:State');
    expect(cells[1]).toBe('Belarus:State');
    expect(cells.join('')).not.toContain('{');

    await typeQuery(page, 'MATCH (n RETURN n');
    await page.getByTestId('console-run').click();
    await page.getByTestId('console-error').waitFor();
    expect(await table.locator('tbody tr').count()).toBe(0);
    expect(await page.getByTestId('console-csv').isDisabled()).toBe(true);

    await page.getByTestId('saved-query').filter({ hasText: 'Claims about an entity' }).click();
    await page.getByTestId('saved-run').click();
    await expect.poll(() => table.locator('tbody tr').count(), WAIT).toBeGreaterThan(0);
    expect(await page.getByTestId('console-error').isHidden()).toBe(true);
    expect(await page.locator('.cm-content').textContent()).toContain(
      "statement.stance <> 'reported'",
    );
    expect(await table.textContent()).toContain('Critical Threats Project');
    await page.close();
  });
});
