// `scan --history [<revisions>]`: the lines each commit added (`git log -p`, oldest first), so a
// token deleted since is still found: it stays in the history, and usable until it expires. Each
// token is reported once, at the first commit that added it, with the same judging and triage as
// the working tree. git's output streams through; only the hashes of tokens seen are kept.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { oneLine } from '../core/text/display';
import { CliError } from './cliError';
import { SAFE_GIT_OPTIONS } from './gitOptions';
import { DiffReader, type AddedLines } from './diff';
import type { Verifier } from './judgeText';
import type { FileResult } from './scanFile';
import type { CliSettings } from './configFile';
import { scanLines } from './staged';

const COMMIT_HEADER = /^jwt-lens-commit ([0-9a-f]{40,64}) (\S+)$/;
const MAX_STDERR = 4096;

export function historyArgs(revisions: readonly string[]): string[] {
  return [
    ...SAFE_GIT_OPTIONS,
    '-c',
    'log.showSignature=false',
    'log',
    '-p',
    '-U1',
    '--reverse',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--diff-filter=ACMR',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    '--format=jwt-lens-commit %H %cI',
    ...(revisions.length > 0 ? revisions : ['HEAD']),
    // Revisions end here: nothing after could be read as a path or an option.
    '--',
  ];
}

export async function scanHistory(
  revisions: readonly string[],
  cwd: string,
  settings: CliSettings,
  verifier: Verifier,
  now: number,
  onResult: (result: FileResult) => void,
): Promise<void> {
  const git = spawn('git', historyArgs(revisions), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  git.stderr.setEncoding('utf8');
  git.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(0, MAX_STDERR);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    git.on('error', reject);
    git.on('close', resolve);
  });
  // Swallowed here and reported by `exited` (git missing): an unhandled rejection would end the process first.
  exited.catch(() => undefined);

  const seen = new Set<string>();
  let commit: { hash: string; date: string } | undefined;
  const pending: { file: AddedLines; commit: { hash: string; date: string } }[] = [];
  const reader = new DiffReader(
    (file) => commit && pending.push({ file, commit }),
    (line) => COMMIT_HEADER.test(line),
  );
  const judgePending = async () => {
    for (const { file, commit: from } of pending.splice(0)) {
      const result = await scanLines(file, settings, verifier, now);
      const first = result.tokens.filter((token) => !seen.has(token.fingerprint));
      first.forEach((token) => seen.add(token.fingerprint));
      onResult({ ...result, tokens: first, commit: from });
    }
  };
  for await (const line of createInterface({ input: git.stdout, crlfDelay: Infinity })) {
    reader.push(line);
    const header = COMMIT_HEADER.exec(line);
    if (header) {
      commit = { hash: header[1], date: header[2] };
    }
    await judgePending();
  }
  reader.flush();
  await judgePending();

  let code: number | null;
  try {
    code = await exited;
  } catch {
    throw new CliError('--history needs git on the PATH: it could not be started.');
  }
  if (code !== 0) {
    const reason = oneLine(stderr.split('\n')[0].replace(/^fatal:\s*/, ''), 200);
    throw new CliError(
      `--history: git log failed${reason ? ` (${reason})` : ''}. Run it in a git repository, with revisions such as main..HEAD.`,
    );
  }
}
