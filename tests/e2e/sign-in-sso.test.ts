import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startOidcStack, type OidcStack } from '../support/oidc-app.ts';
import {
  addFromSearch,
  buildClient,
  CLIENT_DIR,
  expectSignInCardFits,
  SCREENSHOTS,
  WAIT,
} from './support/explorer-harness.ts';

let stack: OidcStack;
let browser: Browser;

beforeAll(async () => {
  buildClient();
  stack = await startOidcStack({ clientDir: CLIENT_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function openSignIn(width = 1280, height = 800): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  await page.goto(stack.url);
  await page.getByTestId('sign-in-sso').waitFor();
  return { page, errors };
}

/** The provider's own login and consent pages, as a person would go through them. */
async function signInAtProvider(page: Page, account: string): Promise<void> {
  await page.getByTestId('sign-in-sso').click();
  await page.waitForURL((url) => url.href.startsWith(stack.issuer), WAIT);
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  // Consent is asked for the first time only.
  const consent = page.getByRole('button', { name: 'Continue' });
  await expect
    .poll(async () => page.url().startsWith(stack.url) || (await consent.isVisible()), WAIT)
    .toBe(true);
  if (!page.url().startsWith(stack.url)) await consent.click();
  await page.waitForURL((url) => url.href.startsWith(stack.url), WAIT);
}

describe('the explorer with single sign-on', () => {
  it('when a viewer signs in through the provider, explores and signs out, then they see no console and the sign-in page comes back', async () => {
    const { page, errors } = await openSignIn();
    try {
      expect(await page.locator('input[name="password"]').count()).toBe(0);
      await signInAtProvider(page, 'vik');
      await page.waitForSelector('body[data-ready="true"] [data-testid="canvas"]');
      expect(new URL(page.url()).pathname).toBe('/');
      await expect.poll(() => page.getByTestId('user-name').textContent(), WAIT).toBe('vik');
      expect(await page.getByTestId('user-role').textContent()).toBe('viewer');
      await addFromSearch(page, 'Iran');
      expect(await page.getByTestId('toggle-console').count()).toBe(0);
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in-sso').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('when a person with no mapped group comes back from the provider, then the page says why and the address is plain again', async () => {
    const { page, errors } = await openSignIn();
    try {
      await signInAtProvider(page, 'nils');
      await expect
        .poll(() => page.getByTestId('sign-in-message').textContent(), WAIT)
        .toContain('in no group that Entente gives a role to');
      expect(page.url()).toBe(`${stack.url}/`);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('when the single sign-on page is shown at 1440 and 1024 px, then its card fits the window', async () => {
    for (const width of [1440, 1024]) {
      const { page } = await openSignIn(width, 800);
      try {
        await expectSignInCardFits(page, width, `sign-in-sso-${width}.png`);
        await page.goto(`${stack.url}/?sign-in-error=SSO_NO_ROLE`);
        await page.getByTestId('sign-in-sso').waitFor();
        await page.screenshot({ path: join(SCREENSHOTS, `sign-in-sso-refused-${width}.png`) });
      } finally {
        await page.close();
      }
    }
  });
});
