// The command line in process: argument parsing, settings, judging text, the three output formats
// (SARIF checked for the structure GitHub code scanning reads), --staged's diff reading, and each
// command through main() with its exit code. The built bundle is run in test/cli/.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine, type ScanArgs } from '../../../src/cli/args';
import { historyArgs } from '../../../src/cli/history';
import type { CliIo } from '../../../src/cli/commands';
import { CliError } from '../../../src/cli/cliError';
import { listFiles } from '../../../src/cli/files';
import { judgeText, Verifier } from '../../../src/cli/judgeText';
import { main } from '../../../src/cli/main';
import { failsAt, formatJson, formatSarif, formatText, summarise, summaryLine, SummaryTally } from '../../../src/cli/report';
import type { FileResult } from '../../../src/cli/scanFile';
import { loadSettings } from '../../../src/cli/configFile';
import { parseAddedLines } from '../../../src/cli/staged';
import { FINDING_RULES, tokenFindings } from '../../../src/core/judge/findings';
import { readJudgingSettings, DIAGNOSTIC_DEFAULTS } from '../../../src/core/judge/judgingSettings';
import { judge } from '../../../src/core/judge/verdict';
import { assemble, decoded, signWith, verificationKey } from '../../support/tokens';

const NOW = 1_800_000_000;
const SECRET = 'cli-unit-secret-0123456789abcdef-0123456789';

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof CliError, `expected a CliError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    return error.message;
  }
  assert.fail('expected a usage error');
}

function fakeIo(overrides: Partial<CliIo> = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd: tmpdir(),
    env: {},
    now: () => NOW,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stdin: () => '',
    version: '9.9.9',
    out,
    err,
    ...overrides,
  };
}

describe('CLI arguments', () => {
  it('reads scan options with their defaults', () => {
    assert.deepEqual(parseCommandLine(['scan']), {
      command: 'scan',
      paths: [],
      format: 'text',
      failOn: 'error',
      keys: [],
      config: undefined,
      rules: [],
      staged: false,
      jobs: undefined,
      output: undefined,
      issuers: [],
      jwksUrls: [],
      baseline: undefined,
      writeBaseline: undefined,
      history: undefined,
    });
    const args = parseCommandLine([
      'scan',
      'src',
      'test',
      '--format',
      'sarif',
      '--fail-on',
      'warning',
      '--keys',
      'a.jwks',
      '--keys',
      'b.pem',
      '--rule',
      'no-exp=off',
      '--jobs',
      '3',
      '-o',
      'r.sarif',
      '--issuer',
      'https://id.example.com',
      '--jwks',
      'https://keys.example.com/jwks.json',
      '--baseline',
      'old.json',
      '--write-baseline',
      'new.json',
    ]);
    assert.deepEqual(args, {
      command: 'scan',
      paths: ['src', 'test'],
      format: 'sarif',
      failOn: 'warning',
      keys: ['a.jwks', 'b.pem'],
      config: undefined,
      rules: ['no-exp=off'],
      staged: false,
      jobs: 3,
      output: 'r.sarif',
      issuers: ['https://id.example.com'],
      jwksUrls: ['https://keys.example.com/jwks.json'],
      baseline: 'old.json',
      writeBaseline: 'new.json',
      history: undefined,
    });
  });

  it('reads --history with its revisions (none: HEAD), never as paths', () => {
    const all = parseCommandLine(['scan', '--history']) as ScanArgs;
    assert.deepEqual([all.history, all.paths], [[], []]);
    const range = parseCommandLine(['scan', '--history', 'main..HEAD', 'v1']) as ScanArgs;
    assert.deepEqual([range.history, range.paths], [['main..HEAD', 'v1'], []]);
    assert.deepEqual(historyArgs(['main..HEAD']).slice(-2), ['main..HEAD', '--']);
    assert.deepEqual(historyArgs([]).slice(-2), ['HEAD', '--']);
  });

  it('gives help for the tool and each command, and the version', () => {
    assert.deepEqual(parseCommandLine([]), { command: 'help', topic: undefined });
    assert.deepEqual(parseCommandLine(['--help']), { command: 'help', topic: undefined });
    for (const command of ['scan', 'decode', 'verify', 'sign']) {
      assert.deepEqual(parseCommandLine([command, '--help']), { command: 'help', topic: command });
      assert.deepEqual(parseCommandLine([command, '-h']), { command: 'help', topic: command });
    }
    assert.deepEqual(parseCommandLine(['--version']), { command: 'version' });
  });

  const BAD: Array<[argv: string[], message: RegExp]> = [
    [['lint'], /Unknown command "lint"/],
    [['scan', '--format', 'xml'], /--format xml: use one of text, json, sarif/],
    [['scan', '--fail-on', 'fatal'], /--fail-on fatal: use one of error, warning, information, hint, none/],
    [['scan', '--jobs', '0'], /--jobs 0: use a whole number/],
    [['scan', '--jobs', 'many'], /--jobs many/],
    [['scan', '--staged', 'src'], /give no paths with it/],
    [['scan', '--history', '--staged'], /--staged and --history scan different things/],
    [['scan', '--history', '--', '--output=/tmp/x'], /--history --output=\/tmp\/x: give revisions such as main\.\.HEAD, not git options/],
    [['scan', '--key', 'k.pem'], /Unknown option '--key'/],
    [['scan', '--secret', 'abc'], /Unknown option '--secret'/],
    [['decode'], /decode takes one token/],
    [['decode', 'a', 'b'], /decode takes one token/],
    [['verify', '--format', 'sarif', 'x'], /--format sarif: use one of text, json/],
    [['sign'], /sign takes one claims file/],
    [['sign', 'a.json', '--preset', 'mux-video'], /give no claims file with it/],
    [['sign', 'a.json', '--key'], /argument missing|--key/],
  ];
  for (const [argv, message] of BAD) {
    it(`refuses ${JSON.stringify(argv)} with a usage error`, () => {
      assert.match(
        usageError(() => parseCommandLine(argv)),
        message,
      );
    });
  }
});

describe('CLI settings', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-lens-settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has the extension defaults without a settings file, but for live tokens (an error in a scan)', () => {
    const settings = loadSettings(undefined, [], dir);
    assert.deepEqual(settings.diagnostics, { ...DIAGNOSTIC_DEFAULTS, liveToken: 'error' });
    assert.equal(settings.maxLifetimeSeconds, 86400);
    assert.equal(settings.codeLevels.size, 0);
  });

  it('reads .jwtlens.json (comments, jwtLens. prefixes) and lets --rule win', () => {
    writeFileSync(
      join(dir, '.jwtlens.json'),
      '{\n  // team rules\n  "jwtLens.maxLifetime": "7d",\n  "diagnostics.expired": "error",\n  "unexpected-typ": "off"\n}',
    );
    const settings = loadSettings(undefined, ['expired=hint', 'clockTolerance=30', 'no-exp=error'], dir);
    assert.equal(settings.maxLifetimeSeconds, 7 * 86400);
    assert.equal(settings.diagnostics.expired, 'hint');
    assert.equal(settings.clockToleranceSeconds, 30);
    assert.deepEqual(
      [...settings.codeLevels],
      [
        ['unexpected-typ', 'off'],
        ['no-exp', 'error'],
      ],
    );
  });

  const BAD_SETTINGS: Array<[rules: string[], message: RegExp]> = [
    [['maxLifetime=forever'], /"maxLifetime": "forever" is not a valid value/],
    [['expired=loud'], /"diagnostics.expired": "loud" is not a valid value/],
    [['clockTolerance=-5'], /"clockTolerance": -5 is not a valid value/],
    [['no-exp=maybe'], /"no-exp": "maybe" is not a level/],
    [['colour=red'], /"colour" is not a setting/],
    [['maxLifetime'], /use name=value/],
    [['=7d'], /use name=value/],
  ];
  for (const [rules, message] of BAD_SETTINGS) {
    it(`refuses --rule ${rules.join(' ')} with a usage error`, () => {
      assert.match(
        usageError(() => loadSettings(undefined, rules, dir)),
        message,
      );
    });
  }

  it('refuses a settings file that is not valid JSON, or missing, saying where', () => {
    writeFileSync(join(dir, 'bad.json'), '{ "maxLifetime": }');
    assert.match(
      usageError(() => loadSettings(join(dir, 'bad.json'), [], dir)),
      /bad\.json:1:\d+:/,
    );
    assert.match(
      usageError(() => loadSettings(join(dir, 'absent.json'), [], dir)),
      /Cannot read settings file .*absent\.json: no such file\./,
    );
  });

  it('reads the judging settings the same way for the extension: invalid values fall back and are named', () => {
    const values: Record<string, unknown> = {
      maxLifetime: '2h',
      'diagnostics.lints': 'default',
      maxTokenLength: 1.5,
      clockTolerance: 9999,
    };
    const { settings, invalid } = readJudgingSettings((name) => values[name]);
    assert.equal(settings.maxLifetimeSeconds, 7200);
    assert.equal(settings.diagnostics.lints, 'default');
    assert.equal(settings.maxTokenLength, 65536);
    assert.equal(settings.clockToleranceSeconds, 300);
    assert.deepEqual(invalid, ['maxTokenLength']);
  });
});

describe('CLI judging', () => {
  it('places each token by line and column and judges it as the extension does', async () => {
    const expired = assemble({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', iat: NOW - 7200, exp: NOW - 3600 });
    const unsigned = `${assemble({ alg: 'none' }, { sub: 'b', iat: NOW, exp: NOW + 600 }, '')}`;
    const text = `first line\n  token: ${expired}\n\n😀 x=${unsigned} end\n`;
    const settings = loadSettings(undefined, [], tmpdir());
    const report = await judgeText(text, settings, new Verifier([]), NOW);
    assert.deepEqual(
      report.tokens.map((token) => [
        token.line,
        token.column,
        token.endColumn - token.column,
        token.title,
        token.findings.map((f) => `${f.level}:${f.code}`),
      ]),
      [
        [2, 10, expired.length, 'JWT HS256 · expired 1 h ago · ? no key for HS256', ['warning:expired']],
        [4, 6, unsigned.length, 'JWT none · expires in 10 min · ⚠ unsigned', ['warning:unsigned']],
      ],
    );
    // The same findings the extension's diagnostics get.
    const verdict = judge(decoded(expired), { status: 'no-key', alg: 'HS256', message: '' }, { now: NOW });
    assert.deepEqual(report.tokens[0].findings, tokenFindings(verdict, settings.diagnostics));
  });

  it('verifies with the keys given and applies per-code levels', async () => {
    const token = await signWith(SECRET, { sub: 'a', iat: NOW, exp: NOW + 600 }, 'HS256', { kid: 'unit' });
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.AAAA${token.slice(token.lastIndexOf('.') + 5)}`;
    const verifier = new Verifier([await verificationKey(SECRET, 'unit.secret', 'unit')]);
    const settings = loadSettings(undefined, ['unexpected-typ=off'], tmpdir());
    const report = await judgeText(`${token}\n${forged}\n`, settings, verifier, NOW);
    assert.deepEqual(
      report.tokens.map((entry) => [entry.signature, entry.findings.map((f) => `${f.level}:${f.code}`)]),
      [
        ['valid', ['error:live-token']],
        ['invalid-signature', ['error:live-token', 'error:invalid-signature']],
      ],
    );
  });
});

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
    assert.equal(summaryLine(streamed), '4 files scanned, 8 tokens, 1 error, 1 warning, 1 information; skipped 1 binary.');
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

describe('CLI --staged diff reading', () => {
  it('keeps only added lines, with their numbers in the staged file', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1..2 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -3,0 +4,2 @@ context',
      '+const t = "eyJ";',
      '+second',
      '@@ -10 +12 @@',
      '-old',
      '+new',
      'diff --git a/gone.txt b/gone.txt',
      '--- a/gone.txt',
      '+++ /dev/null',
      'diff --git "a/caf\\303\\251 x.txt" "b/caf\\303\\251 x.txt"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/caf\\303\\251 x.txt"',
      '@@ -0,0 +1 @@',
      '+++plus',
    ].join('\n');
    assert.deepEqual(parseAddedLines(diff), [
      {
        display: 'src/a.ts',
        lines: [
          { number: 4, text: 'const t = "eyJ";' },
          { number: 5, text: 'second', above: 'const t = "eyJ";' },
          { number: 12, text: 'new' },
        ],
      },
      { display: 'café x.txt', lines: [{ number: 1, text: '++plus' }] },
    ]);
  });
});

describe('CLI file listing', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-lens-files-'));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'src', 'build'), { recursive: true });
    mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n*.log\n');
    writeFileSync(join(dir, 'src', '.gitignore'), 'build/\n!keep.log\n');
    for (const file of ['a.ts', 'src/b.ts', 'src/build/out.js', 'src/keep.log', 'debug.log', 'node_modules/pkg/index.js', '.git/config']) {
      writeFileSync(join(dir, file), 'x');
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists files as git would: each .gitignore from the root down, never .git', () => {
    assert.deepEqual(
      listFiles([], dir).map((target) => target.display),
      ['.gitignore', 'a.ts', 'src/.gitignore', 'src/b.ts', 'src/keep.log'],
    );
  });

  it('honours the root .gitignore when scanning a subfolder, and scans a file named directly', () => {
    writeFileSync(join(dir, 'src', 'trace.log'), 'x');
    assert.deepEqual(
      listFiles(['src'], dir).map((target) => target.display),
      ['src/.gitignore', 'src/b.ts', 'src/keep.log'],
    );
    assert.deepEqual(
      listFiles(['debug.log'], dir).map((target) => target.display),
      ['debug.log'],
    );
  });

  it('says which path is missing', () => {
    assert.match(
      usageError(() => listFiles(['nope'], dir)),
      /Cannot read path nope: no such file\./,
    );
  });
});

describe('CLI commands in process', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-lens-cmd-'));
    writeFileSync(join(dir, 'hs.secret'), `${SECRET}\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('signs a claims file with relative times and verifies the token', async () => {
    writeFileSync(join(dir, 'api.claims.json'), '{ "sub": "svc", "exp": "15m", "$jwt": { "alg": "HS256" } }');
    const io = fakeIo({ cwd: dir });
    assert.equal(await main(['sign', join(dir, 'api.claims.json'), '--key', join(dir, 'hs.secret'), '--kid', 'svc-key'], io), 0);
    const token = io.out.join('').trim();
    const token1 = decoded(token);
    assert.deepEqual(token1.header, { typ: 'JWT', alg: 'HS256', kid: 'svc-key' });
    assert.deepEqual(token1.payload, { sub: 'svc', exp: NOW + 900, iat: NOW });

    const verify = fakeIo({ cwd: dir, env: { JWT_LENS_KEYS: SECRET } });
    assert.equal(await main(['verify', token], verify), 0);
    assert.equal(
      verify.out.join(''),
      'JWT HS256 · expires in 15 min · ✓ signed by JWT_LENS_KEYS\nExpires in 15 min — 2027-01-15T08:15:00Z\nSignature valid: signed by JWT_LENS_KEYS.\n',
    );
    const later = fakeIo({ cwd: dir, env: { JWT_LENS_KEYS: SECRET }, now: () => NOW + 3600, stdin: () => `${token}\n` });
    assert.equal(await main(['verify', '-', '--format', 'json'], later), 1);
    const json = JSON.parse(later.out.join(''));
    assert.deepEqual([json.valid, json.signature, json.time], [false, 'valid', 'expired']);
    for (const text of [...io.out, ...io.err, ...verify.out, ...verify.err, ...later.out, ...later.err]) {
      assert.ok(!text.includes(SECRET.slice(0, 20)), 'the secret never appears');
    }
  });

  it('prints the signed URL of Mux claims with --url, and a preset with --preset', async () => {
    const preset = fakeIo({ cwd: dir });
    assert.equal(await main(['sign', '--preset', 'mux-video'], preset), 0);
    assert.match(preset.out.join(''), /"aud": "v"/);
    writeFileSync(join(dir, 'mux.claims.json'), '{ "sub": "PLAYBACK", "aud": "v", "exp": "15m", "$jwt": { "alg": "HS256" } }');
    const io = fakeIo({ cwd: dir, env: { JWT_LENS_SIGNING_KEY: SECRET } });
    assert.equal(await main(['sign', join(dir, 'mux.claims.json'), '--url'], io), 0);
    assert.match(io.out.join(''), /^https:\/\/stream\.mux\.com\/PLAYBACK\.m3u8\?token=eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });

  const SIGN_FAILURES: Array<[name: string, claims: string, args: string[], env: NodeJS.ProcessEnv, message: RegExp]> = [
    ['no key anywhere', '{ "sub": "a" }', [], {}, /No signing key: pass --key <file> or set JWT_LENS_SIGNING_KEY/],
    ['a missing key file', '{ "sub": "a" }', ['--key', 'absent.pem'], {}, /Cannot read key file absent\.pem: no such file\./],
    [
      'a bad relative time',
      '{ "exp": "15 minutes" }',
      [],
      { JWT_LENS_SIGNING_KEY: SECRET },
      /claims\.json:1:3: "exp": "15 minutes" is not a time/,
    ],
    ['an algorithm the key cannot sign', '{ "sub": "a" }', ['--alg', 'RS256'], { JWT_LENS_SIGNING_KEY: SECRET }, /cannot sign RS256/],
    [
      'a short HMAC secret',
      '{ "sub": "a" }',
      ['--alg', 'HS512'],
      { JWT_LENS_SIGNING_KEY: SECRET },
      /HS512 needs a secret of at least 64 bytes/,
    ],
    ['no signed URL for the claims', '{ "sub": "a" }', ['--url'], { JWT_LENS_SIGNING_KEY: SECRET }, /No signed URL for these claims/],
  ];
  for (const [name, claims, args, env, message] of SIGN_FAILURES) {
    it(`sign fails with exit code 2 and one clear line: ${name}`, async () => {
      writeFileSync(join(dir, 'claims.json'), claims);
      const io = fakeIo({ cwd: dir, env });
      assert.equal(await main(['sign', 'claims.json', ...args], io), 2);
      const err = io.err.join('');
      assert.match(err, message);
      assert.equal(err.split('\n').length, 2, err);
      assert.ok(!err.includes(SECRET.slice(0, 20)));
      assert.deepEqual(io.out, []);
    });
  }

  it('decodes a token from an argument or standard input, and says when it is not one', async () => {
    const token = assemble({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', exp: NOW + 60 });
    const io = fakeIo();
    assert.equal(await main(['decode', token], io), 0);
    assert.equal(
      io.out.join(''),
      'JWT HS256 · expires in 1 min\n\nHeader\n{\n  "alg": "HS256",\n  "typ": "JWT"\n}\n\nPayload\n{\n  "sub": "a",\n  "exp": 1800000060\n}\n',
    );
    const json = fakeIo({ stdin: () => `  ${token}\n` });
    assert.equal(await main(['decode', '-', '--format', 'json'], json), 0);
    assert.deepEqual(JSON.parse(json.out.join('')).payload, { sub: 'a', exp: NOW + 60 });
    const bad = fakeIo();
    assert.equal(await main(['decode', 'not-a-token'], bad), 1);
    assert.match(bad.err.join(''), /^Not a token: /);
  });

  it('verify needs keys, and refuses a bad key file without quoting it', async () => {
    const token = assemble({ alg: 'HS256' }, { sub: 'a' });
    const none = fakeIo({ cwd: dir });
    assert.equal(await main(['verify', token], none), 2);
    assert.match(none.err.join(''), /No keys: pass --keys <file> or set JWT_LENS_KEYS/);
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAzZZZZZZZZZZZZZ\n-----END PRIVATE KEY-----\n';
    writeFileSync(join(dir, 'broken.pem'), pem);
    const broken = fakeIo({ cwd: dir });
    assert.equal(await main(['verify', token, '--keys', join(dir, 'broken.pem')], broken), 2);
    assert.match(broken.err.join(''), /^jwt-lens: Key broken\.pem: /);
    assert.ok(!broken.err.join('').includes('MIIBVQ'));
  });
});
