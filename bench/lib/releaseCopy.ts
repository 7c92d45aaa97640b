// The release build and the .vsix, made in a copy of the working tree in a temporary folder so that
// the shared dist/ (which the other tests use) is left alone. Made once per bench process, through
// the project's own `node scripts/package.mjs` (release build, vsce, package check).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export interface ReleaseCopy {
  /** The copied extension folder, with dist/ built by `esbuild.mjs --release`. */
  dir: string;
  /** The packaged extension, or undefined when packaging failed (see `packageOutput`). */
  vsixPath: string | undefined;
  packageOk: boolean;
  packageOutput: string;
}

const root = process.cwd();
let made: ReleaseCopy | undefined;
let work: string | undefined;

function copyWorkingTree(to: string): void {
  const skip = new Set(['node_modules', 'dist', 'out', '.git', '.vscode-test', 'test-results', '.cache', 'bench']);
  cpSync(root, to, {
    recursive: true,
    filter: (src) => {
      const rel = relative(root, src);
      return rel === '' || (!skip.has(rel.split('/')[0]) && !rel.endsWith('.vsix'));
    },
  });
  symlinkSync(join(root, 'node_modules'), join(to, 'node_modules'), 'dir');
}

export function releaseCopy(): ReleaseCopy {
  if (made) return made;
  work = mkdtempSync(join(tmpdir(), 'telnyx-bench-release-'));
  const dir = join(work, 'extension');
  copyWorkingTree(dir);
  const vsix = join(work, 'telnyx-calls.vsix');
  const result = spawnSync(process.execPath, ['scripts/package.mjs', '--out', vsix], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 300_000,
  });
  const packageOutput =
    `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim();
  if (!existsSync(join(dir, 'dist', 'extension.js'))) {
    throw new Error(`the release build failed in ${dir}:\n${packageOutput.slice(-2000)}`);
  }
  made = { dir, vsixPath: existsSync(vsix) ? vsix : undefined, packageOk: result.status === 0, packageOutput };
  return made;
}

export function removeReleaseCopy(): void {
  if (work) rmSync(work, { recursive: true, force: true });
  work = undefined;
  made = undefined;
}
