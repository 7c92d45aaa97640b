export declare function startMintKeyProxy(options: {
  port: number;
  targetPort: number;
}): Promise<{ port: number; close(): Promise<void> }>;
