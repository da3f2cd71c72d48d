// The files a scan reads: every file under the given paths that git would not ignore, in a stable
// order. Inside a git work tree git itself lists them (tracked files, even those a .gitignore now
// matches, and untracked ones that .gitignore, .git/info/exclude and core.excludesFile leave);
// elsewhere an own walk follows each .gitignore from the repository root down, and skips .git.
// Reading and the binary and size checks happen in the workers (scanFile).
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ioError } from './cliError';

export interface ScanTarget {
  readonly path: string;
  /** The path as reported: relative to the working folder, '/'-separated. */
  readonly display: string;
}

interface IgnoreRules {
  readonly base: string;
  readonly rules: Ignore;
}

export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

function rulesIn(dir: string): IgnoreRules | undefined {
  const file = join(dir, '.gitignore');
  if (!existsSync(file)) {
    return undefined;
  }
  try {
    return { base: dir, rules: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    // An unreadable .gitignore ignores nothing, as in git.
    return undefined;
  }
}

/** As git decides: the deepest .gitignore with a rule for the path wins (a "!pattern" there re-includes it). */
function ignored(path: string, isDir: boolean, stack: readonly IgnoreRules[]): boolean {
  for (let level = stack.length - 1; level >= 0; level--) {
    const { base, rules } = stack[level];
    const rel = relative(base, path).split(sep).join('/');
    if (rel === '' || rel.startsWith('..')) {
      continue;
    }
    const verdict = rules.test(isDir ? `${rel}/` : rel);
    if (verdict.ignored || verdict.unignored) {
      return verdict.ignored;
    }
  }
  return false;
}

/** The .gitignore rules of the folders from the repository root (the nearest folder with .git) down to `dir`, exclusive. */
function ancestorRules(dir: string): IgnoreRules[] {
  const chain: string[] = [];
  for (let current = dirname(dir); ; current = dirname(current)) {
    chain.unshift(current);
    if (existsSync(join(current, '.git')) || dirname(current) === current) {
      break;
    }
  }
  // Only inside a repository: outside one, a .gitignore in a parent folder means nothing.
  if (!existsSync(join(chain[0], '.git'))) {
    return [];
  }
  return chain.map(rulesIn).filter((rules): rules is IgnoreRules => rules !== undefined);
}

/** Every file to scan under `paths` (files named directly are scanned even when ignored). */
export function listFiles(paths: readonly string[], cwd: string): ScanTarget[] {
  const out: ScanTarget[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    if (!seen.has(path)) {
      seen.add(path);
      out.push({ path, display: displayPath(path, cwd) });
    }
  };
  for (const given of paths.length > 0 ? paths : ['.']) {
    const start = resolve(cwd, given);
    let isDir: boolean;
    try {
      isDir = statSync(start).isDirectory();
    } catch (error) {
      throw ioError(error, 'path', given);
    }
    if (!isDir) {
      add(start);
      continue;
    }
    listFolder(start, add, new Set());
  }
  return out;
}

/** A folder's files: git's list inside a work tree, the own walk elsewhere. */
function listFolder(dir: string, add: (path: string) => void, listed: Set<string>): void {
  if (listed.has(dir)) {
    return;
  }
  listed.add(dir);
  const tracked = gitFiles(dir);
  if (tracked === undefined) {
    walk(dir, ancestorRules(dir), add);
    return;
  }
  for (const path of tracked) {
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      // Deleted from the work tree but still in the index: nothing to read.
      continue;
    }
    if (stat.isFile()) {
      add(path);
    } else if (stat.isDirectory()) {
      // A submodule or a nested repository: git lists the folder, not what is in it.
      listFolder(path, add, listed);
    }
    // Symbolic links are not followed, as in the walk.
  }
}

/**
 * The files git lists under `dir` (paths joined to it), or undefined when `dir` is in no work tree
 * or git cannot run. core.fsmonitor is turned off: a hostile checkout's .git/config could name a
 * program for git to start.
 */
function gitFiles(dir: string): string[] | undefined {
  const result = spawnSync('git', ['-c', 'core.fsmonitor=false', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: dir,
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (result.error || result.status !== 0) {
    return undefined;
  }
  return result.stdout
    .toString('utf8')
    .split('\0')
    .filter((name) => name !== '')
    .map((name) => join(dir, name));
}

function walk(dir: string, inherited: readonly IgnoreRules[], add: (path: string) => void): void {
  const own = rulesIn(dir);
  const stack = own ? [...inherited, own] : inherited;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw ioError(error, 'folder', dir);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git' && !ignored(path, true, stack)) {
        walk(path, stack, add);
      }
    } else if (entry.isFile() && !ignored(path, false, stack)) {
      add(path);
    }
    // Symbolic links are not followed (a link can leave the tree or loop), as git stores them.
  }
}
