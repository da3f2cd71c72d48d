// One file's text judged as the extension judges an open document: the same scan, decode, verify,
// verdict and findings from src/core, with each token's place as line and column.
import { createHash } from 'node:crypto';
import { decodeMatch, scanTokens, type TokenMatch } from '../core/token/scan';
import { tokenFindings, type TokenFinding } from '../core/judge/findings';
import { judge, judgeOptions } from '../core/judge/verdict';
import { summarizeVerdict } from '../core/judge/summary';
import { CachedVerifier, verifyToken, type VerificationKey, type SignatureCheck } from '../core/judge/verify';
import type { DecodedToken } from '../core/token/decode';
import { applyCodeLevels, type CliSettings } from './configFile';
import type { SuppressedFinding } from './triage';

export interface Place {
  /** One-based, as editors and SARIF count; columns in UTF-16 code units. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface TokenReport extends Place {
  /** The CodeLens line: "JWT HS256 · expired 3 days ago · ✗ bad signature". */
  readonly title: string;
  readonly alg?: string;
  readonly kid?: string;
  readonly signature: SignatureCheck['status'];
  /** Each with its own fingerprint once triaged (src/cli/triage.ts). */
  readonly findings: readonly (TokenFinding & { readonly fingerprint?: string })[];
  /** SHA-256 of the token: tells the same token apart across runs without showing it. */
  readonly fingerprint: string;
  /** The reason of a `jwt-lens: allow` comment covering it ('' when it gives none). */
  readonly allowed?: string;
  /** Findings triage kept out of the report: counted in the summary, listed in JSON. */
  readonly suppressed?: readonly SuppressedFinding[];
}

export interface TextReport {
  readonly tokens: TokenReport[];
  /** The file holds more tokens than are checked. */
  readonly truncated: boolean;
}

/** Verifies with the keys given; without keys every signature is "no key", at no cost. */
export class Verifier {
  private readonly cached: CachedVerifier | undefined;

  constructor(private readonly keys: readonly VerificationKey[]) {
    if (keys.length > 0) {
      this.cached = new CachedVerifier();
      this.cached.setKeys(keys);
    }
  }

  verify(decoded: DecodedToken): Promise<SignatureCheck> {
    return this.cached ? this.cached.verify(decoded) : verifyToken(decoded, this.keys);
  }
}

/** One-based line and column (UTF-16 code units) of an offset; asked for offsets in increasing order. */
export interface Placer {
  at(offset: number): { line: number; column: number };
}

/** Line starts found so far, extended as tokens further down are placed (tokens come in order). */
export class LineCounter implements Placer {
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  at(offset: number): { line: number; column: number } {
    for (let next = this.text.indexOf('\n', this.lineStart); next !== -1 && next < offset; next = this.text.indexOf('\n', this.lineStart)) {
      this.line++;
      this.lineStart = next + 1;
    }
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}

export interface JudgedTokens {
  /** Every token, or with `onlyFindings` only those with a finding. */
  readonly reports: TokenReport[];
  readonly count: number;
}

/**
 * Judges each token as the extension does. With `onlyFindings`, a clean token is counted but gets
 * no place, title or fingerprint: a tree's clean tokens are not reported.
 */
export async function judgeMatches(
  matches: readonly TokenMatch[],
  placer: Placer,
  settings: CliSettings,
  verifier: Verifier,
  now: number,
  options: { lineOffset?: number; onlyFindings?: boolean } = {},
): Promise<JudgedTokens> {
  const lineOffset = options.lineOffset ?? 0;
  const reports: TokenReport[] = [];
  for (const match of matches) {
    const decoded = decodeMatch(match);
    const verdict = judge(decoded, await verifier.verify(decoded), judgeOptions(settings, now));
    const findings = applyCodeLevels(tokenFindings(verdict, settings.diagnostics), settings.codeLevels);
    if (options.onlyFindings && findings.length === 0) {
      continue;
    }
    const start = placer.at(match.start);
    const summary = summarizeVerdict(verdict);
    // A token never spans lines: its characters are base64url and dots.
    reports.push({
      line: start.line + lineOffset,
      column: start.column,
      endLine: start.line + lineOffset,
      endColumn: start.column + (match.end - match.start),
      title: summary.title,
      alg: summary.alg,
      kid: summary.kid,
      signature: summary.signature?.status ?? 'no-key',
      findings,
      // Node's native SHA-256: the core's portable one costs more than judging the token.
      fingerprint: createHash('sha256').update(match.text).digest('hex'),
    });
  }
  return { reports, count: matches.length };
}

export async function judgeText(text: string, settings: CliSettings, verifier: Verifier, now: number, lineOffset = 0): Promise<TextReport> {
  const { tokens, truncated } = scanTokens(text, { maxTokenLength: settings.maxTokenLength });
  const { reports } = await judgeMatches(tokens, new LineCounter(text), settings, verifier, now, { lineOffset });
  return { tokens: reports, truncated };
}
