import { beforeAll, describe, expect, it } from 'vitest';
import {
  WAIT,
  addFromSearch,
  captions,
  doubleClickNode,
  expandBelarus,
  typeQuery,
  nodeId,
  openPage,
  pagePosition,
  settled,
  snapshot,
  useExplorer,
} from './support/explorer-harness.ts';

const explorer = useExplorer();

async function countNodes(): Promise<number> {
  return explorer.db.read(async (tx) => {
    const result = await tx.run('MATCH (n) RETURN count(n) AS n');
    return Number(result.records[0]?.get('n'));
  });
}

describe('the explorer on the article graph', () => {
  it('when an investigator finds Belarus and double-clicks it, then Russia appears joined by SATELLITE_OF, and clicking that edge shows its stance and quote', async () => {
    const { page, errors, dialogs } = await openPage(explorer);
    const belarus = await addFromSearch(page, 'Belarus');
    await doubleClickNode(page, belarus);
    await expect.poll(() => captions(page), WAIT).toContain('Russia');
    const russia = await nodeId(page, 'Russia');
    const satellite = (await snapshot(page)).edges.find(
      (e) => e.type === 'SATELLITE_OF' && e.source === belarus && e.target === russia,
    );
    expect(satellite).toBeDefined();

    await settled(page);
    const mid = await pagePosition(page, satellite!.id);
    await page.mouse.click(mid.x, mid.y);
    await expect
      .poll(() => page.getByTestId('details-edge-type').textContent(), WAIT)
      .toBe('SATELLITE_OF');
    expect(await page.getByTestId('details-stance').textContent()).toBe(satellite!.stance);
    expect(await page.getByTestId('details-quote').textContent()).toMatch(/satellite/i);
    await expect
      .poll(() => page.getByTestId('details-source').textContent(), WAIT)
      .toContain('Iran and Belarus');
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('when the context menu of Iran expands only BACKS, then every node that comes in is one Iran BACKS, as many as the menu said', async () => {
    const { page } = await openPage(explorer);
    const iran = await addFromSearch(page, 'Iran');
    await settled(page);
    const at = await pagePosition(page, iran);
    await page.mouse.click(at.x, at.y, { button: 'right' });
    const item = page.getByTestId('menu-expand-BACKS-out');
    await item.waitFor();
    const shown = Number(await item.locator('.count').textContent());
    expect(shown).toBeGreaterThan(0);
    await item.click();
    const backs = (scene: Awaited<ReturnType<typeof snapshot>>) =>
      scene.edges.filter((e) => e.type === 'BACKS' && e.source === iran);
    await expect.poll(async () => backs(await snapshot(page)).length, WAIT).toBe(shown);
    const scene = await snapshot(page);
    // Every node that came in is one Iran BACKS (the canvas may also show how they relate).
    const backed = new Set(backs(scene).map((e) => e.target));
    const newcomers = scene.nodes.filter((n) => n.id !== iran);
    expect(newcomers.length).toBeGreaterThan(0);
    expect(newcomers.every((n) => backed.has(n.id))).toBe(true);
    expect(scene.nodes.map((n) => n.caption)).toContain('Russia');
    await page.close();
  });

  it('when a node is expanded, then the canvas shows every relationship among its nodes, as the database holds them', async () => {
    const { page } = await openPage(explorer);
    await expandBelarus(page);
    const ids = (await snapshot(page)).nodes.map((n) => n.id);
    const held = await explorer.db.read(async (tx) => {
      const result = await tx.run(
        `MATCH (a)-[r]-(b) WHERE elementId(a) IN $ids AND elementId(b) IN $ids
         RETURN DISTINCT elementId(r) AS id`,
        { ids },
      );
      return result.records.map((r) => String(r.get('id'))).sort();
    });
    // Some of these join two neighbours of Belarus, not Belarus itself.
    expect(held.length).toBeGreaterThan(ids.length - 1);
    await expect
      .poll(async () => (await snapshot(page)).edges.flatMap((e) => e.relationshipIds).sort(), WAIT)
      .toEqual(held);
    await page.close();
  });

  it('when stances and dates are filtered, then only the matching relationships stay drawn', async () => {
    const { page } = await openPage(explorer);
    const belarus = await addFromSearch(page, 'Belarus');
    await doubleClickNode(page, belarus);
    await expect.poll(async () => (await snapshot(page)).edges.length, WAIT).toBeGreaterThan(5);
    const khrenin = await nodeId(page, 'Viktor Khrenin');
    await doubleClickNode(page, khrenin);
    await expect
      .poll(async () => (await snapshot(page)).edges.filter((e) => e.date).length, WAIT)
      .toBeGreaterThan(1);

    await page.getByTestId('filter-stances').getByText('opinion', { exact: true }).click();
    let scene = await snapshot(page);
    expect(scene.edges.filter((e) => e.stance === 'opinion').every((e) => !e.visible)).toBe(true);
    expect(scene.edges.filter((e) => e.stance === 'reported').every((e) => e.visible)).toBe(true);

    const dates = scene.edges
      .map((e) => e.date)
      .filter((d): d is string => !!d)
      .sort();
    await page.getByTestId('as-of').evaluate((input: HTMLInputElement) => {
      input.value = input.min;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(await page.getByTestId('as-of-text').textContent()).toBe(`As of ${dates[0]}`);
    scene = await snapshot(page);
    const later = scene.edges.filter((e) => e.date && e.date > dates[0]!);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((e) => !e.visible)).toBe(true);
    await page.close();
  });

  it('when the keyboard is used on a selected node, then Enter expands it and Shift+F10 opens its menu', async () => {
    const { page } = await openPage(explorer);
    await addFromSearch(page, 'Belarus');
    await page.getByTestId('canvas').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => captions(page), WAIT).toContain('Russia');
    await page.keyboard.press('Shift+F10');
    const menu = page.getByTestId('context-menu');
    await menu.waitFor();
    await page.getByTestId('menu-expand-SATELLITE_OF-out').waitFor();
    await page.keyboard.press('Escape');
    expect(await menu.isHidden()).toBe(true);
    await page.close();
  });

  it('when arrow keys are pressed on the canvas, then the selection moves to the nearest node that way and is announced', async () => {
    const { page } = await openPage(explorer);
    await expandBelarus(page);
    await page.getByTestId('canvas').focus();
    let moves = 0;
    for (const [key, axis, sign] of [
      ['ArrowRight', 'x', 1],
      ['ArrowDown', 'y', 1],
      ['ArrowLeft', 'x', -1],
      ['ArrowUp', 'y', -1],
    ] as const) {
      const before = await snapshot(page);
      const from = before.nodes.find((n) => n.id === before.selection);
      await page.keyboard.press(key);
      const after = await snapshot(page);
      const to = after.nodes.find((n) => n.id === after.selection);
      if (!from?.position || !to?.position || to.id === from.id) continue;
      // Whatever it moved to lies that way, and its name is read out.
      expect(sign * (to.position[axis] - from.position[axis])).toBeGreaterThan(0);
      expect(await page.getByTestId('canvas-announcer').textContent()).toContain(to.caption);
      moves += 1;
    }
    // Belarus sits among its neighbours: most directions have somewhere to go.
    expect(moves).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Escape');
    expect((await snapshot(page)).selection).toBeNull();
    // With nothing selected, an arrow picks the node nearest the middle of the view.
    await page.keyboard.press('ArrowRight');
    expect((await snapshot(page)).selection).not.toBeNull();
    await page.close();
  });

  it('when the scene is exported, then a PNG and a JSON scene with its nodes are downloaded', async () => {
    const { page } = await openPage(explorer);
    const belarus = await addFromSearch(page, 'Belarus');
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export').selectOption('png'),
    ]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export').selectOption('json'),
    ]);
    const path = await json.path();
    const { readFile } = await import('node:fs/promises');
    const scene = JSON.parse(await readFile(path, 'utf8')) as { nodes: { id: string }[] };
    expect(scene.nodes.map((n) => n.id)).toEqual([belarus]);
    await page.close();
  });

  it('when an expansion is undone, then its nodes leave the canvas, and redo brings them back where they were', async () => {
    const { page } = await openPage(explorer);
    await expandBelarus(page);
    const expanded = await snapshot(page);

    await page.getByTestId('undo').click();
    await expect.poll(() => captions(page), WAIT).toEqual(['Belarus']);
    await page.getByTestId('redo').click();
    await expect
      .poll(async () => (await snapshot(page)).nodes.length, WAIT)
      .toBe(expanded.nodes.length);
    const redone = await snapshot(page);
    expect(redone.nodes.map((n) => [n.id, n.position])).toEqual(
      expanded.nodes.map((n) => [n.id, n.position]),
    );

    // Keyboard too: Ctrl+Z on the canvas undoes.
    await page.getByTestId('canvas').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => captions(page), WAIT).toEqual(['Belarus']);
    await page.close();
  });

  it('when Khrenin and Putin are selected and paths are found, then a path between them is highlighted and the rest dimmed', async () => {
    const { page } = await openPage(explorer);
    const khrenin = await addFromSearch(page, 'Khrenin', 'Viktor Khrenin');
    const putin = await addFromSearch(page, 'Putin', 'Vladimir Putin');
    await settled(page);
    const a = await pagePosition(page, khrenin);
    await page.mouse.click(a.x, a.y);
    const b = await pagePosition(page, putin);
    await page.keyboard.down('Shift');
    await page.mouse.click(b.x, b.y);
    await page.keyboard.up('Shift');
    await expect
      .poll(() => page.getByTestId('paths-from').textContent(), WAIT)
      .toBe('Viktor Khrenin');
    expect(await page.getByTestId('paths-to').textContent()).toBe('Vladimir Putin');

    await page.getByTestId('find-paths').click();
    await expect
      .poll(async () => (await snapshot(page)).highlight?.nodes.length ?? 0, WAIT)
      .toBeGreaterThan(2);
    const scene = await snapshot(page);
    expect(scene.highlight!.nodes).toContain(khrenin);
    expect(scene.highlight!.nodes).toContain(putin);
    expect(scene.highlight!.edges.length).toBeGreaterThan(0);
    expect(await page.getByTestId('paths-result').textContent()).toMatch(/path/);

    await page.getByTestId('clear-highlight').click();
    await expect.poll(async () => (await snapshot(page)).highlight, WAIT).toBeNull();
    await page.close();
  });

  it('when the console runs a read query, then the table shows its rows and its graph reaches the canvas; a write is refused inline and changes nothing', async () => {
    const { page } = await openPage(explorer);
    await page.getByTestId('toggle-console').click();
    await typeQuery(
      page,
      "MATCH (s:State)-[r:BACKS]->(t:State {name: 'Russia'}) RETURN s.name AS backer, r, t",
    );
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(() => page.getByTestId('console-table').locator('tbody tr').count(), WAIT)
      .toBeGreaterThan(0);
    expect(await page.getByTestId('console-table').locator('th').allTextContents()).toEqual([
      'backer',
      'r',
      't',
    ]);
    expect(await page.getByTestId('console-table').textContent()).toContain('Iran');
    await expect
      .poll(() => captions(page), WAIT)
      .toEqual(expect.arrayContaining(['Iran', 'Russia']));
    expect((await snapshot(page)).edges.some((e) => e.type === 'BACKS')).toBe(true);

    const before = await countNodes();
    await typeQuery(page, "CREATE (:Person {name: 'Intruder'})");
    await page.keyboard.press('Control+Enter');
    const error = page.getByTestId('console-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/read-only|refused|not allowed|write/i);
    expect(await countNodes()).toBe(before);
    await page.close();
  });

  it('when a query has a syntax error, then the error names its line and column', async () => {
    const { page } = await openPage(explorer);
    await page.getByTestId('toggle-console').click();
    await typeQuery(page, 'MATCH (n)\nRETURN n LIMT 5');
    await page.getByTestId('console-run').click();
    const error = page.getByTestId('console-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/line 2/);
    expect(await page.locator('.cm-query-error').count()).toBe(1);
    await page.close();
  });

  it('when a node is named with an HTML payload, then it renders as text and no dialog fires', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    await explorer.db.write((tx) =>
      tx.run("CREATE (:Person {id: 'person:payload', name: $payload, note: $note})", {
        payload,
        note: '<script>alert(2)</script>',
      }),
    );
    const { page, dialogs, errors } = await openPage(explorer);
    await page.getByTestId('search-input').fill('onerror');
    const result = page.getByTestId('search-result').first();
    await result.waitFor();
    expect(await result.locator('.result-caption').textContent()).toBe(payload);
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('details-caption').textContent(), WAIT).toBe(payload);
    expect(await page.getByTestId('properties').textContent()).toContain(
      '<script>alert(2)</script>',
    );
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('when /api/health says the database is unreachable, then a banner says so, and it clears when the database is back', async () => {
    const { page } = await openPage(explorer);
    expect(await page.getByTestId('db-banner').isHidden()).toBe(true);
    await page.route('**/api/health', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({
          status: 'unavailable',
          neo4j: { connected: false, message: 'Connection refused' },
        }),
      }),
    );
    await page.route('**/api/search*', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'DATABASE_UNAVAILABLE',
            message: 'The graph database is unreachable; try again shortly.',
          },
        }),
      }),
    );
    await page.getByTestId('search-input').fill('Belarus');
    await expect.poll(() => page.getByTestId('db-banner').isVisible(), WAIT).toBe(true);
    expect(await page.getByTestId('db-banner').textContent()).toMatch(/unreachable/i);
    expect(await page.locator('.search-message').textContent()).toMatch(/unreachable/i);

    await page.unroute('**/api/health');
    await page.unroute('**/api/search*');
    await expect.poll(() => page.getByTestId('db-banner').isHidden(), WAIT).toBe(true);
    await page.close();
  });

  it('when a scene link is opened in a new tab, then the same nodes appear where they were, with their relationships', async () => {
    const { page } = await openPage(explorer);
    await expandBelarus(page);
    const original = await snapshot(page);
    await expect.poll(() => page.url(), WAIT).toContain('#n=');
    const link = page.url();

    const reopened = await explorer.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await reopened.goto(link);
    await reopened.waitForSelector('body[data-ready="true"]');
    const scene = await snapshot(reopened);
    expect(scene.nodes.map((n) => n.id).sort()).toEqual(original.nodes.map((n) => n.id).sort());
    // The link carries nodes; every relationship among them is drawn, so the original ones at least.
    expect(scene.edges.map((e) => e.id)).toEqual(
      expect.arrayContaining(original.edges.map((e) => e.id)),
    );
    const where = (s: typeof scene) =>
      Object.fromEntries(
        s.nodes.map((n) => [n.id, [Math.round(n.position!.x), Math.round(n.position!.y)]]),
      );
    expect(where(scene)).toEqual(where(original));
    await reopened.close();
    await page.close();
  });

  it('when WebGL drawing is switched on, then the same scene is drawn by WebGL, expanding and undo still work, and the choice is remembered', async () => {
    const { page } = await openPage(explorer);
    const belarus = await addFromSearch(page, 'Belarus');
    const before = (await snapshot(page)).nodes;
    await page.getByTestId('toggle-webgl').click();
    expect(await page.getByTestId('toggle-webgl').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => window.__entente?.webgl())).toBe(true);
    expect((await snapshot(page)).nodes).toEqual(before);
    await doubleClickNode(page, belarus);
    await expect.poll(() => captions(page), WAIT).toContain('Russia');
    await page.keyboard.press('Control+z');
    await expect.poll(() => captions(page), WAIT).toEqual(['Belarus']);
    // Opened again in this browser, the page draws with WebGL from the start.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.evaluate(() => window.__entente?.webgl())).toBe(true);
    await page.getByTestId('toggle-webgl').click();
    expect(await page.evaluate(() => window.__entente?.webgl())).toBe(false);
    expect(await page.getByTestId('toggle-webgl').getAttribute('aria-pressed')).toBe('false');
    await page.close();
  });
});

describe('a node with more neighbours than one page', () => {
  beforeAll(async () => {
    await explorer.db.write((tx) =>
      tx.run(
        `CREATE (hub:Organisation {id: 'org:test-hub', name: 'Test Hub Alliance'})
         WITH hub UNWIND range(1, 60) AS i
         CREATE (hub)<-[:MEMBER_OF {stance: 'reported'}]-(:Person {id: 'person:member-' + i, name: 'Member ' + i})`,
      ),
    );
  });

  it('when it is double-clicked, then one page comes in, it shows "+N more", and clicking that loads the rest', async () => {
    const { page } = await openPage(explorer);
    const hub = await addFromSearch(page, 'Test Hub Alliance');
    await doubleClickNode(page, hub);
    await expect.poll(async () => (await snapshot(page)).nodes.length, WAIT).toBe(51);
    const first = await snapshot(page);
    expect(first.nodes.find((n) => n.id === hub)?.more).toBe(10);
    await settled(page);
    await page.screenshot({ path: '/tmp/entente-paging.png' });

    const badge = await pagePosition(page, `more:${hub}`);
    await page.mouse.click(badge.x, badge.y);
    await expect.poll(async () => (await snapshot(page)).nodes.length, WAIT).toBe(61);
    expect((await snapshot(page)).nodes.find((n) => n.id === hub)?.more).toBe(0);
    await page.close();
  });
});
