import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, testAuth } from '../support/auth-app.ts';
import {
  addFromSearch,
  captions,
  expectSignInCardFits,
  SCREENSHOTS,
  useExplorer,
  WAIT,
} from './support/explorer-harness.ts';

const explorer = useExplorer({
  prepareAuth: (db) => testAuth(db, { roles: ['viewer', 'analyst'] }),
});

async function openSignIn(width = 1280, height = 720): Promise<{ page: Page; errors: string[] }> {
  const page = await explorer.browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(explorer.url);
  await page.getByTestId('sign-in-username').waitFor();
  return { page, errors };
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

describe('the explorer with sign-in on', () => {
  it('when an analyst signs in, explores and signs out, then the sign-in page comes back', async () => {
    const { page, errors } = await openSignIn();
    try {
      await signIn(page, ACCOUNTS.analyst.username, 'not-the-password');
      await expect
        .poll(() => page.getByTestId('sign-in-message').textContent(), WAIT)
        .toBe('Wrong username or password.');

      await signIn(page, ACCOUNTS.analyst.username, ACCOUNTS.analyst.password);
      await page.waitForSelector('body[data-ready="true"] [data-testid="canvas"]');
      await expect.poll(() => page.getByTestId('user-name').textContent(), WAIT).toBe('ali');
      expect(await page.getByTestId('user-role').textContent()).toBe('analyst');
      await addFromSearch(page, 'Belarus');
      expect(await captions(page)).toContain('Belarus');
      expect(await page.getByTestId('toggle-console').isVisible()).toBe(true);

      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in-username').waitFor();
      const session = await page.evaluate(() =>
        fetch('/api/session').then((r) => r.json() as Promise<{ user: unknown }>),
      );
      expect(session.user).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('when a viewer signs in, then there is no console, not even by its shortcut', async () => {
    const { page, errors } = await openSignIn();
    try {
      await signIn(page, ACCOUNTS.viewer.username, ACCOUNTS.viewer.password);
      await page.waitForSelector('body[data-ready="true"] [data-testid="canvas"]');
      await addFromSearch(page, 'Iran');
      expect(await page.getByTestId('toggle-console').count()).toBe(0);
      await page.getByTestId('canvas').focus();
      await page.keyboard.press('`');
      await page.waitForTimeout(300);
      expect(await page.getByTestId('console').isHidden()).toBe(true);
      expect(await page.getByTestId('user-role').textContent()).toBe('viewer');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('when the sign-in page is shown at 1440 and 1024 px, then its form and, once signed in, the top bar fit the window', async () => {
    for (const width of [1440, 1024]) {
      const { page } = await openSignIn(width, 800);
      try {
        await expectSignInCardFits(page, width, `sign-in-${width}.png`);
        await signIn(page, ACCOUNTS.analyst.username, ACCOUNTS.analyst.password);
        await page.waitForSelector('body[data-ready="true"] [data-testid="canvas"]');
        await page.screenshot({ path: join(SCREENSHOTS, `signed-in-${width}.png`) });
        const signOut = await page.getByTestId('sign-out').boundingBox();
        expect(signOut).not.toBeNull();
        expect(signOut!.x + signOut!.width).toBeLessThanOrEqual(width);
      } finally {
        await page.close();
      }
    }
  });
});
