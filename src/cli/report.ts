// `scan` output: text for people (file:line:col, the token's status line, each finding's level, code
// and reason), JSON for scripts, SARIF 2.1.0 for code scanning. No format ever holds a token's text:
// a committed token may be a live credential. Paths and token-derived text are shown with their
// invisible characters escaped, so a hostile name cannot rewrite the terminal.
import { FINDING_RULES, type FindingCode, type FindingLevel } from '../core/judge/findings';
import { showInvisible } from '../core/text/display';
import type { TokenReport } from './judgeText';
import type { FileResult } from './scanFile';
import { IGNORE_FILE, type SuppressedBy } from './triage';
import { SARIF_SCHEMA, SARIF_VERSION, type SarifLevel, type SarifLog, type SarifResult, type SarifRule } from './sarif';

export type OutputFormat = 'text' | 'json' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
export type FailOn = FindingLevel | 'none';
export const FAIL_ON_LEVELS: readonly FailOn[] = ['error', 'warning', 'information', 'hint', 'none'];

const RANK: Record<FindingLevel, number> = { error: 3, warning: 2, information: 1, hint: 0 };

export interface ScanSummary {
  readonly files: number;
  readonly bytes: number;
  readonly tokens: number;
  readonly findings: Readonly<Record<FindingLevel, number>>;
  readonly skipped: { readonly binary: number; readonly tooLarge: number; readonly unreadable: number };
  /** Files holding more tokens than are checked. */
  readonly truncated: readonly string[];
  /** Folders that could not be read: nothing in them was scanned. */
  readonly unreadableFolders: readonly string[];
  /** Findings triage kept out of the report (src/cli/triage.ts). */
  readonly suppressed: Readonly<Record<SuppressedBy, number>>;
  /** Reported live tokens, and how many of them a key verified. */
  readonly live: { readonly tokens: number; readonly verified: number };
}

/** The summary, added to one file at a time as results stream in. */
export class SummaryTally {
  private readonly findings: Record<FindingLevel, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  private readonly skipped = { binary: 0, tooLarge: 0, unreadable: 0 };
  private readonly truncated: string[] = [];
  private readonly unreadableFolders: string[] = [];
  private readonly suppressed: Record<SuppressedBy, number> = { allow: 0, 'ignore-file': 0, baseline: 0 };
  private readonly live = { tokens: 0, verified: 0 };
  private files = 0;
  private tokens = 0;
  private bytes = 0;

  add(result: FileResult): void {
    this.files++;
    this.tokens += result.tokenCount;
    this.bytes += result.bytes;
    for (const token of result.tokens) {
      for (const finding of token.findings) {
        this.findings[finding.level]++;
      }
      for (const finding of token.suppressed ?? []) {
        this.suppressed[finding.by]++;
      }
      const live = liveState(token);
      if (live !== undefined) {
        this.live.tokens++;
        this.live.verified += live === 'verified' ? 1 : 0;
      }
    }
    if (result.skipped === 'binary') {
      this.skipped.binary++;
    } else if (result.skipped === 'too-large') {
      this.skipped.tooLarge++;
    } else if (result.skipped === 'unreadable') {
      this.skipped.unreadable++;
    }
    if (result.truncated) {
      this.truncated.push(result.display);
    }
  }

  addUnreadableFolders(folders: readonly string[]): void {
    this.unreadableFolders.push(...folders);
  }

  summary(): ScanSummary {
    const { files, bytes, tokens, findings, skipped, truncated, unreadableFolders, suppressed, live } = this;
    return {
      files,
      bytes,
      tokens,
      findings: { ...findings },
      skipped: { ...skipped },
      truncated: [...truncated],
      unreadableFolders: [...unreadableFolders],
      suppressed: { ...suppressed },
      live: { ...live },
    };
  }
}

export function summarise(results: readonly FileResult[]): ScanSummary {
  const tally = new SummaryTally();
  for (const result of results) {
    tally.add(result);
  }
  return tally.summary();
}

/** True when a finding is at or above `failOn`. */
export function failsAt(summary: ScanSummary, failOn: FailOn): boolean {
  if (failOn === 'none') {
    return false;
  }
  return (Object.keys(RANK) as FindingLevel[]).some((level) => RANK[level] >= RANK[failOn] && summary.findings[level] > 0);
}

/** The report's order: by path (places within a file come in order). */
export function byDisplay(a: { readonly display: string }, b: { readonly display: string }): number {
  return a.display < b.display ? -1 : a.display > b.display ? 1 : 0;
}

/** 12,345: as toLocaleString('en-US'), without starting ICU (slow at its first call; see BENCHMARKS.md). */
function grouped(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${grouped(count)} ${count === 1 ? one : many}`;
}

export function summaryLine(summary: ScanSummary): string {
  const { error, warning, information, hint } = summary.findings;
  const levels = [
    error && plural(error, 'error'),
    warning && plural(warning, 'warning'),
    information && `${grouped(information)} information`,
    hint && plural(hint, 'hint'),
  ].filter(Boolean);
  const skipped = [
    summary.skipped.binary && `${summary.skipped.binary} binary (a NUL byte in the first 8,000 bytes)`,
    summary.skipped.tooLarge && `${summary.skipped.tooLarge} over maxDocumentSize`,
    summary.skipped.unreadable && `${summary.skipped.unreadable} unreadable`,
    summary.unreadableFolders.length > 0 && plural(summary.unreadableFolders.length, 'unreadable folder'),
  ].filter(Boolean);
  const triaged = triageClause(summary);
  return (
    `${plural(summary.files, 'file')} scanned, ${plural(summary.tokens, 'token')}, ` +
    `${levels.length > 0 ? levels.join(', ') : 'no findings'}${liveClause(summary)}` +
    `${triaged ? `; ${triaged}` : ''}` +
    `${skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : ''}.`
  );
}

/** One file's findings as text lines (empty when it has none): written as soon as the file's turn comes. */
export function textFindings(result: FileResult): string {
  const out: string[] = [];
  for (const token of result.tokens) {
    if (token.findings.length === 0) {
      continue;
    }
    out.push(`${showInvisible(result.display)}:${token.line}:${token.column}  ${token.title}${commitText(result)}`);
    const width = Math.max(...token.findings.map((finding) => finding.code.length));
    for (const finding of token.findings) {
      const fingerprint = finding.fingerprint !== undefined ? `  [${finding.fingerprint}]` : '';
      out.push(`  ${finding.level.padEnd(11)} ${finding.code.padEnd(width)}  ${finding.message}${fingerprint}`);
    }
  }
  return out.map((line) => `${line}\n`).join('');
}

/** What the text report ends with, after every file's findings. */
export function textEnd(summary: ScanSummary): string {
  const out = [
    ...summary.truncated.map((file) => `${showInvisible(file)}: only the first tokens were checked (maxTokens).`),
    ...summary.unreadableFolders.map((folder) => `${showInvisible(folder)}: folder not readable.`),
  ];
  out.push(summaryLine(summary));
  return `${out.join('\n')}\n`;
}

export function formatText(results: readonly FileResult[], summary: ScanSummary): string {
  return results.map(textFindings).join('') + textEnd(summary);
}

/**
 * `JSON.stringify(shell, null, 2)` with `items` (each rendered already, at `depth` levels of
 * indentation) as the last empty array in it: the report's long list is held as compact strings,
 * never as one object graph, and the output is what stringifying it whole would give.
 */
function withItems(shell: unknown, items: readonly string[]): string {
  const text = JSON.stringify(shell, null, 2);
  const at = text.lastIndexOf('[]');
  if (items.length === 0) {
    return `${text}\n`;
  }
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = text.slice(lineStart, text.indexOf('"', lineStart));
  return `${text.slice(0, at)}[\n${items.join(',\n')}\n${indent}]${text.slice(at + 2)}\n`;
}

/** One item of a list nested `depth` levels deep, rendered as in the whole report. */
function item(value: unknown, depth: number): string {
  const pad = ' '.repeat(depth * 2);
  return pad + JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`);
}

function tokenJson(token: TokenReport) {
  const { line, column, endLine, endColumn, title, alg, kid, signature, findings, fingerprint, suppressed } = token;
  const base = { line, column, endLine, endColumn, status: title, alg, kid, signature, fingerprint, findings };
  return suppressed !== undefined && suppressed.length > 0 ? { ...base, suppressed } : base;
}

/** One file's entry in the JSON report, or undefined when it has no findings (reported or triaged). */
export function jsonFile(result: FileResult): string | undefined {
  if (result.tokens.length === 0) {
    return undefined;
  }
  const where = result.commit ? { path: result.display, commit: result.commit.hash, date: result.commit.date } : { path: result.display };
  return item({ ...where, tokens: result.tokens.map(tokenJson) }, 2);
}

export function jsonReport(summary: ScanSummary, files: readonly string[]): string {
  return withItems({ summary, files: [] }, files);
}

export function formatJson(results: readonly FileResult[], summary: ScanSummary): string {
  return jsonReport(
    summary,
    results.map(jsonFile).filter((entry): entry is string => entry !== undefined),
  );
}

const SARIF_LEVEL: Record<FindingLevel, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const DEFAULT_RULE_LEVEL: Partial<Record<FindingCode, SarifLevel>> = {
  'not-judged': 'error',
  'known-secret': 'error',
  'invalid-signature': 'error',
  'alg-not-allowed': 'error',
  rejected: 'error',
  'hmac-short-key': 'error',
  'time-not-number': 'error',
  'future-nbf': 'note',
  'unexpected-typ': 'note',
};

export function sarifRules(): SarifRule[] {
  return (Object.keys(FINDING_RULES) as FindingCode[]).map((code) => {
    const rule = FINDING_RULES[code];
    return {
      id: code,
      name: code.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase()),
      shortDescription: { text: rule.description },
      fullDescription: { text: `${rule.description} See ${rule.spec}` },
      helpUri: rule.spec,
      help: { text: `${rule.description} See ${rule.spec}` },
      defaultConfiguration: { level: DEFAULT_RULE_LEVEL[code] ?? 'warning' },
    };
  });
}

const RULE_INDEX = new Map(sarifRules().map((rule, position) => [rule.id, position]));

/**
 * A '/'-separated path as a relative URI reference: each segment percent-encoded, so '#', '?', '%'
 * and ':' in a file name stay part of the path instead of starting a fragment, a query or a scheme.
 */
function relativeUri(display: string): string {
  return display.split('/').map(encodeURIComponent).join('/');
}

/** One file's SARIF results, each rendered as in the whole log. */
export function sarifFileResults(result: FileResult): string[] {
  const out: string[] = [];
  for (const token of result.tokens) {
    for (const finding of token.findings) {
      const sarifResult: SarifResult = {
        ruleId: finding.code,
        ruleIndex: RULE_INDEX.get(finding.code)!,
        level: SARIF_LEVEL[finding.level],
        message: { text: `${finding.message} (${token.title}${commitText(result)})` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: relativeUri(result.display), uriBaseId: '%SRCROOT%' },
              region: { startLine: token.line, startColumn: token.column, endLine: token.endLine, endColumn: token.endColumn },
            },
          },
        ],
        partialFingerprints: { 'jwtLensFinding/v1': finding.fingerprint ?? `${token.fingerprint}:${finding.code}` },
      };
      out.push(item(sarifResult, 4));
    }
  }
  return out;
}

/** `root`: the folder SARIF paths are relative to (the checkout), as a file: URI ending in '/'. */
export function sarifReport(results: readonly string[], version: string, root: string): string {
  const log: SarifLog = {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: { driver: { name: 'jwt-lens', version, rules: sarifRules() } },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: root } },
        results: [],
      },
    ],
  };
  return withItems(log, results);
}

export function formatSarif(results: readonly FileResult[], version: string, root: string): string {
  return sarifReport(results.flatMap(sarifFileResults), version, root);
}

/** 'verified' for a reported live token a key verified, 'live' for another, undefined for the rest. */
export function liveState(token: TokenReport): 'verified' | 'live' | undefined {
  if (!token.findings.some((finding) => finding.code === 'live-token')) {
    return undefined;
  }
  return token.signature === 'valid' ? 'verified' : 'live';
}

function liveClause(summary: ScanSummary): string {
  const { tokens, verified } = summary.live;
  if (tokens === 0) {
    return '';
  }
  return ` (${plural(tokens, 'live token')}${verified > 0 ? `, ${grouped(verified)} verified` : ''})`;
}

function triageClause(summary: ScanSummary): string {
  const { allow, 'ignore-file': ignored, baseline } = summary.suppressed;
  return [
    allow && `${grouped(allow)} allowed inline`,
    ignored && `${grouped(ignored)} in ${IGNORE_FILE}`,
    baseline && `${grouped(baseline)} in the baseline`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** " · added in 1a2b3c4d5e6f on 2024-05-01" for a --history result. */
function commitText(result: FileResult): string {
  return result.commit ? ` · added in ${result.commit.hash.slice(0, 12)} on ${result.commit.date.slice(0, 10)}` : '';
}
