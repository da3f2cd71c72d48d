// src/cli/triage.ts, src/cli/diff.ts and the summary's triage counts: fingerprints that survive a
// token moving, the ignore file and baseline formats, and added lines with the line above them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../../src/cli/cliError';
import { DiffReader, parseAddedLines } from '../../../src/cli/diff';
import type { TokenReport } from '../../../src/cli/judgeText';
import { summarise, summaryLine, textFindings } from '../../../src/cli/report';
import type { FileResult } from '../../../src/cli/scanFile';
import { findingFingerprint, readBaseline, readIgnoreFile, Triage, writeBaseline } from '../../../src/cli/triage';

const HASH = 'a'.repeat(64);

function token(line: number, codes: string[], extra: Partial<TokenReport> = {}): TokenReport {
  return {
    line,
    column: 1,
    endLine: line,
    endColumn: 40,
    title: 'JWT HS256 · expires in 73 years · ? no key for HS256',
    signature: 'no-key',
    fingerprint: HASH,
    findings: codes.map((code) => ({
      code: code as 'live-token',
      level: 'error',
      message: `${code} message`,
      spec: 'https://example.com',
    })),
    ...extra,
  };
}

const file = (tokens: TokenReport[], display = 'src/app.ts'): FileResult => ({
  display,
  tokens,
  tokenCount: tokens.length,
  truncated: false,
  bytes: 10,
});

describe('CLI triage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-lens-triage-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fingerprints a finding by path, code and token hash: not by line, never by the token', () => {
    const fingerprint = findingFingerprint('src/app.ts', 'live-token', HASH);
    assert.match(fingerprint, /^[0-9a-f]{16}$/);
    assert.notEqual(findingFingerprint('src/other.ts', 'live-token', HASH), fingerprint);
    assert.notEqual(findingFingerprint('src/app.ts', 'no-exp', HASH), fingerprint);
    const triage = new Triage({ ignored: new Set(), recordAll: false });
    const [moved] = triage.apply(file([token(90, ['live-token'])])).tokens;
    assert.equal(moved.findings[0].fingerprint, fingerprint);
  });

  it('suppresses by allow comment, then ignore file, then baseline; each finding once, the rest reported', () => {
    const ignoredPrint = findingFingerprint('src/app.ts', 'no-exp', HASH);
    const baselinePrint = findingFingerprint('src/app.ts', 'live-token', 'b'.repeat(64));
    const triage = new Triage({ ignored: new Set([ignoredPrint]), baseline: new Set([baselinePrint, ignoredPrint]), recordAll: false });
    const result = triage.apply(
      file([
        token(1, ['live-token'], { allowed: 'fixture' }),
        token(2, ['live-token', 'no-exp']),
        token(3, ['live-token'], { fingerprint: 'b'.repeat(64) }),
      ]),
    );
    assert.deepEqual(
      result.tokens.map((entry) => [
        entry.findings.map((f) => f.code),
        entry.suppressed?.map((f) => `${f.code}:${f.by}:${f.reason ?? ''}`),
      ]),
      [
        [[], ['live-token:allow:fixture']],
        [['live-token'], ['no-exp:ignore-file:']],
        [[], ['live-token:baseline:']],
      ],
    );
    const summary = summarise([result]);
    assert.deepEqual(summary.suppressed, { allow: 1, 'ignore-file': 1, baseline: 1 });
    assert.deepEqual(summary.findings, { error: 1, warning: 0, information: 0, hint: 0 });
    assert.equal(
      summaryLine(summary),
      '1 file scanned, 3 tokens, 1 error (1 live token); 1 allowed inline, 1 in .jwtlensignore, 1 in the baseline.',
    );
    // Text shows reported findings only, each with its fingerprint.
    assert.equal(
      textFindings(result),
      `src/app.ts:2:1  JWT HS256 · expires in 73 years · ? no key for HS256\n  error       live-token  live-token message  [${findingFingerprint('src/app.ts', 'live-token', HASH)}]\n`,
    );
  });

  it('records every finding not allowed or ignored for --write-baseline, and reads it back', () => {
    const triage = new Triage({ ignored: new Set(), recordAll: true });
    const result = triage.apply(file([token(4, ['live-token', 'long-lifetime']), token(1, ['live-token'], { allowed: '' })]));
    assert.deepEqual(
      result.tokens.map((entry) => entry.findings.length),
      [0, 0],
    );
    assert.deepEqual(
      triage.recorded.map((entry) => [entry.path, entry.code, entry.line]),
      [
        ['src/app.ts', 'live-token', 4],
        ['src/app.ts', 'long-lifetime', 4],
      ],
    );
    writeBaseline('base.json', dir, triage.recorded);
    const text = readFileSync(join(dir, 'base.json'), 'utf8');
    assert.match(text, /^\{\n {2}"format": "jwt-lens-baseline\/1",/);
    assert.deepEqual(
      [...readBaseline('base.json', dir)],
      triage.recorded.map((entry) => entry.fingerprint),
    );
  });

  it('reads .jwtlensignore with comments, and refuses a line that is not a fingerprint', () => {
    assert.deepEqual([...readIgnoreFile(dir)], []);
    writeFileSync(join(dir, '.jwtlensignore'), '# test fixtures\n0123456789abcdef  # the demo token\n\n  fedcba9876543210\n');
    assert.deepEqual([...readIgnoreFile(dir)], ['0123456789abcdef', 'fedcba9876543210']);
    writeFileSync(join(dir, '.jwtlensignore'), '0123456789abcdef\neyJhbGciOi\n');
    assert.throws(
      () => readIgnoreFile(dir),
      (error: unknown) => error instanceof CliError && /^\.jwtlensignore:2: not a fingerprint/.test(error.message),
    );
  });

  it('refuses a baseline that is not one, saying how to write one', () => {
    writeFileSync(join(dir, 'x.json'), '{"findings": []}');
    assert.throws(() => readBaseline('x.json', dir), /x\.json: not a jwt-lens baseline\. Write one with --write-baseline\./);
    writeFileSync(join(dir, 'y.json'), 'nope');
    assert.throws(() => readBaseline('y.json', dir), /y\.json: not a baseline \(it is not JSON\)/);
    assert.throws(() => readBaseline('missing.json', dir), /Cannot read baseline missing\.json: no such file\./);
  });
});

describe('CLI diff reading', () => {
  it('gives each added line the line above it from one line of context', () => {
    const diff = [
      'diff --git a/app.env b/app.env',
      '--- a/app.env',
      '+++ b/app.env',
      '@@ -1,3 +1,4 @@',
      ' # jwt-lens: allow fixture',
      '+A=1',
      '-gone',
      '+++ not a header',
      ' last',
      '\\ No newline at end of file',
    ].join('\n');
    assert.deepEqual(parseAddedLines(diff), [
      {
        display: 'app.env',
        lines: [
          { number: 2, text: 'A=1', above: '# jwt-lens: allow fixture' },
          { number: 3, text: '++ not a header', above: 'A=1' },
        ],
      },
    ]);
  });

  it('ends a file at a boundary line the caller claims (a commit header in git log)', () => {
    const files: string[] = [];
    const reader = new DiffReader(
      (found) => files.push(`${found.display}:${found.lines.map((line) => line.number).join(',')}`),
      (line) => line.startsWith('jwt-lens-commit '),
    );
    for (const line of ['+++ b/a.txt', '@@ -0,0 +1 @@', '+x', 'jwt-lens-commit 1234', '+++ b/b.txt', '@@ -0,0 +1,2 @@', '+y', '+z']) {
      reader.push(line);
    }
    assert.deepEqual(files, ['a.txt:1']);
    reader.flush();
    assert.deepEqual(files, ['a.txt:1', 'b.txt:1,2']);
  });
});
