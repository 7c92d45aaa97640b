// Debian's Chromium, driven by Playwright, opening the VS Code web workbench.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { workbenchUrl } from './server.mjs';

export const CHROMIUM = process.env.TELNYX_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium({ headless = true } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium (or run: node scripts/setup.mjs)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless, args: CHROMIUM_FLAGS });
}

/**
 * Opens the workbench of `server` in a new browser context. Returns { browser, context, page, url, close }.
 * @param {object} server from startVsCodeServer
 * @param {object} [options]
 * @param {string} [options.folder] default the server's fresh workspace folder
 * @param {string} [options.extensionDevelopmentPath] absolute path of the extension folder
 * @param {string} [options.extensionTestsPath] absolute path of the compiled test entry (exports run())
 * @param {{width: number, height: number}} [options.viewport]
 * @param {string[]} [options.permissions] e.g. ['clipboard-read', 'clipboard-write']
 * @param {(line: string) => void} [options.onConsole] browser console lines
 * @param {import('playwright-core').Browser} [options.browser] reuse a launched browser
 */
export async function openWorkbench(server, options = {}) {
  const browser = options.browser ?? (await launchChromium());
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
  if (options.permissions?.length) await context.grantPermissions(options.permissions, { origin: server.url });
  const page = await context.newPage();
  if (options.onConsole) {
    page.on('console', (message) => options.onConsole(`[browser ${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => options.onConsole(`[browser pageerror] ${error.message}`));
  }
  const url = workbenchUrl(server, options);
  await page.goto(url);
  return {
    browser,
    context,
    page,
    url,
    close: async () => {
      await context.close().catch(() => undefined);
      if (!options.browser) await browser.close().catch(() => undefined);
    },
  };
}
