export interface VsCodeServerOptions {
  /** Public port (the /mint-key proxy's); default a free one. */
  port?: number;
  /** Written to <user-data>/User/settings.json before the server starts. */
  userSettings?: Record<string, unknown>;
  /** Added to the server's environment (reaches the extension host); undefined removes a variable. */
  env?: Record<string, string | undefined>;
  extensionsDir?: string;
  /** A .vsix installed before the server starts, as a user would. */
  installVsix?: string;
  /** Keep the temporary folder after stop() (also env TELNYX_TEST_KEEP=1). */
  keep?: boolean;
  startTimeoutMs?: number;
}

export interface VsCodeServer {
  /** http://127.0.0.1:<port> of the proxy: open the workbench here. */
  readonly url: string;
  /** 127.0.0.1:<port>, the authority of vscode-remote URIs. */
  readonly authority: string;
  /** The server itself, without the proxy. */
  readonly serverUrl: string;
  readonly pid: number | undefined;
  readonly dirs: { tmp: string; userData: string; serverData: string; extensions: string; workspace: string };
  readonly logFile: string;
  output(): string;
  onOutput(listener: (text: string) => void): () => void;
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(options?: { keep?: boolean }): Promise<void>;
}

export interface WorkbenchTarget {
  folder?: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
}

export declare function startVsCodeServer(options?: VsCodeServerOptions): Promise<VsCodeServer>;
export declare function workbenchUrl(server: VsCodeServer, target?: WorkbenchTarget): string;
