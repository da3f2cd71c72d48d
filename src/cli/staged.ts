// `scan --staged`: only the lines `git diff --cached` adds, for a pre-commit hook. Each added line is
// judged on its own (a token never spans lines) and keeps its line number in the staged file.
import { spawnSync } from 'node:child_process';
import { CliError } from './cliError';
import { judgeText, type Verifier } from './judgeText';
import type { FileResult } from './scanFile';
import type { CliSettings } from './configFile';

export interface AddedLines {
  readonly display: string;
  readonly lines: { readonly number: number; readonly text: string }[];
}

/** Unquotes a path git wrote in C style ("a\tb" with its octal escapes for UTF-8 bytes). */
function unquote(path: string): string {
  if (!path.startsWith('"')) {
    return path;
  }
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 };
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && /^[0-7]{3}$/.test(body.slice(i + 1, i + 4))) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (body[i] === '\\' && simple[body[i + 1]] !== undefined) {
      bytes.push(simple[body[i + 1]]);
      i++;
    } else {
      bytes.push(...new TextEncoder().encode(body[i]));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** The added lines of each file in a unified diff with no context (`git diff -U0`). */
export function parseAddedLines(diff: string): AddedLines[] {
  const files: AddedLines[] = [];
  let current: AddedLines | undefined;
  let next = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      current = target === '/dev/null' ? undefined : { display: unquote(target).replace(/^b\//, ''), lines: [] };
      if (current) {
        files.push(current);
      }
    } else if (line.startsWith('@@ ')) {
      const match = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      next = match ? Number(match[1]) : 0;
    } else if (current && line.startsWith('+')) {
      current.lines.push({ number: next, text: line.slice(1) });
      next++;
    }
  }
  return files.filter((file) => file.lines.length > 0);
}

export function stagedDiff(cwd: string): string {
  const result = spawnSync(
    'git',
    [
      '-c',
      'core.quotepath=off',
      'diff',
      '--cached',
      '-U0',
      '--no-color',
      '--no-ext-diff',
      '--diff-filter=ACMR',
      '--src-prefix=a/',
      '--dst-prefix=b/',
    ],
    { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 },
  );
  if (result.error || result.status !== 0) {
    throw new CliError('--staged needs a git repository: `git diff --cached` failed here.');
  }
  return result.stdout;
}

export async function scanAddedLines(
  files: readonly AddedLines[],
  settings: CliSettings,
  verifier: Verifier,
  now: number,
): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const file of files) {
    let tokenCount = 0;
    const tokens = [];
    let bytes = 0;
    for (const line of file.lines) {
      bytes += line.text.length;
      const report = await judgeText(line.text, settings, verifier, now, line.number - 1);
      tokenCount += report.tokens.length;
      tokens.push(...report.tokens.filter((token) => token.findings.length > 0));
    }
    results.push({ display: file.display, tokens, tokenCount, truncated: false, bytes });
  }
  return results;
}
