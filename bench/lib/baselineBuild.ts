// The code of an earlier commit, bundled in a temporary folder, so a benchmark can run "before" and
// "after" side by side in one process. Only the files the entry reaches are used; the working tree
// and the shared out/ and dist/ are left alone.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BaselineBuild {
  /** The bundle's exports. */
  module: unknown;
  commit: string;
  remove(): void;
}

/**
 * Extracts `src/` and package.json of `commit` (any name git knows) and bundles `entrySource`, a
 * TypeScript module written as if it sat at the repository's root (e.g. `export { X } from './src/x'`).
 */
export async function buildBaseline(commit: string, entrySource: string): Promise<BaselineBuild> {
  const root = process.cwd();
  const resolved = execFileSync('git', ['rev-parse', '--short', commit], { cwd: root, encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'telnyx-bench-baseline-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', '--format=tar', resolved, 'src', 'package.json'], {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    writeFileSync(join(dir, 'entry.ts'), entrySource);
    const esbuild = await import('esbuild');
    const outfile = join(dir, 'entry.js');
    await esbuild.build({
      entryPoints: [join(dir, 'entry.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'error',
      // The project's own dependencies (undici) come from this checkout's node_modules.
      nodePaths: [join(root, 'node_modules')],
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module: unknown = require(outfile);
    return { module, commit: resolved, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
