// `scan --staged`: only the lines `git diff --cached` adds, for a pre-commit hook. Each added line is
// judged on its own (a token never spans lines) and keeps its line number in the staged file; one
// line of context shows the line above, where an allow comment may stand.
import { spawnSync } from 'node:child_process';
import { allowReason } from '../core/text/allowComment';
import { CliError } from './cliError';
import { SAFE_GIT_OPTIONS } from './gitOptions';
import type { AddedLines } from './diff';
import { judgeText, type TokenReport, type Verifier } from './judgeText';
import type { FileResult } from './scanFile';
import type { CliSettings } from './configFile';

export { parseAddedLines, type AddedLines } from './diff';

export function stagedDiff(cwd: string): string {
  const result = spawnSync(
    'git',
    [
      ...SAFE_GIT_OPTIONS,
      'diff',
      '--cached',
      '-U1',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
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

/** One file's added lines judged: tokens with findings kept (with any allow comment's reason), all counted. */
export async function scanLines(file: AddedLines, settings: CliSettings, verifier: Verifier, now: number): Promise<FileResult> {
  let tokenCount = 0;
  const tokens: TokenReport[] = [];
  let bytes = 0;
  for (const line of file.lines) {
    bytes += line.text.length;
    const report = await judgeText(line.text, settings, verifier, now, line.number - 1);
    tokenCount += report.tokens.length;
    const allowed = report.tokens.some((token) => token.findings.length > 0) ? allowReason(line.text, line.above) : undefined;
    for (const token of report.tokens) {
      if (token.findings.length > 0) {
        tokens.push(allowed === undefined ? token : { ...token, allowed });
      }
    }
  }
  return { display: file.display, tokens, tokenCount, truncated: false, bytes };
}

export async function scanAddedLines(
  files: readonly AddedLines[],
  settings: CliSettings,
  verifier: Verifier,
  now: number,
): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const file of files) {
    results.push(await scanLines(file, settings, verifier, now));
  }
  return results;
}
