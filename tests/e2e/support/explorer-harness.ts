import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Dialog, Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium.ts';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Auth } from '../../../server/auth/create-auth.ts';
import type { Database } from '../../../server/db/database.ts';
import { createApp } from '../../../server/http/app.ts';
import { createLogger } from '../../../server/logger.ts';
import { createAnalystServices } from '../../../server/services/analyst-services.ts';
import { HealthService } from '../../../server/services/health-service.ts';
import { warmUp } from '../../../server/services/warm-up.ts';
import type { SceneSnapshot } from '../../../client/src/test-hook.ts';
import { ACCOUNTS } from '../../support/auth-app.ts';
import { loadSeeds } from '../../support/seed-fixture.ts';
import { listen } from '../../support/test-app.ts';
import { resetDatabase, testDatabase } from '../../support/test-database.ts';

const ROOT = process.cwd();
/** How long to wait for something users would see (a cold database is slow the first time). */
export const WAIT = { timeout: 15_000, interval: 100 } as const;
/** The client built with its test hook (`window.__entente`), which production leaves out. */
export const CLIENT_DIR = join(ROOT, 'client', 'dist-test');

let built = false;
/** Builds the test client once per test process, and only when its sources changed. */
export function buildClient(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, 'server', 'build.mjs'), '--test-client'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  built = true;
}

export interface Explorer {
  url: string;
  db: Database;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The real app on port 0, wired as server/main.ts wires it, over the seeded test database;
 * `prepareAuth` turns sign-in on with the accounts it creates.
 */
export async function startExplorer(
  options: { prepareAuth?: (db: Database) => Promise<Auth> } = {},
): Promise<Explorer> {
  const db = testDatabase();
  await resetDatabase(db);
  await loadSeeds(db);
  const auth = options.prepareAuth ? await options.prepareAuth(db) : undefined;
  buildClient();
  const services = createAnalystServices(db, { queryTimeoutMs: 10_000, queryRowCap: 1_000 });
  const server = await listen(
    createApp({
      logger: createLogger('silent'),
      health: new HealthService(db),
      ...services,
      clientDir: CLIENT_DIR,
      auth,
    }),
  );
  // As the app does before it says "up": a cold plan costs seconds on a busy machine.
  await warmUp(services);
  const browser = await launchChromium();
  return {
    url: server.url,
    db,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await db.close();
    },
  };
}

type ExplorerOptions = Parameters<typeof startExplorer>[0];

/**
 * Starts the explorer before this file's tests and closes it after them; its fields are
 * read once the tests run.
 */
export function useExplorer(options: ExplorerOptions = {}): Explorer {
  let explorer: Explorer | undefined;
  beforeAll(async () => {
    explorer = await startExplorer(options);
  });
  afterAll(async () => {
    await explorer?.close();
  });
  const started = () => {
    if (!explorer) throw new Error('the explorer starts in beforeAll');
    return explorer;
  };
  return {
    get url() {
      return started().url;
    },
    get db() {
      return started().db;
    },
    get browser() {
      return started().browser;
    },
    close: () => started().close(),
  };
}

export interface OpenedPage {
  page: Page;
  /** Dialogs (alert, confirm…) the page tried to open: there must never be any. */
  dialogs: string[];
  /** Uncaught errors in the page. */
  errors: string[];
}

/** Opens the explorer `width` px wide with sign-in on, signs in as the analyst and waits for the canvas. */
export async function signedInPage(
  explorer: Explorer,
  width = 1440,
): Promise<{ page: Page; errors: string[] }> {
  const page = await explorer.browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(explorer.url);
  await page.getByTestId('sign-in-username').fill(ACCOUNTS.analyst.username);
  await page.getByTestId('sign-in-password').fill(ACCOUNTS.analyst.password);
  await page.getByTestId('sign-in-submit').click();
  await page.waitForSelector('body[data-ready="true"] [data-testid="canvas"]');
  return { page, errors };
}

/** Opens the explorer at 1280×720 and waits until it is ready for input. */
export async function openPage(explorer: Explorer, hash = ''): Promise<OpenedPage> {
  const page = await explorer.browser.newPage({ viewport: { width: 1280, height: 720 } });
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog: Dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  if (process.env.E2E_DEBUG) {
    page.on('console', (message) => console.log(`[page] ${message.type()}: ${message.text()}`));
  }
  await page.goto(`${explorer.url}/${hash}`);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, dialogs, errors };
}

export function snapshot(page: Page): Promise<SceneSnapshot> {
  return page.evaluate(() => {
    const hook = window.__entente;
    if (!hook) throw new Error('the explorer did not install its test hook');
    return hook.snapshot();
  });
}

export async function captions(page: Page): Promise<string[]> {
  return (await snapshot(page)).nodes.map((n) => n.caption).sort();
}

export async function nodeId(page: Page, caption: string): Promise<string> {
  const node = (await snapshot(page)).nodes.find((n) => n.caption === caption);
  if (!node) throw new Error(`“${caption}” is not on the canvas`);
  return node.id;
}

/** Types into search, waits for the suggestion, and presses Enter to add it. */
export async function addFromSearch(page: Page, text: string, expected = text): Promise<string> {
  const input = page.getByTestId('search-input');
  await input.fill(text);
  await page.getByTestId('search-result').filter({ hasText: expected }).first().waitFor();
  // Put the wanted result first in line, then Enter.
  const items = await page.getByTestId('search-result').allTextContents();
  const index = items.findIndex((t) => t.includes(expected));
  for (let i = 0; i < index; i++) await input.press('ArrowDown');
  await input.press('Enter');
  await expect.poll(() => captions(page), WAIT).toContain(expected);
  return nodeId(page, expected);
}

/** Where an element is drawn on the page, once the canvas has it. */
export async function pagePosition(page: Page, id: string): Promise<{ x: number; y: number }> {
  let position: { x: number; y: number } | null = null;
  await expect
    .poll(async () => {
      position = await page.evaluate(
        (elementId) => window.__entente?.pagePosition(elementId) ?? null,
        id,
      );
      return position !== null;
    }, WAIT)
    .toBe(true);
  return position as unknown as { x: number; y: number };
}

/** Waits until nothing on the canvas moves any more (layouts and their animation are done). */
export async function settled(page: Page): Promise<void> {
  let previous = '';
  await expect
    .poll(
      async () => {
        await page.waitForTimeout(150);
        const now = JSON.stringify((await snapshot(page)).nodes.map((n) => n.position));
        const same = now === previous;
        previous = now;
        return same && (await page.getByTestId('progress').isHidden());
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(true);
  await page.waitForTimeout(300);
}

/** Double-clicks a node once the canvas has settled. */
export async function doubleClickNode(page: Page, id: string): Promise<void> {
  await settled(page);
  const at = await pagePosition(page, id);
  await page.mouse.dblclick(at.x, at.y);
}

/** Adds Belarus from search, double-clicks it and waits for its neighbours to settle. */
export async function expandBelarus(page: Page): Promise<string> {
  const belarus = await addFromSearch(page, 'Belarus');
  await doubleClickNode(page, belarus);
  await expect.poll(async () => (await snapshot(page)).nodes.length, WAIT).toBeGreaterThan(5);
  await settled(page);
  return belarus;
}

/** Replaces the text in the console's editor (once the console has loaded) by typing. */
export async function typeQuery(page: Page, cypher: string): Promise<void> {
  const editor = page.locator('.cm-content');
  await editor.waitFor();
  await editor.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.type(cypher);
}

/** Where the sign-in pages' screenshots go, for people to look at. */
export const SCREENSHOTS = join(tmpdir(), 'entente-screenshots');

/** The sign-in card lies inside a `width`-wide window; its picture goes to SCREENSHOTS as `name`. */
export async function expectSignInCardFits(page: Page, width: number, name: string): Promise<void> {
  const card = await page.locator('.sign-in-card').boundingBox();
  expect(card).not.toBeNull();
  expect(card!.x).toBeGreaterThan(0);
  expect(card!.x + card!.width).toBeLessThan(width);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name) });
}
