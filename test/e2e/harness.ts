// What a person does in the workbench, for the UI tests (test/e2e/*.e2e.ts, run with node:test):
// a real VS Code server (+ /mint-key proxy) with the extension under development, opened in Debian's
// Chromium. Screenshots go to test-results/screenshots/ (git-ignored).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { ensureVsCodeServer } from '../../scripts/lib/install.mjs';
import { startVsCodeServer, type VsCodeServer } from '../../scripts/lib/server.mjs';
import { openWorkbench, type OpenedWorkbench } from '../../scripts/lib/workbench.mjs';

/** The repository (out/e2e/x.js → ../..): the extension under development. */
export const repoRoot = resolve(__dirname, '..', '..');
export const screenshotsDir = join(repoRoot, 'test-results', 'screenshots');

export interface WorkbenchOptions {
  /** User settings, as a user has them (e.g. `telnyx.apiBaseUrl`, `workbench.colorTheme`). */
  userSettings?: Record<string, unknown>;
  /** Environment of the server, which reaches the extension host (e.g. TELNYX_API_KEY). */
  env?: Record<string, string | undefined>;
  /** Files created in the opened workspace folder, by relative path. */
  files?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** e.g. ['clipboard-read', 'clipboard-write'] for tests that read the clipboard. */
  permissions?: string[];
  /** Default: this repository. */
  extensionDevelopmentPath?: string;
  /** A .vsix installed into the fresh extensions folder before the server starts, as a user would;
   *  the workbench then opens without any extension under development. */
  installVsix?: string;
}

export class Workbench {
  readonly consoleLines: string[] = [];

  private constructor(
    readonly server: VsCodeServer,
    private readonly opened: OpenedWorkbench,
  ) {}

  get page(): Page {
    return this.opened.page;
  }

  /** Starts the server, opens the workbench and waits until it is usable. Always `close()` it. */
  static async start(options: WorkbenchOptions = {}): Promise<Workbench> {
    await ensureVsCodeServer();
    const server = await startVsCodeServer({
      // A quiet workbench for screenshots: no welcome page, no chat side bar.
      userSettings: {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
        ...options.userSettings,
      },
      // A developer's own key or base URL must not leak into a test unless the test passes it.
      env: { TELNYX_API_KEY: undefined, TELNYX_API_BASE_URL: undefined, ...options.env },
      installVsix: options.installVsix,
    });
    let opened: OpenedWorkbench | undefined;
    try {
      for (const [path, content] of Object.entries(options.files ?? {})) {
        const file = join(server.dirs.workspace, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
      const lines: string[] = [];
      opened = await openWorkbench(server, {
        extensionDevelopmentPath: options.installVsix ? undefined : (options.extensionDevelopmentPath ?? repoRoot),
        viewport: options.viewport,
        permissions: options.permissions,
        onConsole: (line) => lines.push(line),
      });
      const workbench = new Workbench(server, opened);
      workbench.consoleLines.push(...lines);
      opened.page.on('console', (m) => workbench.consoleLines.push(`[browser ${m.type()}] ${m.text()}`));
      await opened.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      // The extension host is up once the activity bar lists the extension's container.
      await workbench.activityBarItem().waitFor({ timeout: 60_000 });
      return workbench;
    } catch (error) {
      // A browser left open keeps the test process alive: close it before the server.
      await opened?.close().catch(() => undefined);
      await server.stop();
      throw error;
    }
  }

  /** The Telnyx Calls item of the activity bar. */
  activityBarItem(): Locator {
    return this.page.locator('.activitybar .action-item a[aria-label^="Telnyx Calls"]').first();
  }

  /** Clicks the Telnyx activity-bar item (unless its side bar is already showing) and waits for the view. */
  async openTelnyxView(): Promise<Locator> {
    const pane = this.connectionsView();
    if (!(await pane.isVisible())) await this.activityBarItem().click();
    await pane.waitFor({ state: 'visible', timeout: 30_000 });
    return pane;
  }

  /**
   * As a person opens a call: narrows the Connections view to `connectionName` with the view's name
   * filter, expands that connection and clicks the call row that shows `callRowText`.
   */
  async openCallFromTree(connectionName: string, callRowText: string): Promise<void> {
    await this.openTelnyxView();
    await this.page
      .locator('.part.sidebar .title-actions .action-label[aria-label="Filter Connections by Name…"]')
      .click();
    const filterInput = this.quickInput().locator('input');
    await filterInput.waitFor({ state: 'visible' });
    await filterInput.fill(connectionName);
    await filterInput.press('Enter');
    await filterInput.waitFor({ state: 'hidden' });
    const connectionRow = this.treeRows({ hasText: connectionName }).first();
    await connectionRow.waitFor({ timeout: 30_000 });
    // Move away from the title bar so its tooltip does not cover the tree.
    await this.page.mouse.move(700, 500);
    await this.page.keyboard.press('Escape');
    await connectionRow.click();
    const callRow = this.treeRows({ hasText: callRowText }).first();
    await callRow.waitFor({ timeout: 30_000 });
    await callRow.click();
  }

  /** The side bar pane of the Connections view (header + body). */
  connectionsView(): Locator {
    return this.page
      .locator('.pane')
      .filter({ has: this.page.locator('.pane-header', { hasText: /Connections/i }) })
      .first();
  }

  /** Rows of the tree in the Connections view; filter with `{ hasText }`. */
  treeRows(options?: { hasText?: string | RegExp }): Locator {
    return this.connectionsView().locator('.monaco-list-row', options);
  }

  /** Opens the command palette with F1, types `title`, and runs the matching entry. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible' });
    await input.press('Enter');
  }

  /**
   * "Developer: Reload Window", as a person reloads: the workbench saves its state (open editors,
   * webview state) on the way out. A bare page reload may not give it the chance, and the panels
   * then do not come back.
   */
  async reloadWindow(): Promise<void> {
    const navigated = this.page.waitForEvent('framenavigated', { timeout: 60_000 });
    await this.runCommand('Developer: Reload Window');
    await navigated;
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }

  /** The quick input (pick or input box) while it is open. */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens a workspace file with Ctrl+P, waits for its editor. */
  async openFile(relativePath: string): Promise<Locator> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relativePath);
    await this.page
      .locator('.quick-input-widget .monaco-list-row', { hasText: relativePath.split('/').pop() ?? relativePath })
      .first()
      .waitFor();
    await input.press('Enter');
    const editor = this.page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ state: 'visible' });
    return editor;
  }

  /** Hovers the first rendered editor token containing `text`; returns the hover widget once shown. */
  async hoverText(text: string): Promise<Locator> {
    const token = this.page.locator('.monaco-editor .view-line span span', { hasText: text }).first();
    await token.waitFor({ state: 'visible' });
    await token.hover();
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    return hover;
  }

  /** The content of a webview (an iframe inside an iframe); `index` picks among open webviews. */
  webview(index = 0): FrameLocator {
    return this.page.locator('iframe.webview.ready').nth(index).contentFrame().frameLocator('#active-frame');
  }

  /** Notification toasts currently shown. */
  notifications(options?: { hasText?: string | RegExp }): Locator {
    return this.page.locator('.notification-toast', options);
  }

  /**
   * A notification, whether it shows as a toast or went to the notification centre (the workbench
   * does that while other notifications are showing, or once a toast timed out): the centre is
   * opened from the status bar's bell, as a person would.
   */
  async findNotification(text: string | RegExp, timeoutMs = 20_000): Promise<Locator> {
    const page = this.page;
    const anywhere = page
      .locator('.notification-toast, .notifications-center .notification-list-item', { hasText: text })
      .first();
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await anywhere.isVisible()) return anywhere;
      if (!(await page.locator('.notifications-center.visible').isVisible())) {
        await page
          .locator('.statusbar-item[id*="notifications"], .statusbar [aria-label*="otification"]')
          .first()
          .click()
          .catch(() => undefined);
        // The pointer left on the bell shows its tooltip, which can cover the notification's buttons.
        await page.mouse.move(0, 0);
      }
      await page.waitForTimeout(250);
    }
    await anywhere.waitFor({ state: 'visible', timeout: 1 });
    return anywhere;
  }

  /** The bottom panel (Output, Problems, …). */
  panel(): Locator {
    return this.page.locator('.part.panel');
  }

  /** The name of the channel the Output panel shows ("Switch Output" picker), or undefined if hidden. */
  async outputChannel(): Promise<string | undefined> {
    const picker = this.page.locator('.part.panel select[aria-label="Switch Output"]').first();
    if (!(await picker.isVisible())) return undefined;
    return picker.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text);
  }

  /** Polls `read` until `accept` holds or `timeoutMs` passes; returns the last value read. */
  /**
   * Reads until `accept` takes the value, and returns it; throws when `timeoutMs` passes first (with
   * the last value read), so a caller cannot forget to check.
   */
  async poll<T>(
    read: () => Promise<T>,
    accept: (value: T) => boolean,
    timeoutMs = 15_000,
    what = 'the expected value',
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let value = await read();
    while (!accept(value)) {
      if (Date.now() >= deadline)
        throw new Error(
          `Timed out after ${timeoutMs} ms waiting for ${what}; last value read: ${JSON.stringify(value)?.slice(0, 300)}`,
        );
      await this.page.waitForTimeout(100);
      value = await read();
    }
    return value;
  }

  /** Saves a PNG to test-results/screenshots/<name>.png; returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(screenshotsDir, { recursive: true });
    const path = join(screenshotsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** The VS Code version the workbench shows in Help: About ("Code: 1.139.1"; code-server names its own too). */
  async aboutVersion(): Promise<string> {
    await this.runCommand('Help: About');
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible' });
    const text = await dialog.innerText();
    await this.page.keyboard.press('Escape');
    const match = text.match(/^(?:Code|Version):\s*(\d+\.\d+\.\d+)/m);
    if (!match) throw new Error(`No version in the About dialog: ${text}`);
    return match[1];
  }

  /** Closes the browser and stops the server (its whole process group). */
  async close(): Promise<void> {
    await this.opened.close();
    await this.server.stop();
  }
}
