import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { VsCodeServer, WorkbenchTarget } from './server.mjs';

export declare const CHROMIUM: string;
export declare const CHROMIUM_FLAGS: string[];
export declare function launchChromium(options?: { headless?: boolean }): Promise<Browser>;

export interface OpenWorkbenchOptions extends WorkbenchTarget {
  viewport?: { width: number; height: number };
  permissions?: string[];
  onConsole?: (line: string) => void;
  browser?: Browser;
}

export interface OpenedWorkbench {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  url: string;
  close(): Promise<void>;
}

export declare function openWorkbench(server: VsCodeServer, options?: OpenWorkbenchOptions): Promise<OpenedWorkbench>;
