// Triage, the way secret scanners do it: a finding someone has looked at stays out of the report
// but is counted in its summary, never dropped silently. Three ways, checked in this order: an
// allow comment at the token (`jwt-lens: allow <reason>`), the scan root's .jwtlensignore, and a
// baseline file (--baseline, written by --write-baseline). Each finding is known by a fingerprint:
// a hash of its path, its code and the token's own hash, so it survives the token moving to
// another line and never holds the token.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TokenFinding } from '../core/judge/findings';
import { CliError, ioError } from './cliError';
import type { TokenReport } from './judgeText';
import type { FileResult } from './scanFile';

export const IGNORE_FILE = '.jwtlensignore';
const BASELINE_FORMAT = 'jwt-lens-baseline/1';

export type SuppressedBy = 'allow' | 'ignore-file' | 'baseline';

export interface SuppressedFinding extends TokenFinding {
  readonly fingerprint: string;
  readonly by: SuppressedBy;
  /** An allow comment's reason. */
  readonly reason?: string;
}

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly path: string;
  readonly code: string;
  /** Where it was when recorded: for people reading the file; matching is by fingerprint. */
  readonly line: number;
}

/** 16 hex digits (64 bits) of SHA-256 over the path, the code and the token's SHA-256. */
export function findingFingerprint(path: string, code: string, tokenHash: string): string {
  return createHash('sha256').update(`${path}\n${code}\n${tokenHash}`).digest('hex').slice(0, 16);
}

const FINGERPRINT = /^[0-9a-f]{16}$/;

/** The fingerprints in `.jwtlensignore` at `root`: one a line, `#` starts a comment; none when there is no file. */
export function readIgnoreFile(root: string): Set<string> {
  const path = resolve(root, IGNORE_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') {
      return new Set();
    }
    throw ioError(error, 'ignore file', IGNORE_FILE);
  }
  const out = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') {
      return;
    }
    if (!FINGERPRINT.test(line)) {
      throw new CliError(`${IGNORE_FILE}:${index + 1}: not a fingerprint (16 hex digits, as scan reports show them).`);
    }
    out.add(line);
  });
  return out;
}

export function readBaseline(path: string, cwd: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw ioError(error, 'baseline', path);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${path}: not a baseline (it is not JSON). Write one with --write-baseline.`);
  }
  const findings = (parsed as { format?: unknown; findings?: unknown } | null)?.findings;
  if ((parsed as { format?: unknown } | null)?.format !== BASELINE_FORMAT || !Array.isArray(findings)) {
    throw new CliError(`${path}: not a jwt-lens baseline. Write one with --write-baseline.`);
  }
  const out = new Set<string>();
  for (const entry of findings) {
    const fingerprint = (entry as { fingerprint?: unknown } | null)?.fingerprint;
    if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint)) {
      throw new CliError(`${path}: a finding without a valid fingerprint. Write the baseline again with --write-baseline.`);
    }
    out.add(fingerprint);
  }
  return out;
}

export function writeBaseline(path: string, cwd: string, entries: readonly BaselineEntry[]): void {
  const sorted = [...entries].sort((a, b) =>
    a.path !== b.path ? (a.path < b.path ? -1 : 1) : a.line !== b.line ? a.line - b.line : a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
  );
  try {
    writeFileSync(resolve(cwd, path), `${JSON.stringify({ format: BASELINE_FORMAT, findings: sorted }, null, 2)}\n`);
  } catch (error) {
    throw ioError(error, 'baseline', path, 'write');
  }
}

export interface TriageOptions {
  readonly ignored: ReadonlySet<string>;
  readonly baseline?: ReadonlySet<string>;
  /** --write-baseline: every finding not allowed or ignored is recorded, and so counts as baselined. */
  readonly recordAll: boolean;
}

/** Splits each file's findings into those reported and those triaged away. */
export class Triage {
  /** The findings recorded for --write-baseline. */
  readonly recorded: BaselineEntry[] = [];

  constructor(private readonly options: TriageOptions) {}

  apply(result: FileResult): FileResult {
    if (result.tokens.length === 0) {
      return result;
    }
    return { ...result, tokens: result.tokens.map((token) => this.token(result.display, token)) };
  }

  private token(path: string, token: TokenReport): TokenReport {
    const reported: (TokenFinding & { fingerprint: string })[] = [];
    const suppressed: SuppressedFinding[] = [];
    for (const finding of token.findings) {
      const fingerprint = findingFingerprint(path, finding.code, token.fingerprint);
      const by = this.suppressedBy(fingerprint, token);
      if (by === 'allow') {
        suppressed.push({ ...finding, fingerprint, by, reason: token.allowed });
        continue;
      }
      if (by === 'ignore-file') {
        suppressed.push({ ...finding, fingerprint, by });
        continue;
      }
      if (this.options.recordAll) {
        this.recorded.push({ fingerprint, path, code: finding.code, line: token.line });
      }
      if (by === 'baseline') {
        suppressed.push({ ...finding, fingerprint, by });
      } else {
        reported.push({ ...finding, fingerprint });
      }
    }
    return { ...token, findings: reported, suppressed };
  }

  private suppressedBy(fingerprint: string, token: TokenReport): SuppressedBy | undefined {
    if (token.allowed !== undefined) {
      return 'allow';
    }
    if (this.options.ignored.has(fingerprint)) {
      return 'ignore-file';
    }
    if (this.options.recordAll || this.options.baseline?.has(fingerprint)) {
      return 'baseline';
    }
    return undefined;
  }
}
