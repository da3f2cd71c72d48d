// The repository's root, found from wherever a compiled suite runs: esbuild bundles this file into
// each suite, so `__dirname` is that suite's output folder, at any depth under out/.
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'esbuild.js'))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`No repository root above ${start}`);
    }
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
