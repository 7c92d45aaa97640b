export declare const VSCODE_SERVER_PACKAGE: string;
export declare const NODE_PACKAGE: string;
export declare function cacheDir(env?: NodeJS.ProcessEnv): string;
export interface CachePaths {
  root: string;
  logs: string;
  node24Prefix: string;
  nodeHome: string;
  node: string;
  vscodePrefix: string;
  codeServer: string;
  serverMain: string;
  vscodePackageJson: string;
}
export declare function cachePaths(env?: NodeJS.ProcessEnv): CachePaths;
