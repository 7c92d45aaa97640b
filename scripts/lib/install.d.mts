import type { CachePaths } from './cache.mjs';
export declare function ensureVsCodeServer(options?: {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Promise<CachePaths>;
export declare function installedVsCodeVersion(env?: NodeJS.ProcessEnv): string;
