import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, testAuth } from '../support/auth-app.ts';
import {
  addFromSearch,
  signedInPage,
  snapshot,
  useExplorer,
  WAIT,
} from './support/explorer-harness.ts';

/** Where screenshots go when asked for (they are for people to look at, not asserted). */
const SHOTS = process.env.E2E_SCREENSHOTS;

const explorer = useExplorer({
  prepareAuth: (db) => testAuth(db, { roles: ['analyst'] }),
});

/** Each node's fill as drawn on the page's canvas, by caption. */
async function drawnColours(page: Page): Promise<Record<string, string>> {
  const colours: Record<string, string> = {};
  for (const node of (await snapshot(page)).nodes) {
    const style = await page.evaluate((id) => window.__entente?.drawnStyle(id) ?? null, node.id);
    colours[node.caption] = style?.['background-color'] ?? 'not drawn';
  }
  return colours;
}

describe('sharing an investigation from the explorer', () => {
  it('when the owner shares it and publishes a link, then the link opens it read-only for someone signed out, in the explorer’s label colours, and after revoking it opens nothing', async () => {
    const { page, errors } = await signedInPage(explorer);
    try {
      await addFromSearch(page, 'Belarus');
      await addFromSearch(page, 'Iran');
      await addFromSearch(page, 'Critical Threats', 'Critical Threats Project');
      // The explorer colours nodes by label from the schema; the link must look the same.
      const explorerColours = await drawnColours(page);
      expect(new Set(Object.values(explorerColours)).size).toBe(2);
      await page.keyboard.press('Control+s');
      await page.getByTestId('investigation-name').fill('Drones for Belarus');
      await page.getByTestId('investigation-name').press('Enter');
      await expect
        .poll(() => page.getByTestId('investigation-title').textContent(), WAIT)
        .toBe('Drones for Belarus');
      await page.getByTestId('note-input').fill('The memorandum’s details are unclear.');
      await page.getByTestId('add-note').click();
      await page.getByTestId('note-text').first().waitFor();
      expect(await page.locator('.note-meta span').first().textContent()).toContain(
        ACCOUNTS.analyst.username,
      );

      // The Share control: private by default; share to read; publish a link.
      // Saving with Ctrl+S opened the drawer for the title; it may still be open.
      if (!(await page.getByTestId('investigations-drawer').isVisible())) {
        await page.getByTestId('open-investigations').click();
      }
      const item = page.getByTestId('investigation-item').filter({ hasText: 'Drones for Belarus' });
      expect(await item.getByTestId('investigation-sharing').textContent()).toBe('private');
      await item.getByTestId('share-investigation').click();
      expect(await item.getByTestId('share-private').isChecked()).toBe(true);
      await item.getByTestId('share-read').check();
      await expect
        .poll(() => item.getByTestId('investigation-sharing').textContent(), WAIT)
        .toBe('shared: read');
      await item.getByTestId('publish-link').click();
      const linkField = item.getByTestId('published-link');
      await linkField.waitFor();
      const link = await linkField.inputValue();
      expect(link).toMatch(new RegExp(`^${explorer.url}/#link=[A-Za-z0-9_-]{43}$`));
      expect(await item.getByTestId('investigation-sharing').textContent()).toBe(
        'shared: read · link',
      );
      if (SHOTS) {
        for (const width of [1440, 1024]) {
          await page.setViewportSize({ width, height: 900 });
          await page.screenshot({ path: `${SHOTS}/share-control-${width}.png` });
        }
        await page.setViewportSize({ width: 1440, height: 900 });
      }

      // Someone with no session opens the link: the investigation, read-only, and only it.
      const visitor = await explorer.browser.newContext({ viewport: { width: 1440, height: 900 } });
      const reader = await visitor.newPage();
      const asked: string[] = [];
      reader.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (path.startsWith('/api/')) asked.push(path);
      });
      await reader.goto(link);
      await reader.waitForSelector('body[data-ready="true"]');
      expect(await reader.getByTestId('published-banner').textContent()).toContain(
        'Read-only link',
      );
      expect(await reader.getByTestId('published-title').textContent()).toBe('Drones for Belarus');
      expect(await reader.getByTestId('note-text').allTextContents()).toEqual([
        'The memorandum’s details are unclear.',
      ]);
      expect(await reader.getByTestId('note-author').first().textContent()).toContain(
        ACCOUNTS.analyst.username,
      );
      expect(await reader.getByTestId('search-input').count()).toBe(0);
      expect(await reader.getByTestId('save-investigation').count()).toBe(0);
      expect(await drawnColours(reader)).toEqual(explorerColours);
      // Its legend names the scene's labels, and no other of the database's.
      expect(
        await reader
          .getByTestId('legend-labels')
          .locator('li > span:nth-child(2)')
          .allTextContents(),
      ).toEqual(['State', 'Organisation']);
      expect(asked.every((path) => path.startsWith('/api/published/'))).toBe(true);
      expect(asked.length).toBeGreaterThan(0);
      if (SHOTS) {
        for (const width of [1440, 1024]) {
          // Opened afresh at each width: the page fits the scene to the window it opens in.
          await reader.setViewportSize({ width, height: 900 });
          await reader.reload();
          await reader.waitForSelector('body[data-ready="true"]');
          await reader.waitForTimeout(400);
          await reader.screenshot({ path: `${SHOTS}/read-only-link-${width}.png` });
        }
      }

      // Revoked: the same link now opens nothing.
      await item.getByTestId('revoke-link').click();
      await expect
        .poll(() => item.getByTestId('investigation-sharing').textContent(), WAIT)
        .toBe('shared: read');
      const again = await visitor.newPage();
      await again.goto(link);
      await again.getByTestId('published-error').waitFor();
      expect(await again.getByTestId('published-error').textContent()).toContain(
        'This link does not open anything',
      );
      await visitor.close();
      expect(errors).toEqual([]);
    } catch (error) {
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/failed-owner.png` });
      throw error;
    } finally {
      await page.close();
    }
    // Two people's pages and a layout on a busy machine: more than the usual minute.
  }, 180_000);
});
