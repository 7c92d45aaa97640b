export interface DemoLoopOptions {
  simPort?: number;
  webhookPort?: number;
  apiPort?: number;
  appPort?: number;
  ringEverySeconds?: number;
  onAppLine?: (line: string) => void;
}

export interface DemoLoop {
  sim: { url: string; key: string; mainConnectionId: string; publicKey: string; port: number };
  /** Where the sample app listens for webhooks. */
  appUrl: string;
  webhookPort: number;
  apiPort: number;
  ringEverySeconds: number;
  /** The settings that close the loop in VS Code (the simulator as the API, the tap's address and ports). */
  userSettings: Record<string, string | number>;
  /** Ends the sample app and the simulator (their process groups). */
  stop(): Promise<void>;
}

/** `root`: the repository, built (out/simulator/cli.js). */
export declare function startDemoLoop(root: string, options?: DemoLoopOptions): Promise<DemoLoop>;
