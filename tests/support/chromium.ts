import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const debianChromium = '/usr/bin/chromium';

/**
 * The Chromium to drive, in order: CHROMIUM_PATH, Debian's /usr/bin/chromium, then the build
 * shipped inside the @sparticuz/chromium npm package (unpacked to the temp folder on first
 * use), so `npm install && npm test` needs no system browser. No tool ever downloads one.
 */
export async function chromiumExecutable(): Promise<{ path: string; build: string }> {
  if (process.env.CHROMIUM_PATH) return { path: process.env.CHROMIUM_PATH, build: 'CHROMIUM_PATH' };
  if (existsSync(debianChromium)) return { path: debianChromium, build: 'Debian chromium' };
  const { default: shipped } = await import('@sparticuz/chromium');
  return { path: await shipped.executablePath(), build: '@sparticuz/chromium' };
}

/** Headless, with the background services off: this machine's closed network refuses them. */
export async function launchChromium(): Promise<Browser> {
  const { path } = await chromiumExecutable();
  return chromium.launch({
    executablePath: path,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      // software WebGL for the renderer's WebGL mode; harmless where a GPU exists
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}
