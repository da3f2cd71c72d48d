// `scan` output: text for people (file:line:col, the token's status line, each finding's level, code
// and reason), JSON for scripts, SARIF 2.1.0 for code scanning. No format ever holds a token's text:
// a committed token may be a live credential. Paths and token-derived text are shown with their
// invisible characters escaped, so a hostile name cannot rewrite the terminal.
import { FINDING_RULES, type FindingCode, type FindingLevel } from '../core/findings';
import { showInvisible } from '../core/display';
import type { TokenReport } from './judgeText';
import type { FileResult } from './scanFile';
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
}

export function summarise(results: readonly FileResult[]): ScanSummary {
  const findings: Record<FindingLevel, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  const skipped = { binary: 0, tooLarge: 0, unreadable: 0 };
  let tokens = 0;
  let bytes = 0;
  for (const result of results) {
    tokens += result.tokenCount;
    bytes += result.bytes;
    for (const token of result.tokens) {
      for (const finding of token.findings) {
        findings[finding.level]++;
      }
    }
    if (result.skipped === 'binary') {
      skipped.binary++;
    } else if (result.skipped === 'too-large') {
      skipped.tooLarge++;
    } else if (result.skipped === 'unreadable') {
      skipped.unreadable++;
    }
  }
  const truncated = results.filter((result) => result.truncated).map((result) => result.display);
  return { files: results.length, bytes, tokens, findings, skipped, truncated };
}

/** True when a finding is at or above `failOn`. */
export function failsAt(summary: ScanSummary, failOn: FailOn): boolean {
  if (failOn === 'none') {
    return false;
  }
  return (Object.keys(RANK) as FindingLevel[]).some((level) => RANK[level] >= RANK[failOn] && summary.findings[level] > 0);
}

/** Results in a stable order: by path, then place. */
export function sortResults(results: FileResult[]): FileResult[] {
  return results.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

export function summaryLine(summary: ScanSummary): string {
  const { error, warning, information, hint } = summary.findings;
  const levels = [
    error && plural(error, 'error'),
    warning && plural(warning, 'warning'),
    information && `${information.toLocaleString('en-US')} information`,
    hint && plural(hint, 'hint'),
  ].filter(Boolean);
  const skipped = [
    summary.skipped.binary && `${summary.skipped.binary} binary`,
    summary.skipped.tooLarge && `${summary.skipped.tooLarge} over maxDocumentSize`,
    summary.skipped.unreadable && `${summary.skipped.unreadable} unreadable`,
  ].filter(Boolean);
  return (
    `${plural(summary.files, 'file')} scanned, ${plural(summary.tokens, 'token')}, ` +
    `${levels.length > 0 ? levels.join(', ') : 'no findings'}` +
    `${skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : ''}.`
  );
}

export function formatText(results: readonly FileResult[], summary: ScanSummary): string {
  const out: string[] = [];
  for (const result of results) {
    for (const token of result.tokens) {
      out.push(`${showInvisible(result.display)}:${token.line}:${token.column}  ${token.title}`);
      const width = Math.max(...token.findings.map((finding) => finding.code.length));
      for (const finding of token.findings) {
        out.push(`  ${finding.level.padEnd(11)} ${finding.code.padEnd(width)}  ${finding.message}`);
      }
    }
  }
  for (const file of summary.truncated) {
    out.push(`${showInvisible(file)}: only the first tokens were checked (maxTokens).`);
  }
  out.push(summaryLine(summary));
  return `${out.join('\n')}\n`;
}

function tokenJson(token: TokenReport) {
  const { line, column, endLine, endColumn, title, alg, kid, signature, findings, fingerprint } = token;
  return { line, column, endLine, endColumn, status: title, alg, kid, signature, fingerprint, findings };
}

export function formatJson(results: readonly FileResult[], summary: ScanSummary): string {
  const files = results
    .filter((result) => result.tokens.length > 0)
    .map((result) => ({ path: result.display, tokens: result.tokens.map(tokenJson) }));
  return `${JSON.stringify({ summary, files }, null, 2)}\n`;
}

const SARIF_LEVEL: Record<FindingLevel, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const DEFAULT_RULE_LEVEL: Partial<Record<FindingCode, SarifLevel>> = {
  'not-judged': 'error',
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

/** `root`: the folder SARIF paths are relative to (the checkout), as a file: URI ending in '/'. */
export function formatSarif(results: readonly FileResult[], version: string, root: string): string {
  const rules = sarifRules();
  const index = new Map(rules.map((rule, position) => [rule.id, position]));
  const sarifResults: SarifResult[] = [];
  for (const result of results) {
    for (const token of result.tokens) {
      for (const finding of token.findings) {
        sarifResults.push({
          ruleId: finding.code,
          ruleIndex: index.get(finding.code)!,
          level: SARIF_LEVEL[finding.level],
          message: { text: `${finding.message} (${token.title})` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(result.display), uriBaseId: '%SRCROOT%' },
                region: { startLine: token.line, startColumn: token.column, endLine: token.endLine, endColumn: token.endColumn },
              },
            },
          ],
          partialFingerprints: { 'jwtLensToken/v1': `${token.fingerprint}:${finding.code}` },
        });
      }
    }
  }
  const log: SarifLog = {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: { driver: { name: 'jwt-lens', version, rules } },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: root } },
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
