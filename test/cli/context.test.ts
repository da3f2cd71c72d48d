// The built dist/cli.js on tokens whose place is wrong: `scan` of a tree holding the fixtures of
// test/fixtures/context (.http, .har, a log) reports a cookie without its attributes, a token in a
// URL query, an ID token sent as a bearer token and an at+jwt without RFC 9068's claims, at each
// token's line; their clean counterparts get none of these. SARIF carries a rule for each.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../support/repoRoot';

const CLI = resolve(__dirname, '../../../dist/cli.js');
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'context');
const CONTEXT_CODES = ['cookie-attributes', 'token-in-url', 'id-token-as-bearer', 'at-jwt-claims'];

interface JsonReport {
  files: { path: string; tokens: { line: number; findings: { code: string; spec: string }[] }[] }[];
}

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** "file:line code" for each context finding of a JSON report, in report order. */
function contextFindings(report: JsonReport): string[] {
  return report.files.flatMap((file) =>
    file.tokens.flatMap((token) =>
      token.findings
        .filter((finding) => CONTEXT_CODES.includes(finding.code))
        .map((finding) => `${file.path}:${token.line} ${finding.code}`),
    ),
  );
}

describe('jwt-lens scan on where tokens sit (the built CLI)', function () {
  this.timeout(60_000);
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'jwt-lens-context-'));
    for (const [folder, prefix] of [
      ['dirty', ''],
      ['clean', 'clean-'],
    ]) {
      mkdirSync(join(root, folder));
      for (const extension of ['http', 'har', 'log']) {
        copyFileSync(join(FIXTURES, `${prefix}context.${extension}`), join(root, folder, `context.${extension}`));
      }
    }
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('reports each context finding at its token in an .http file, a HAR file and a log', () => {
    const run = cli(['scan', '--format', 'json', '.'], join(root, 'dirty'));
    assert.equal(run.stderr, '3 files scanned, 15 tokens, 15 errors, 27 warnings (15 live tokens).\n');
    assert.deepEqual(contextFindings(JSON.parse(run.stdout) as JsonReport), [
      'context.har:14 token-in-url',
      'context.har:23 id-token-as-bearer',
      'context.har:33 token-in-url',
      'context.har:59 cookie-attributes',
      'context.har:65 cookie-attributes',
      'context.http:3 id-token-as-bearer',
      'context.http:6 token-in-url',
      'context.http:10 at-jwt-claims',
      'context.http:14 cookie-attributes',
      'context.log:1 token-in-url',
      'context.log:4 id-token-as-bearer',
      'context.log:6 cookie-attributes',
    ]);
  });

  it('reports none of them on the clean counterparts: attributes set, the Authorization header, a Mux playback URL, a request cookie', () => {
    const run = cli(['scan', '--format', 'json', '.'], join(root, 'clean'));
    assert.equal(run.stderr, '3 files scanned, 12 tokens, 12 errors, 12 warnings (12 live tokens).\n');
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(contextFindings(report), []);
    assert.deepEqual(
      report.files.map((file) => [file.path, file.tokens.length]),
      [
        ['context.har', 6],
        ['context.http', 4],
        ['context.log', 2],
      ],
      'the clean files hold tokens, each judged',
    );
  });

  it('takes a level per code: --rule turns one off and makes another an error', () => {
    const run = cli(
      ['scan', '--format', 'json', '--rule', 'token-in-url=off', '--rule', 'cookie-attributes=error', 'context.log'],
      join(root, 'dirty'),
    );
    const report = JSON.parse(run.stdout) as { files: { tokens: { findings: { code: string; level: string }[] }[] }[] };
    const levels = report.files[0].tokens.flatMap((token) =>
      token.findings.filter((finding) => CONTEXT_CODES.includes(finding.code)).map((finding) => `${finding.code} ${finding.level}`),
    );
    assert.deepEqual(levels, ['id-token-as-bearer warning', 'cookie-attributes error']);
  });

  it('gives each context finding a SARIF rule with help text and its RFC section as helpUri', () => {
    const run = cli(['scan', '--format', 'sarif', '.'], join(root, 'dirty'));
    const sarif = JSON.parse(run.stdout) as {
      runs: { tool: { driver: { rules: { id: string; helpUri: string; help: { text: string } }[] } }; results: { ruleId: string }[] }[];
    };
    const [sarifRun] = sarif.runs;
    const helpUris = Object.fromEntries(
      sarifRun.tool.driver.rules.filter((rule) => CONTEXT_CODES.includes(rule.id)).map((rule) => [rule.id, rule.helpUri]),
    );
    assert.deepEqual(helpUris, {
      'at-jwt-claims': 'https://datatracker.ietf.org/doc/html/rfc9068#section-2.2',
      'cookie-attributes': 'https://datatracker.ietf.org/doc/html/rfc6265#section-4.1.2',
      'token-in-url': 'https://datatracker.ietf.org/doc/html/rfc6750#section-5.3',
      'id-token-as-bearer': 'https://datatracker.ietf.org/doc/html/rfc9068#section-6',
    });
    for (const rule of sarifRun.tool.driver.rules.filter((candidate) => CONTEXT_CODES.includes(candidate.id))) {
      assert.match(rule.help.text, /RFC \d{4} §/, rule.id);
    }
    assert.deepEqual(
      CONTEXT_CODES.map((code) => sarifRun.results.filter((result) => result.ruleId === code).length),
      [4, 4, 3, 1],
    );
  });
});
