import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with the background services off: this machine's closed
 * network refuses their connections. No tool ever downloads a browser of its own.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
