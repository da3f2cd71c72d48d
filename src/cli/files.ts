// The files a scan reads: every file under the given paths that git would not ignore, in a stable
// order. Inside a git work tree git itself lists them (tracked files, even those a .gitignore now
// matches, and untracked ones that .gitignore, .git/info/exclude and core.excludesFile leave);
// elsewhere an own walk follows each .gitignore from the repository root down, and skips .git.
// Reading and the binary and size checks happen in the workers (scanFile).
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { SAFE_GIT_OPTIONS } from './gitOptions';
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

function rulesIn(dir: string, known?: boolean): IgnoreRules | undefined {
  const file = join(dir, '.gitignore');
  if (known === false || (known === undefined && !existsSync(file))) {
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
  return chain.map((folder) => rulesIn(folder)).filter((rules): rules is IgnoreRules => rules !== undefined);
}

export interface FileList {
  readonly targets: ScanTarget[];
  /** Folders that could not be read, as reported: skipped and counted, as unreadable files are. */
  readonly unreadableFolders: string[];
}

/** Every file to scan under `paths` (files named directly are scanned even when ignored). */
export function listFiles(paths: readonly string[], cwd: string): FileList {
  const lister = new Lister(cwd);
  for (const given of paths.length > 0 ? paths : ['.']) {
    const start = resolve(cwd, given);
    let isDir: boolean;
    try {
      isDir = statSync(start).isDirectory();
    } catch (error) {
      throw ioError(error, 'path', given);
    }
    if (isDir) {
      lister.folder(start);
    } else {
      lister.add(start);
    }
  }
  return { targets: lister.targets, unreadableFolders: lister.unreadableFolders };
}

/**
 * The files to scan, in the report's order (by display path). One folder outside a git work tree is
 * walked as it is scanned, each folder's entries in that order (a folder's name sorts as if it ended
 * in "/"), so no list of the tree is held; otherwise the files are listed, then sorted.
 * `unreadableFolders` is complete once `targets` has been read to the end.
 */
export function filesInOrder(paths: readonly string[], cwd: string): { targets: Iterable<ScanTarget>; unreadableFolders: string[] } {
  if (paths.length <= 1) {
    const given = paths[0] ?? '.';
    const start = resolve(cwd, given);
    let isDir: boolean;
    try {
      isDir = statSync(start).isDirectory();
    } catch (error) {
      throw ioError(error, 'path', given);
    }
    if (isDir && !mayBeInWorkTree(start)) {
      const lister = new Lister(cwd);
      return { targets: lister.walkInOrder(start, ancestorRules(start)), unreadableFolders: lister.unreadableFolders };
    }
  }
  const { targets, unreadableFolders } = listFiles(paths, cwd);
  return { targets: targets.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0)), unreadableFolders };
}

class Lister {
  readonly targets: ScanTarget[] = [];
  readonly unreadableFolders: string[] = [];
  private readonly seen = new Set<string>();
  private readonly listed = new Set<string>();

  constructor(private readonly cwd: string) {}

  add(path: string, display?: string): void {
    if (!this.seen.has(path)) {
      this.seen.add(path);
      this.targets.push({ path, display: display ?? displayPath(path, this.cwd) });
    }
  }

  unreadable(dir: string): void {
    const display = displayPath(dir, this.cwd);
    if (!this.unreadableFolders.includes(display)) {
      this.unreadableFolders.push(display);
    }
  }

  /** A folder's files: git's list inside a work tree, the own walk elsewhere. */
  folder(dir: string): void {
    if (this.listed.has(dir)) {
      return;
    }
    this.listed.add(dir);
    const listing = gitFiles(dir);
    if (listing === undefined) {
      this.walk(dir, ancestorRules(dir));
      return;
    }
    listing.unreadable.forEach((folder) => this.unreadable(folder));
    for (const path of listing.files) {
      let stat;
      try {
        stat = lstatSync(path);
      } catch (error) {
        // Deleted from the work tree but still in the index: nothing to read. Otherwise the read
        // fails and the file is counted unreadable.
        if ((error as { code?: unknown }).code !== 'ENOENT') {
          this.add(path);
        }
        continue;
      }
      if (stat.isFile()) {
        this.add(path);
      } else if (stat.isDirectory()) {
        // A submodule or a nested repository: git lists the folder, not what is in it.
        this.folder(path);
      }
      // Symbolic links are not followed, as in the walk.
    }
  }

  /** A folder outside git, each file yielded as it is reached, in display order, holding nothing of it. `display` is `dir` as reported. */
  *walkInOrder(dir: string, inherited: readonly IgnoreRules[], display = displayPath(dir, this.cwd)): Generator<ScanTarget> {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      this.unreadable(dir);
      return;
    }
    const own = rulesIn(
      dir,
      entries.some((entry) => entry.name === '.gitignore'),
    );
    const stack = own ? [...inherited, own] : inherited;
    const prefix = display === '.' ? '' : `${display}/`;
    const keyed = entries
      .filter((entry) => entry.isFile() || (entry.isDirectory() && entry.name !== '.git'))
      .map((entry) => ({ entry, key: entry.isDirectory() ? `${entry.name}/` : entry.name }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { entry } of keyed) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!ignored(path, true, stack)) {
          yield* this.walkInOrder(path, stack, prefix + entry.name);
        }
      } else if (!ignored(path, false, stack)) {
        yield { path, display: prefix + entry.name };
      }
      // Symbolic links are not followed (a link can leave the tree or loop), as git stores them.
    }
  }

  /** The own walk (outside git): the same walk as the in-order scan, its files collected. */
  private walk(dir: string, inherited: readonly IgnoreRules[]): void {
    for (const target of this.walkInOrder(dir, inherited)) {
      this.add(target.path, target.display);
    }
  }
}

/** git's warning for a folder it cannot open (in the C locale), with the path from the work tree's top. */
const GIT_UNREADABLE_FOLDER = /^warning: could not open directory '(.*)': /gm;

/**
 * The files git lists under `dir` (paths joined to it) and the folders it could not read, or
 * undefined when `dir` is in no work tree or git cannot run (with SAFE_GIT_OPTIONS: a checkout is hostile input).
 */
function gitFiles(dir: string): { files: string[]; unreadable: string[] } | undefined {
  if (!mayBeInWorkTree(dir)) {
    return undefined;
  }
  const git = (args: string[]) =>
    spawnSync('git', [...SAFE_GIT_OPTIONS, ...args], {
      cwd: dir,
      env: { ...process.env, LC_ALL: 'C' },
      maxBuffer: 1024 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const result = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  if (result.error || result.status !== 0) {
    return undefined;
  }
  const files = result.stdout
    .toString('utf8')
    .split('\0')
    .filter((name) => name !== '')
    .map((name) => join(dir, name));
  const warned = [...result.stderr.toString('utf8').matchAll(GIT_UNREADABLE_FOLDER)].map((match) => match[1]);
  if (warned.length === 0) {
    return { files, unreadable: [] };
  }
  const top = git(['rev-parse', '--show-toplevel']).stdout.toString('utf8').trim();
  return { files, unreadable: warned.map((folder) => join(top || dir, folder)) };
}

/**
 * Whether git could find a work tree for `dir`: a .git (folder or file) or a bare repository in it
 * or a folder above, or one named in the environment. When none is there, git ls-files would only
 * fail, and starting it costs more than walking a small tree.
 */
function mayBeInWorkTree(dir: string): boolean {
  if (process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined) {
    return true;
  }
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git')) || (existsSync(join(current, 'HEAD')) && existsSync(join(current, 'objects')))) {
      return true;
    }
    if (dirname(current) === current) {
      return false;
    }
  }
}
