// src/cli/report.ts: the three output formats (text, JSON, SARIF checked for the structure GitHub
// code scanning reads), the summary and --fail-on.
import * as assert from 'node:assert/strict';
import { failsAt, formatJson, formatSarif, formatText, summarise, summaryLine, SummaryTally } from '../../../src/cli/report';
import type { FileResult } from '../../../src/cli/scanFile';
import { FINDING_RULES } from '../../../src/core/judge/findings';

describe('CLI output formats', () => {
  const result = (display: string, findings: FileResult['tokens'][number]['findings']): FileResult => ({
    display,
    tokenCount: 2,
    truncated: false,
    bytes: 100,
    tokens: [
      {
        line: 3,
        column: 7,
        endLine: 3,
        endColumn: 120,
        title: 'JWT HS256 · expired 1 h ago · ? no key for HS256',
        alg: 'HS256',
        signature: 'no-key',
        findings,
        fingerprint: 'f'.repeat(64),
      },
    ],
  });
  const results = [
    result('src/config.ts', [
      { code: 'expired', level: 'warning', message: 'JWT expired 1 h ago.', spec: FINDING_RULES.expired.spec },
      { code: 'hmac-short-key', level: 'error', message: 'The HS256 key is 8 bytes.', spec: FINDING_RULES['hmac-short-key'].spec },
    ]),
    result('docs/a b.md', [
      { code: 'unexpected-typ', level: 'information', message: '"typ" is "x".', spec: FINDING_RULES['unexpected-typ'].spec },
    ]),
  ];
  const summary = summarise(results);

  it('counts findings by level and fails at or above --fail-on', () => {
    assert.deepEqual(summary.findings, { error: 1, warning: 1, information: 1, hint: 0 });
    assert.equal(summary.tokens, 4);
    assert.deepEqual(
      (['error', 'warning', 'information', 'hint', 'none'] as const).map((level) => failsAt(summary, level)),
      [true, true, true, true, false],
    );
    const onlyInfo = summarise([results[1]]);
    assert.deepEqual(
      (['error', 'warning', 'information', 'hint', 'none'] as const).map((level) => failsAt(onlyInfo, level)),
      [false, false, true, true, false],
    );
  });

  it('writes text as file:line:col, the status line, then each finding', () => {
    assert.equal(
      formatText(results, summary),
      [
        'src/config.ts:3:7  JWT HS256 · expired 1 h ago · ? no key for HS256',
        '  warning     expired         JWT expired 1 h ago.',
        '  error       hmac-short-key  The HS256 key is 8 bytes.',
        'docs/a b.md:3:7  JWT HS256 · expired 1 h ago · ? no key for HS256',
        '  information unexpected-typ  "typ" is "x".',
        '2 files scanned, 4 tokens, 1 error, 1 warning, 1 information.',
        '',
      ].join('\n'),
    );
  });

  it('escapes invisible characters in paths in text output', () => {
    const hostile = [result('evil\u001b[2J\u202e.txt', [{ code: 'expired', level: 'warning', message: 'x', spec: '' }])];
    const text = formatText(hostile, summarise(hostile));
    assert.ok(!text.includes('\u001b') && !text.includes('\u202e'));
    assert.match(text, /^evil\\u001B\[2J\\u202E\.txt:3:7 /);
  });

  it('writes JSON with the summary and each token with findings', () => {
    const json = JSON.parse(formatJson(results, summary));
    assert.equal(json.summary.files, 2);
    assert.deepEqual(
      json.files.map((file: { path: string; tokens: { line: number; findings: { code: string }[] }[] }) => [
        file.path,
        file.tokens[0].line,
        file.tokens[0].findings.map((f) => f.code),
      ]),
      [
        ['src/config.ts', 3, ['expired', 'hmac-short-key']],
        ['docs/a b.md', 3, ['unexpected-typ']],
      ],
    );
  });

  it('renders JSON and SARIF from per-file parts exactly as the whole report stringified at once', () => {
    const tokenJson = (token: FileResult['tokens'][number]) => {
      const { line, column, endLine, endColumn, title, alg, kid, signature, findings, fingerprint } = token;
      return { line, column, endLine, endColumn, status: title, alg, kid, signature, fingerprint, findings };
    };
    const files = results.map((file) => ({ path: file.display, tokens: file.tokens.map(tokenJson) }));
    assert.equal(formatJson(results, summary), `${JSON.stringify({ summary, files }, null, 2)}\n`);
    assert.equal(formatJson([], summarise([])), `${JSON.stringify({ summary: summarise([]), files: [] }, null, 2)}\n`);
    const whole = JSON.parse(formatSarif(results, '1.2.3', 'file:///repo/'));
    assert.equal(formatSarif(results, '1.2.3', 'file:///repo/'), `${JSON.stringify(whole, null, 2)}\n`);
    assert.equal(whole.runs[0].results.length, 3);
    const empty = formatSarif([], '1.2.3', 'file:///repo/');
    assert.deepEqual(JSON.parse(empty).runs[0].results, []);
  });

  it('tallies the summary file by file as the scan streams results', () => {
    const tally = new SummaryTally();
    const truncated = { ...results[1], display: 'big.log', truncated: true, tokens: [] };
    for (const file of [...results, truncated, { ...truncated, display: 'b.bin', truncated: false, skipped: 'binary' as const }]) {
      tally.add(file);
    }
    const streamed = tally.summary();
    assert.deepEqual(streamed.findings, summary.findings);
    assert.equal(streamed.files, 4);
    assert.deepEqual(streamed.truncated, ['big.log']);
    assert.deepEqual(streamed.skipped, { binary: 1, tooLarge: 0, unreadable: 0 });
    assert.equal(
      summaryLine(streamed),
      '4 files scanned, 8 tokens, 1 error, 1 warning, 1 information; skipped 1 binary (a NUL byte in the first 8,000 bytes).',
    );
    assert.equal(summaryLine({ ...streamed, files: 12345, tokens: 1234567 }).slice(0, 37), '12,345 files scanned, 1,234,567 token');
  });

  it('writes SARIF 2.1.0 that code scanning reads: rules with RFC links, results pointing at them, relative locations', () => {
    const log = JSON.parse(formatSarif(results, '1.2.3', 'file:///repo/'));
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.runs.length, 1);
    const [run] = log.runs;
    assert.equal(run.tool.driver.name, 'jwt-lens');
    assert.equal(run.tool.driver.version, '1.2.3');
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///repo/' } });
    const rules: { id: string; helpUri: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] =
      run.tool.driver.rules;
    assert.deepEqual(
      rules.map((rule) => rule.id),
      Object.keys(FINDING_RULES),
    );
    for (const rule of rules) {
      assert.match(rule.helpUri, /^https:\/\/(datatracker\.ietf\.org\/doc\/html\/rfc\d+#section-[\d.-]+|trojansource\.codes\/)$/, rule.id);
      assert.ok(rule.shortDescription.text.length > 0);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    assert.equal(rules.find((rule) => rule.id === 'long-lifetime')!.helpUri, 'https://datatracker.ietf.org/doc/html/rfc8725#section-3.10');
    assert.equal(run.results.length, 3);
    for (const sarifResult of run.results) {
      assert.equal(rules[sarifResult.ruleIndex].id, sarifResult.ruleId);
      assert.ok(['error', 'warning', 'note', 'none'].includes(sarifResult.level));
      const { artifactLocation, region } = sarifResult.locations[0].physicalLocation;
      assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
      assert.doesNotMatch(artifactLocation.uri, /^\/|^file:/);
      for (const member of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
        assert.ok(Number.isInteger(region[member]) && region[member] >= 1, member);
      }
      assert.equal(typeof sarifResult.message.text, 'string');
      assert.match(Object.values(sarifResult.partialFingerprints)[0] as string, /^f{64}:/);
    }
    assert.deepEqual(
      run.results.map((r: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [
        r.ruleId,
        r.level,
        r.locations[0].physicalLocation.artifactLocation.uri,
      ]),
      [
        ['expired', 'warning', 'src/config.ts'],
        ['hmac-short-key', 'error', 'src/config.ts'],
        ['unexpected-typ', 'note', 'docs/a%20b.md'],
      ],
    );
  });
});
