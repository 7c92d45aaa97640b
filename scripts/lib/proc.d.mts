import type { ChildProcess, SpawnOptions } from 'node:child_process';
export declare function freePort(): Promise<number>;
export declare function spawnGroup(command: string, args: string[], options?: SpawnOptions): ChildProcess;
export declare function killGroup(child: ChildProcess, graceMs?: number): Promise<void>;
export declare function run(command: string, args: string[], options?: SpawnOptions): Promise<number>;
