// End to end: the built dist/cli.js run as a user runs it, on a fixture tree made here (tokens are
// made for this run's clock): its findings, exit codes 0/1/2, .gitignore and binary files, worker
// threads giving the same answer as one thread, --staged in a temporary git repository, and that no
// key material ever appears in what it prints.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rememberPrivateKey, rememberSecret, usedSecrets } from '../support/secrets';
import { assemble, signWith } from '../support/tokens';
import { LINT_RULES } from '../../src/core/judge/lint';

// Built to out/test/cli/builtCli.test.js beside the repository's dist/.
const CLI = resolve(__dirname, '../../../dist/cli.js');
const HMAC_SECRET = 'cli-e2e-hmac-secret-0123456789abcdef-XYZ';
const now = Math.floor(Date.now() / 1000);

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const outputs: string[] = [];

function cli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, ...options.env },
    input: options.input,
    encoding: 'utf8',
  });
  outputs.push(result.stdout, result.stderr);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The file:line:col lines, with "expires in 9 min" read as 10: the tokens were made up to a minute ago. */
function located(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => /^\S+:\d+:\d+ /.test(line))
    .map((line) => line.replace(/expires in 9 min/, 'expires in 10 min'));
}

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
}

describe('jwt-lens (the built CLI)', function () {
  this.timeout(60_000);
  let root: string;
  let tree: string;
  let rsaPem: string;
  let tokens: Record<'valid' | 'expired' | 'unsigned' | 'forged' | 'rsa' | 'ignored' | 'binary', string>;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'jwt-lens-cli-'));
    tree = join(root, 'repo');
    mkdirSync(join(tree, 'src'), { recursive: true });
    mkdirSync(join(tree, 'dist'));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    rsaPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    rememberPrivateKey(privateKey);
    rememberSecret(HMAC_SECRET);
    const valid = await signWith(HMAC_SECRET, { sub: 'ok', iat: now, exp: now + 600 }, 'HS256', { kid: 'hs' });
    tokens = {
      valid,
      expired: await signWith(HMAC_SECRET, { sub: 'old', iat: now - 7200, exp: now - 3600 }, 'HS256', { kid: 'hs' }),
      unsigned: assemble({ alg: 'none' }, { sub: 'anyone', iat: now, exp: now + 600 }, ''),
      forged: `${valid.slice(0, valid.lastIndexOf('.') + 1)}${'A'.repeat(43)}`,
      rsa: await signWith(rsaPem, { sub: 'rsa', iat: now, exp: now + 600 }, 'RS256', { kid: 'rsa' }),
      ignored: assemble({ alg: 'none' }, { sub: 'ignored' }, ''),
      binary: assemble({ alg: 'none' }, { sub: 'binary' }, ''),
    };
    // A JWKS names its keys: a token whose kid no key has is "no key" however it is signed, as in the extension.
    writeFileSync(
      join(root, 'hs.jwks'),
      JSON.stringify({ keys: [{ kty: 'oct', kid: 'hs', k: Buffer.from(HMAC_SECRET).toString('base64url') }] }),
    );
    writeFileSync(join(root, 'rsa.pem'), rsaPem);
    writeFileSync(join(tree, '.gitignore'), 'dist/\n');
    writeFileSync(join(tree, 'src', 'clean.ts'), `export const token = '${tokens.valid}';\nexport const rsa = "${tokens.rsa}";\n`);
    writeFileSync(join(tree, 'src', 'config.env'), `# test tokens\nOLD=${tokens.expired}\n\n  NONE=${tokens.unsigned}\n`);
    writeFileSync(join(tree, 'src', 'forged.json'), `{ "token": "${tokens.forged}" }\n`);
    writeFileSync(join(tree, 'dist', 'bundle.js'), `const t = "${tokens.ignored}";\n`);
    writeFileSync(join(tree, 'image.bin'), Buffer.concat([Buffer.from([0x89, 0x50, 0x00, 0x01]), Buffer.from(` ${tokens.binary} `)]));
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
    const leaked = usedSecrets().filter((secret) => outputs.some((output) => output.includes(secret)));
    assert.deepEqual(leaked, [], 'key material appeared in the CLI output');
  });

  it('prints help for the tool and each command, exit 0', () => {
    for (const args of [['--help'], ['scan', '--help'], ['decode', '--help'], ['verify', '--help'], ['sign', '--help']]) {
      const run = cli(args, { cwd: tree });
      assert.equal(run.status, 0, args.join(' '));
      assert.match(run.stdout, /^Usage: jwt-lens/);
    }
  });

  it('scans a tree with keys: every problem token at file:line:col, nothing from ignored or binary files', () => {
    const run = cli(['scan', '--keys', join(root, 'hs.jwks'), '--keys', join(root, 'rsa.pem')], { cwd: tree });
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(located(run.stdout), [
      'src/clean.ts:1:23  JWT HS256 · expires in 10 min · ✓ signed by hs.jwks#hs',
      'src/clean.ts:2:21  JWT RS256 · expires in 10 min · ✓ signed by rsa.pem',
      'src/config.env:2:5  JWT HS256 · expired 1 h ago · ✓ signed by hs.jwks#hs',
      'src/config.env:4:8  JWT none · expires in 10 min · ⚠ unsigned',
      'src/forged.json:1:13  JWT HS256 · expires in 10 min · ✗ bad signature',
    ]);
    assert.match(
      run.stdout,
      /^ {2}error {7}invalid-signature {2}Invalid signature: it does not verify with hs\.jwks#hs\. {2}\[[0-9a-f]{16}\]$/m,
    );
    assert.match(
      run.stdout,
      /^5 files scanned, 5 tokens, 4 errors, 2 warnings \(3 live tokens, 2 verified\); skipped 1 binary \(a NUL byte in the first 8,000 bytes\)\.$/m,
    );
    assert.doesNotMatch(run.stdout, /bundle\.js|image\.bin/);
  });

  it('exits 0 below --fail-on and 1 at it', () => {
    assert.equal(cli(['scan', 'src/config.env'], { cwd: tree }).status, 0, 'warnings only, default --fail-on error');
    assert.equal(cli(['scan', 'src/config.env', '--fail-on', 'warning'], { cwd: tree }).status, 1);
    assert.equal(
      cli(['scan', 'src/config.env', '--fail-on', 'warning', '--rule', 'expired=off', '--rule', 'unsigned=off'], { cwd: tree }).status,
      0,
    );
    assert.equal(cli(['scan', '--fail-on', 'none', '--keys', join(root, 'hs.jwks')], { cwd: tree }).status, 0);
  });

  it('exits 2 with one line for usage and I/O errors', () => {
    const cases: Array<[string[], RegExp, NodeJS.ProcessEnv?]> = [
      [['scan', 'missing-folder'], /^jwt-lens: Cannot read path missing-folder: no such file\.\n$/],
      [['scan', '--format', 'xml'], /^jwt-lens: --format xml: use one of text, json, sarif\.\n$/],
      [['scan', '--rule', 'maxLifetime=forever'], /^jwt-lens: "maxLifetime": "forever" is not a valid value/],
      [['scan', '--keys', join(root, 'nope.pem')], /^jwt-lens: Cannot read key file \S*nope\.pem: no such file\.\n$/],
      [['scan'], /^jwt-lens: Key JWT_LENS_KEYS: /, { JWT_LENS_KEYS: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }],
      [['frobnicate'], /^jwt-lens: Unknown command "frobnicate"/],
    ];
    for (const [args, message, env] of cases) {
      const run = cli(args, { cwd: tree, env });
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
  });

  it('writes JSON and SARIF reports, to standard output or a file', () => {
    const json = cli(['scan', '--format', 'json', '--keys', join(root, 'hs.jwks')], { cwd: tree });
    assert.equal(json.status, 1);
    const report = JSON.parse(json.stdout);
    assert.deepEqual([report.summary.files, report.summary.tokens, report.summary.skipped.binary], [5, 5, 1]);
    assert.deepEqual(
      report.files.map((file: { path: string; tokens: { line: number; findings: { code: string }[] }[] }) => [
        file.path,
        file.tokens.map((token) => `${token.line}:${token.findings.map((finding) => finding.code).join('+')}`),
      ]),
      [
        ['src/clean.ts', ['1:live-token', '2:live-token']],
        ['src/config.env', ['2:expired', '4:unsigned']],
        ['src/forged.json', ['1:live-token+invalid-signature']],
      ],
    );
    assert.match(json.stderr, /5 files scanned/);
    const sarif = cli(['scan', '--format', 'sarif', '--output', 'report.sarif', '--keys', join(root, 'hs.jwks'), 'src'], { cwd: tree });
    assert.equal(sarif.status, 1);
    assert.equal(sarif.stdout, '');
    const log = JSON.parse(readFileSync(join(tree, 'report.sarif'), 'utf8'));
    rmSync(join(tree, 'report.sarif'));
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(
      log.runs[0].results.map(
        (result: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }) => [
          result.ruleId,
          result.level,
          result.locations[0].physicalLocation.artifactLocation.uri,
          result.locations[0].physicalLocation.region.startLine,
        ],
      ),
      [
        ['live-token', 'error', 'src/clean.ts', 1],
        ['live-token', 'error', 'src/clean.ts', 2],
        ['expired', 'warning', 'src/config.env', 2],
        ['unsigned', 'warning', 'src/config.env', 4],
        ['live-token', 'error', 'src/forged.json', 1],
        ['invalid-signature', 'error', 'src/forged.json', 1],
      ],
    );
  });

  it('lists a SARIF rule with help text and a link for every finding code, SD-JWT and DPoP ones included', () => {
    const dir = join(root, 'sarif-rules');
    mkdirSync(dir);
    const run = cli(['scan', '--format', 'sarif'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const rules: { id: string; helpUri: string; help: { text: string }; shortDescription: { text: string } }[] = JSON.parse(run.stdout)
      .runs[0].tool.driver.rules;
    const statuses = [
      'live-token',
      'not-judged',
      'expired',
      'not-yet-valid',
      'invalid-signature',
      'alg-not-allowed',
      'rejected',
      'unsigned',
    ];
    const sdJwtAndDpop = ['sd-unmatched-disclosure', 'sd-repeated-digest', 'sd-malformed', 'kb-signature', 'kb-sd-hash', 'kb-claims'];
    sdJwtAndDpop.push('dpop-claims', 'dpop-binding', 'dpop-stale-iat', 'x5c-leaf-validity');
    const codes = [...statuses, 'known-secret', ...Object.keys(LINT_RULES)];
    assert.deepEqual(
      sdJwtAndDpop.filter((code) => !codes.includes(code)),
      [],
    );
    assert.deepEqual(rules.map((rule) => rule.id).sort(), [...new Set(codes)].sort());
    for (const rule of rules) {
      assert.match(rule.helpUri, /^https:\/\/[a-z0-9.-]+\/\S*$/, rule.id);
      assert.ok(rule.shortDescription.text.length > 10, rule.id);
      assert.ok(rule.help.text.startsWith(rule.shortDescription.text) && rule.help.text.endsWith(`See ${rule.helpUri}`), rule.id);
    }
  });

  it('writes SARIF locations that resolve back to files named with #, ?, % and spaces', () => {
    const dir = join(root, 'sarif-names');
    const names = ['issue #7.env', 'what?.env', '100%.env', 'sub dir/a#b?c.env'];
    mkdirSync(join(dir, 'sub dir'), { recursive: true });
    for (const name of names) {
      writeFileSync(join(dir, name), `T=${tokens.unsigned}\n`);
    }
    const run = cli(['scan', '--format', 'sarif'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const log = JSON.parse(run.stdout);
    const base = log.runs[0].originalUriBaseIds['%SRCROOT%'].uri;
    assert.equal(base, `${pathToFileURL(dir).href}/`);
    const uris: string[] = log.runs[0].results.map(
      (result: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        result.locations[0].physicalLocation.artifactLocation.uri,
    );
    assert.deepEqual(uris, ['100%25.env', 'issue%20%237.env', 'sub%20dir/a%23b%3Fc.env', 'what%3F.env']);
    assert.deepEqual(
      uris.map((uri) => fileURLToPath(new URL(uri, base))),
      ['100%.env', 'issue #7.env', 'sub dir/a#b?c.env', 'what?.env'].map((name) => join(dir, name)),
    );
  });

  it('reads UTF-16 files with a byte order mark, and says why it skips a binary file', () => {
    const dir = join(root, 'utf16');
    mkdirSync(dir);
    const text = `# café\r\nTOKEN=${tokens.unsigned}\r\n`;
    writeFileSync(join(dir, 'le.env'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    writeFileSync(join(dir, 'be.env'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    writeFileSync(join(dir, 'nul.env'), `A=1\0\nTOKEN=${tokens.unsigned}\n`);
    const run = cli(['scan', '--fail-on', 'warning'], { cwd: dir });
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(located(run.stdout), [
      'be.env:2:7  JWT none · expires in 10 min · ⚠ unsigned',
      'le.env:2:7  JWT none · expires in 10 min · ⚠ unsigned',
    ]);
    assert.match(run.stdout, /^3 files scanned, 2 tokens, 2 warnings; skipped 1 binary \(a NUL byte in the first 8,000 bytes\)\.$/m);
  });

  it('skips files over maxDocumentSize and reads no token in them', () => {
    const run = cli(['scan', 'src', '--rule', 'maxDocumentSize=100', '--fail-on', 'hint'], { cwd: tree });
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^3 files scanned, 0 tokens, no findings; skipped 3 over maxDocumentSize\.$/m);
  });

  it('gives the same findings from worker threads as from one thread', () => {
    const many = join(root, 'many');
    mkdirSync(many);
    for (let file = 0; file < 300; file++) {
      const token = file % 7 === 0 ? tokens.expired : file % 11 === 0 ? tokens.unsigned : tokens.valid;
      writeFileSync(join(many, `f${String(file).padStart(3, '0')}.txt`), `line\n${'x'.repeat(file)} ${token}\n`);
    }
    // The folder walk meets "f147" before "f147.txt"; the report sorts by path, so "f147.txt" first.
    mkdirSync(join(many, 'f147'));
    writeFileSync(join(many, 'f147', 'inner.txt'), `${tokens.expired}\n`);
    // Live tokens off: with them, verified ones would come first instead of in path order.
    const args = ['scan', '--format', 'json', '--fail-on', 'warning', '--rule', 'liveToken=off', '--keys', join(root, 'hs.jwks')];
    const one = cli([...args, '--jobs', '1'], { cwd: many });
    const four = cli([...args, '--jobs', '4'], { cwd: many });
    assert.equal(one.status, 1);
    assert.equal(four.status, 1);
    assert.equal(four.stdout, one.stdout);
    const report = JSON.parse(four.stdout);
    assert.equal(report.summary.files, 301);
    assert.equal(report.summary.tokens, 301);
    assert.equal(report.files.length, 43 + 24 + 1);
    const paths: string[] = report.files.map((file: { path: string }) => file.path);
    assert.deepEqual(paths, [...paths].sort());
    assert.ok(paths.indexOf('f147.txt') >= 0 && paths.indexOf('f147.txt') < paths.indexOf('f147/inner.txt'));
    // Text is written as results arrive, in the same order whatever the threads.
    const textOne = cli(['scan', '--jobs', '1', '--rule', 'liveToken=off', '--keys', join(root, 'hs.jwks')], { cwd: many });
    const textTwo = cli(['scan', '--jobs', '2', '--rule', 'liveToken=off', '--keys', join(root, 'hs.jwks')], { cwd: many });
    assert.equal(textTwo.stdout, textOne.stdout);
    assert.equal(located(textTwo.stdout).length, 43 + 24 + 1);
  });

  it("finds tokens past the first read and across its seams, and walks a folder outside git in the order git's listing gives", () => {
    // Lines of 64 bytes whose "ey"s are all inside words: 4,096 of them fill the scanner's first 256 KB read.
    const line = `${'the key and they obey '.repeat(3).slice(0, 63)}\n`;
    const filler = (lines: number) => line.repeat(lines);
    const lead = `${Buffer.from(' {"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"lead"}').toString('base64url')}.`;
    // An encrypted token has no "ey" but its header's (a signed one's payload has another): no finding, but counted.
    const encrypted = `${Buffer.from('{"alg":"dir","enc":"A256GCM"}').toString('base64url')}..${'A'.repeat(16)}.${'QUJD'.repeat(8)}.${'A'.repeat(22)}`;
    const files: Record<string, string | Buffer> = {
      // The token's "e" is the first read's last byte; its "ey" its last two; it starts the second read.
      'seam-63.log': `${filler(4095)}T${' '.repeat(61)}=${encrypted}\n`,
      'seam-62.log': `${filler(4095)}T${' '.repeat(60)}=${encrypted}\n`,
      'seam-64.log': `${filler(4095)}T${' '.repeat(62)}=${encrypted}\n`,
      'far.log': `${filler(6000)}T=${encrypted}\n`,
      // A header led by whitespace is found at the ".ey" after it; here that dot ends the first read.
      'lead-seam.log': `${filler(4095)}${'='.repeat(63 - lead.indexOf('.'))}${lead}\n`,
      'deep.log': `${filler(9000)}T=${tokens.expired}\n${filler(10)}`,
      'wide.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${filler(4500)}T=${tokens.unsigned}\r\n`, 'utf16le')]),
      'a-b.env': `T=${tokens.unsigned}\n`,
      'a.env': `T=${tokens.unsigned}\n`,
      'a/x.env': `T=${tokens.unsigned}\n`,
      'a0.env': `T=${tokens.unsigned}\n`,
      'B.env': `T=${tokens.unsigned}\n`,
      'é/x.env': `T=${tokens.unsigned}\n`,
      'clean.log': filler(5000),
    };
    const walked = join(root, 'seams-walked');
    const listed = join(root, 'seams-listed');
    for (const dir of [walked, listed]) {
      for (const [name, content] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), content);
      }
    }
    git(listed, 'init', '-q');
    const args = ['scan', '--format', 'json', '--fail-on', 'none', '--rule', 'liveToken=off'];
    const walk = cli(args, { cwd: walked });
    const list = cli(args, { cwd: listed });
    assert.equal(walk.status, 0, walk.stderr);
    assert.equal(walk.stdout, list.stdout);
    const report = JSON.parse(walk.stdout);
    const found = report.files.flatMap((file: { path: string; tokens: { line: number; column: number }[] }) =>
      file.tokens.map((token) => `${file.path}:${token.line}:${token.column}`),
    );
    assert.deepEqual(found, [
      'B.env:1:3',
      'a-b.env:1:3',
      'a.env:1:3',
      'a/x.env:1:3',
      'a0.env:1:3',
      'deep.log:9001:3',
      `lead-seam.log:4096:${64 - lead.indexOf('.')}`,
      'wide.txt:4501:3',
      'é/x.env:1:3',
    ]);
    assert.equal(report.summary.files, Object.keys(files).length);
    assert.equal(report.summary.tokens, 13);
    assert.equal(
      report.summary.bytes,
      Object.values(files).reduce((sum, content) => sum + Buffer.byteLength(content), 0),
    );
  });

  it('ends quietly when its reader stops early (jwt-lens scan | head -1)', () => {
    const many = join(root, 'pipe');
    mkdirSync(many);
    writeFileSync(join(many, 'tokens.txt'), `${tokens.unsigned}\n`.repeat(5000));
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" scan --fail-on warning | head -1`], {
      cwd: many,
      encoding: 'utf8',
    });
    outputs.push(result.stdout, result.stderr);
    assert.deepEqual(located(result.stdout), ['tokens.txt:1:1  JWT none · expires in 10 min · ⚠ unsigned']);
    assert.equal(result.stderr, '');
  });

  it('--staged judges only the lines staged for commit, with their line numbers', () => {
    const repo = join(root, 'staged');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'app.env'), `OLD=${tokens.expired}\n`);
    git(repo, 'add', 'app.env');
    git(repo, 'commit', '-q', '-m', 'old token');
    assert.equal(cli(['scan', '--staged', '--fail-on', 'warning'], { cwd: repo }).status, 0, 'nothing staged');
    writeFileSync(join(repo, 'app.env'), `OLD=${tokens.expired}\nNEW=${tokens.unsigned}\n`);
    writeFileSync(join(repo, 'unstaged.env'), `X=${tokens.unsigned}\n`);
    git(repo, 'add', 'app.env');
    const run = cli(['scan', '--staged', '--fail-on', 'warning'], { cwd: repo });
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(located(run.stdout), ['app.env:2:5  JWT none · expires in 10 min · ⚠ unsigned']);
    const outside = cli(['scan', '--staged'], { cwd: root });
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /--staged needs a git repository/);
  });

  it('in a git work tree reads committed files that .gitignore matches, and skips untracked ignored ones', () => {
    const repo = join(root, 'committed');
    mkdirSync(join(repo, 'nested'), { recursive: true });
    git(repo, 'init', '-q');
    writeFileSync(join(repo, '.gitignore'), '*.env\n');
    writeFileSync(join(repo, 'prod.env'), `TOKEN=${tokens.unsigned}\n`);
    git(repo, 'add', '.gitignore');
    git(repo, 'add', '-f', 'prod.env');
    git(repo, 'commit', '-q', '-m', 'prod token');
    writeFileSync(join(repo, 'local.env'), `TOKEN=${tokens.unsigned}\n`);
    writeFileSync(join(repo, 'excluded.txt'), `TOKEN=${tokens.unsigned}\n`);
    writeFileSync(join(repo, '.git', 'info', 'exclude'), 'excluded.txt\n');
    writeFileSync(join(repo, 'nested', 'new.txt'), `TOKEN=${tokens.unsigned}\n`);
    const run = cli(['scan', '--fail-on', 'warning'], { cwd: repo });
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(located(run.stdout), [
      'nested/new.txt:1:7  JWT none · expires in 10 min · ⚠ unsigned',
      'prod.env:1:7  JWT none · expires in 10 min · ⚠ unsigned',
    ]);
    assert.match(run.stdout, /^3 files scanned, 2 tokens, 2 warnings\.$/m);
    const folder = cli(['scan', 'nested', '--fail-on', 'warning'], { cwd: repo });
    assert.deepEqual(located(folder.stdout), ['nested/new.txt:1:7  JWT none · expires in 10 min · ⚠ unsigned']);
  });

  it('skips and counts a folder it cannot read, in a git work tree or not, and escapes control characters in paths', () => {
    // Root reads any folder whatever its mode: then the CLI runs as nobody, from a copy beside the tree
    // (the checkout's own folders may be closed to other users), in a tree nobody owns (git refuses
    // a repository of another owner).
    const asRoot = process.getuid?.() === 0;
    const place = mkdtempSync(join(tmpdir(), 'jwt-lens-locked-'));
    const hostile = 'hidden\x1b]0;owned\x07\x1b[2J';
    const run = (cwd: string, args: string[]) => {
      const result = spawnSync(process.execPath, [join(place, 'cli.js'), ...args], {
        cwd,
        env: { PATH: process.env.PATH },
        encoding: 'utf8',
        ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      });
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    try {
      chmodSync(place, 0o755);
      copyFileSync(CLI, join(place, 'cli.js'));
      for (const kind of ['folder', 'git work tree']) {
        const dir = join(place, kind.replace(/ /g, '-'));
        mkdirSync(join(dir, hostile), { recursive: true });
        writeFileSync(join(dir, 'app.env'), `T=${tokens.unsigned}\n`);
        writeFileSync(join(dir, hostile, 'inside.env'), `T=${tokens.unsigned}\n`);
        if (kind === 'git work tree') {
          git(dir, 'init', '-q');
        }
        if (asRoot) {
          assert.equal(spawnSync('chown', ['-R', '65534:65534', dir]).status, 0);
        }
        chmodSync(join(dir, hostile), 0o000);
        const result = run(dir, ['scan', '--fail-on', 'warning']);
        chmodSync(join(dir, hostile), 0o755);
        assert.equal(result.status, 1, `${kind}: ${result.stderr}`);
        assert.deepEqual(located(result.stdout), ['app.env:1:3  JWT none · expires in 10 min · ⚠ unsigned'], kind);
        assert.match(
          result.stdout,
          // git names the folder in its warning with its control characters as "?".
          /^hidden(\\u001B|\?)\]0;owned(\\u0007|\?)(\\u001B|\?)\[2J: folder not readable\.\n1 file scanned, 1 token, 1 warning; skipped 1 unreadable folder\.\n$/m,
          `${kind}: ${result.stdout}`,
        );
        if (kind === 'folder') {
          assert.ok(result.stdout.includes('hidden\\u001B]0;owned\\u0007\\u001B[2J: folder not readable.\n'), result.stdout);
        }
        // eslint-disable-next-line no-control-regex -- no raw control character may reach the terminal
        assert.doesNotMatch(result.stdout + result.stderr, /[\x00-\x09\x0b-\x1f]/, kind);
      }
      const missing = run(place, ['scan', `gone${hostile}`]);
      assert.equal(missing.status, 2);
      assert.equal(missing.stderr, 'jwt-lens: Cannot read path gonehidden\\u001B]0;owned\\u0007\\u001B[2J: no such file.\n');
    } finally {
      rmSync(place, { recursive: true, force: true });
    }
  });

  it('signs with a key from a file or JWT_LENS_SIGNING_KEY, and verifies and decodes the result', () => {
    const claims = join(root, 'api.claims.json');
    writeFileSync(claims, '{\n  // an API token\n  "sub": "svc",\n  "exp": "15m",\n  "$jwt": { "alg": "RS256" }\n}\n');
    const signed = cli(['sign', claims, '--key', join(root, 'rsa.pem'), '--kid', 'rsa'], { cwd: root });
    assert.equal(signed.status, 0, signed.stderr);
    const token = signed.stdout.trim();
    assert.match(token, /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    const fromEnv = cli(['sign', claims], { cwd: root, env: { JWT_LENS_SIGNING_KEY: rsaPem } });
    assert.equal(fromEnv.status, 0, fromEnv.stderr);

    const verified = cli(['verify', '-', '--keys', join(root, 'rsa.pem')], { cwd: root, input: `${token}\n` });
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, /^JWT RS256 · expires in 1[45] min · ✓ signed by rsa\.pem\n/);
    const wrong = cli(['verify', token], { cwd: root, env: { JWT_LENS_KEYS: HMAC_SECRET } });
    assert.equal(wrong.status, 1);
    assert.match(wrong.stdout, /\? no key for kid rsa/);
    const decoded = cli(['decode', token, '--format', 'json'], { cwd: root });
    assert.equal(decoded.status, 0);
    assert.deepEqual(JSON.parse(decoded.stdout).header, { typ: 'JWT', alg: 'RS256', kid: 'rsa' });
  });

  it('sign --url says why a playback id holding a lone surrogate has no signed URL', () => {
    const claims = join(root, 'lone.claims.json');
    writeFileSync(claims, '{ "sub": "\\ud800", "aud": "v", "exp": "15m", "$jwt": { "alg": "RS256" } }\n');
    const run = cli(['sign', claims, '--key', join(root, 'rsa.pem'), '--url'], { cwd: root });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      'jwt-lens: No signed URL for these claims: its "sub" holds an unpaired UTF-16 surrogate, which a URL cannot carry.\n',
    );
  });
});
