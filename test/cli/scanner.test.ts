// `jwt-lens scan` as a secret scanner, end to end on the built dist/cli.js: live tokens fail the
// scan (verified live first, with --keys, --jwks or --issuer against a local HTTPS server with a
// certificate made for this run), triage (allow comments, .jwtlensignore, baselines) suppresses
// exactly its findings and counts them, SARIF carries fingerprints, --history finds a deleted
// token, and the pre-commit hook and GitHub Actions example run as written. No output may hold a
// token's text or key material.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/repoRoot';
import { rememberPrivateKey, rememberSecret, usedSecrets } from '../support/secrets';
import { signWith } from '../support/tokens';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const HMAC_SECRET = 'scanner-e2e-hmac-secret-0123456789abcdef';
const OTHER_SECRET = 'scanner-e2e-other-secret-abcdef0123456789';
const now = Math.floor(Date.now() / 1000);
const YEAR = 365 * 86400;
/** Tokens are made when the suite starts: a margin keeps "usable for 1 h" true for its run. */
const MARGIN = 600;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const outputs: string[] = [];
const tokenTexts: string[] = [];

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  outputs.push(result.stdout, result.stderr);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** As cli(), without blocking this process: the local HTTPS server answers from here. */
function cliAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      outputs.push(stdout, stderr);
      resolve({ status, stdout, stderr });
    });
  });
}

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

/** The report's token lines (path:line:col and the status line). */
const located = (stdout: string) => stdout.split('\n').filter((line) => /^\S+:\d+:\d+ {2}/.test(line));
/** The report's finding lines: level, code, message, [fingerprint]. */
const findingLines = (stdout: string) => stdout.split('\n').filter((line) => /^ {2}\S/.test(line));
const summaryOf = (text: string) => text.split('\n').find((line) => /^\d+ files? scanned/.test(line));

async function hs(payload: Record<string, unknown>, secret = HMAC_SECRET, kid = 'hs'): Promise<string> {
  const token = await signWith(secret, { iat: now, ...payload }, 'HS256', { kid });
  tokenTexts.push(token);
  return token;
}

describe('jwt-lens scan as a secret scanner (the built CLI)', function () {
  this.timeout(60_000);
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'jwt-lens-scanner-'));
    rememberSecret(HMAC_SECRET);
    rememberSecret(OTHER_SECRET);
    writeFileSync(
      join(root, 'hs.jwks'),
      JSON.stringify({ keys: [{ kty: 'oct', kid: 'hs', k: Buffer.from(HMAC_SECRET).toString('base64url') }] }),
    );
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
    const leaked = usedSecrets().filter((secret) => outputs.some((output) => output.includes(secret)));
    assert.deepEqual(leaked, [], 'key material appeared in the CLI output');
    // The payload and signature parts: the header part alone is shared by many tokens.
    const shown = tokenTexts.filter((token) => outputs.some((output) => output.includes(token.slice(token.indexOf('.')))));
    assert.deepEqual(shown, [], 'a token appeared in the CLI output');
  });

  it('fails on a committed live token, saying how long it stays usable; an expired token alone passes', async () => {
    const tree = join(root, 'live');
    mkdirSync(tree);
    writeFileSync(join(tree, 'app.env'), `API_TOKEN=${await hs({ sub: 'live', exp: now + 73 * YEAR + 60 })}\n`);
    writeFileSync(join(tree, 'forever.env'), `X=${await hs({ sub: 'forever' })}\n`);
    const run = cli(['scan'], tree);
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(located(run.stdout), [
      'app.env:1:11  JWT HS256 · expires in 73 years · ? no key for kid hs',
      'forever.env:1:3  JWT HS256 · no expiry · ? no key for kid hs',
    ]);
    const lines = findingLines(run.stdout).map((line) => line.replace(/ {2}\[[0-9a-f]{16}\]$/, ''));
    assert.match(
      lines[0],
      /^ {2}error {7}live-token {5}Live token: usable for 73 years \(until \d{4}-\d\d-\d\dT[\d:]+Z\)\. Whoever reads it can use it: revoke it, then remove it\.$/,
    );
    assert.ok(
      lines.includes(
        '  error       live-token  Live token: no exp: usable until revoked. Whoever reads it can use it: revoke it, then remove it.',
      ),
    );
    assert.equal(summaryOf(run.stdout), '2 files scanned, 2 tokens, 2 errors, 2 warnings (2 live tokens).');

    const old = join(root, 'expired');
    mkdirSync(old);
    writeFileSync(join(old, 'app.env'), `API_TOKEN=${await hs({ sub: 'old', iat: now - 7200, exp: now - 3600 })}\n`);
    const expired = cli(['scan'], old);
    assert.equal(expired.status, 0, expired.stdout);
    assert.deepEqual(
      findingLines(expired.stdout).map((line) => line.trim().split(/\s+/).slice(0, 2).join(' ')),
      ['warning expired'],
    );
    // The rule can be set like any other: off, or a level.
    assert.equal(cli(['scan', '--rule', 'liveToken=off'], tree).status, 0);
    assert.equal(cli(['scan', '--rule', 'live-token=warning'], tree).status, 0);
  });

  it('says "verified live" when --keys verifies a token, and reports it before everything else', async () => {
    const tree = join(root, 'ranked');
    mkdirSync(tree);
    // In path order the unverified token comes first; verified live ranks above it.
    writeFileSync(join(tree, 'a-other.env'), `T=${await hs({ sub: 'other', exp: now + 3600 }, OTHER_SECRET, 'other')}\n`);
    writeFileSync(join(tree, 'b-old.env'), `T=${await hs({ sub: 'old', iat: now - 7200, exp: now - 3600 })}\n`);
    writeFileSync(join(tree, 'z-prod.env'), `T=${await hs({ sub: 'prod', exp: now + 7200 + MARGIN })}\n`);
    const keys = ['--keys', join(root, 'hs.jwks')];
    const text = cli(['scan', ...keys], tree);
    assert.equal(text.status, 1);
    assert.deepEqual(
      located(text.stdout).map((line) => line.split(' ')[0]),
      ['z-prod.env:1:3', 'a-other.env:1:3', 'b-old.env:1:3'],
    );
    assert.match(
      findingLines(text.stdout)[0],
      /^ {2}error {7}live-token {2}Verified live \(signed by hs\.jwks#hs\): usable for 2 h \(until [\dT:-]+Z\)\. Revoke it, then remove it\. {2}\[[0-9a-f]{16}\]$/,
    );
    assert.equal(summaryOf(text.stdout), '3 files scanned, 3 tokens, 2 errors, 1 warning (2 live tokens, 1 verified).');
    const json = JSON.parse(cli(['scan', '--format', 'json', ...keys], tree).stdout);
    assert.deepEqual(
      json.files.map((file: { path: string }) => file.path),
      ['z-prod.env', 'a-other.env', 'b-old.env'],
    );
    assert.deepEqual(json.summary.live, { tokens: 2, verified: 1 });
    const sarif = JSON.parse(cli(['scan', '--format', 'sarif', ...keys], tree).stdout);
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'z-prod.env');
    assert.match(sarif.runs[0].results[0].message.text, /^Verified live/);
  });

  describe('with an issuer serving its keys over HTTPS', () => {
    let server: Server;
    let origin: string;
    let requests: string[];
    let tlsEnv: NodeJS.ProcessEnv;
    let idpToken: string;

    before(async () => {
      // The launchers' helper is plain JavaScript, loaded at run time (not bundled).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { localhostCertificate } = require(join(REPO_ROOT, 'scripts', 'lib', 'testTls.js')) as {
        localhostCertificate: (dir: string) => string;
      };
      const tls = join(root, 'tls');
      const cert = localhostCertificate(tls);
      tlsEnv = { NODE_EXTRA_CA_CERTS: cert };
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      rememberPrivateKey(privateKey);
      const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'idp-1', alg: 'ES256', use: 'sig' };
      requests = [];
      server = createServer({ key: readFileSync(join(tls, 'localhost.key')), cert: readFileSync(cert) }, (request, response) => {
        requests.push(request.url ?? '');
        const send = (status: number, body: string, headers: Record<string, string> = {}) => {
          response.writeHead(status, { 'content-type': 'application/json', ...headers });
          response.end(body);
        };
        if (request.url === '/.well-known/openid-configuration') {
          send(200, JSON.stringify({ issuer: origin, jwks_uri: `${origin}/jwks.json` }));
        } else if (request.url === '/jwks.json') {
          send(200, JSON.stringify({ keys: [jwk] }));
        } else if (request.url === '/huge.json') {
          send(200, JSON.stringify({ keys: [], padding: 'x'.repeat(1024 * 1024 + 10) }));
        } else if (request.url === '/moved.json') {
          send(302, '', { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json` });
        } else {
          send(404, '{}');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `https://localhost:${(server.address() as AddressInfo).port}`;
      idpToken = await signWith(
        privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        { iss: origin, sub: 'svc', iat: now, exp: now + 3600 + MARGIN },
        'ES256',
        {
          kid: 'idp-1',
        },
      );
      tokenTexts.push(idpToken);
    });

    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('verifies with --jwks and --issuer, and fetches nothing unless asked', async () => {
      const tree = join(root, 'issuer');
      mkdirSync(tree);
      writeFileSync(join(tree, 'svc.yaml'), `token: ${idpToken}\n`);
      const plain = await cliAsync(['scan'], tree, tlsEnv);
      assert.equal(plain.status, 1);
      assert.match(plain.stdout, /Live token: usable for 1 h/);
      assert.deepEqual(requests, [], 'a scan without --issuer or --jwks fetches nothing');

      const host = new URL(origin).host;
      const byJwks = await cliAsync(['scan', '--allow-localhost', '--jwks', `${origin}/jwks.json`], tree, tlsEnv);
      assert.equal(byJwks.status, 1, byJwks.stderr);
      assert.ok(byJwks.stdout.includes(`Verified live (signed by ${host}#idp-1): usable for 1 h`), byJwks.stdout);
      assert.deepEqual(requests, ['/jwks.json']);

      const byIssuer = await cliAsync(['scan', '--allow-localhost', '--issuer', origin, '--format', 'json'], tree, tlsEnv);
      assert.equal(byIssuer.status, 1, byIssuer.stderr);
      assert.deepEqual(JSON.parse(byIssuer.stdout).summary.live, { tokens: 1, verified: 1 });
      assert.deepEqual(requests, ['/jwks.json', '/.well-known/openid-configuration', '/jwks.json']);
    });

    it('fetches over HTTPS only, within the size limit, checking where a redirect goes: else exit 2, one line', async () => {
      const tree = join(root, 'issuer');
      const port = (server.address() as AddressInfo).port;
      const cases: Array<[string[], RegExp]> = [
        [
          ['--jwks', `http://127.0.0.1:${port}/jwks.json`],
          /^jwt-lens: --jwks 127\.0\.0\.1:\d+: only https:\/\/ addresses are fetched\.\n$/,
        ],
        [['--jwks', `${origin}/huge.json`], /^jwt-lens: localhost:\d+ sent more than 1024 KB; jwt-lens stops reading there\.\n$/],
        [
          ['--jwks', `${origin}/moved.json`],
          /^jwt-lens: localhost:\d+ redirected to an address that is not fetched: only https:\/\/ addresses are fetched\.\n$/,
        ],
        [['--issuer', `${origin}/nowhere`], /^jwt-lens: Discovery failed: localhost:\d+ publishes no discovery document\.\n$/],
        [
          ['--jwks', 'https://10.1.2.3/jwks.json'],
          /^jwt-lens: --jwks 10\.1\.2\.3: 10\.1\.2\.3 is a private or link-local address: add --allow-private-addresses to fetch from it\.\n$/,
        ],
      ];
      for (const [args, message] of cases) {
        const run = await cliAsync(['scan', '--allow-localhost', ...args], tree, tlsEnv);
        assert.equal(run.status, 2, args.join(' '));
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '');
      }
      // Without the run's certificate the server is not trusted.
      const untrusted = await cliAsync(['scan', '--allow-localhost', '--jwks', `${origin}/jwks.json`], tree);
      // This computer is fetched only when asked.
      const local = await cliAsync(['scan', '--jwks', `${origin}/jwks.json`], tree, tlsEnv);
      assert.equal(local.status, 2);
      assert.match(
        local.stderr,
        /^jwt-lens: --jwks localhost:\d+: localhost:\d+ is this computer: add --allow-localhost to fetch from it\.\n$/,
      );
      assert.equal(untrusted.status, 2);
      assert.match(untrusted.stderr, /^jwt-lens: Could not reach localhost:\d+: check the address and the network\.\n$/);
    });

    it('judges a host name by the addresses it resolves to: a name for this computer needs --allow-localhost', async function () {
      // This machine's own name resolves to one of its addresses (loopback or its network's) on any usual setup.
      const addresses = (await lookup(hostname(), { all: true })).map((answer) => answer.address);
      if (!addresses.some((address) => /^(127\.|::1$)/.test(address))) {
        this.skip();
      }
      const port = (server.address() as AddressInfo).port;
      const fetched = requests.length;
      const tree = join(root, 'issuer-by-name');
      mkdirSync(tree);
      const run = await cliAsync(['scan', '--jwks', `https://${hostname()}:${port}/jwks.json`], tree, tlsEnv);
      assert.equal(run.status, 2);
      assert.equal(
        run.stderr,
        `jwt-lens: --jwks ${hostname()}:${port}: ${hostname()}:${port} resolves to this computer: add --allow-localhost to fetch from it.\n`,
      );
      assert.equal(requests.length, fetched, 'nothing fetched');
    });
  });

  it('suppresses exactly the allowed, ignored and baselined findings, counts each, and keeps a baseline when a token moves', async () => {
    const tree = join(root, 'triage');
    mkdirSync(join(tree, 'test'), { recursive: true });
    const [fixture, documented, ignored, known, fresh] = await Promise.all(
      ['fixture', 'documented', 'ignored', 'known', 'fresh'].map((sub) => hs({ sub, exp: now + 3600 + MARGIN })),
    );
    writeFileSync(join(tree, 'test', 'fixture.ts'), `export const t = '${fixture}'; // jwt-lens: allow test fixture\n`);
    writeFileSync(join(tree, 'test', 'docs.html'), `<!-- jwt-lens: allow documented example -->\n<code>${documented}</code>\n`);
    writeFileSync(join(tree, 'ignored.env'), `T=${ignored}\n`);
    // The same token elsewhere is another finding: an ignore is for one place.
    writeFileSync(join(tree, 'copy.env'), `T=${ignored}\n`);
    writeFileSync(join(tree, 'known.env'), `T=${known}\n`);

    const first = JSON.parse(cli(['scan', '--format', 'json'], tree).stdout);
    const fingerprint = (path: string) =>
      first.files.find((file: { path: string }) => file.path === path).tokens[0].findings[0].fingerprint as string;
    assert.deepEqual(
      first.files.map((file: { path: string }) => file.path),
      ['copy.env', 'ignored.env', 'known.env', 'test/docs.html', 'test/fixture.ts'],
    );
    writeFileSync(join(tree, '.jwtlensignore'), `# the demo token, revoked\n${fingerprint('ignored.env')}  # ignored.env\n`);
    rmSync(join(tree, 'copy.env'));

    const recorded = cli(['scan', '--write-baseline', 'baseline.json'], tree);
    assert.equal(recorded.status, 0, recorded.stdout);
    assert.match(recorded.stderr, /^Baseline written to baseline\.json: 1 finding\.\n$/);
    assert.equal(
      summaryOf(recorded.stdout),
      '5 files scanned, 4 tokens, no findings; 2 allowed inline, 1 in .jwtlensignore, 1 in the baseline.',
    );
    const baseline = JSON.parse(readFileSync(join(tree, 'baseline.json'), 'utf8'));
    assert.deepEqual(baseline.findings, [{ fingerprint: fingerprint('known.env'), path: 'known.env', code: 'live-token', line: 1 }]);

    // The known token moves down two lines; a new one arrives.
    writeFileSync(join(tree, 'known.env'), `# moved\n\nT=${known}\n`);
    writeFileSync(join(tree, 'fresh.env'), `T=${fresh}\n`);
    const run = cli(['scan', '--baseline', 'baseline.json'], tree);
    assert.equal(run.status, 1);
    assert.deepEqual(located(run.stdout), ['fresh.env:1:3  JWT HS256 · expires in 1 h · ? no key for kid hs']);
    assert.equal(
      summaryOf(run.stdout),
      '7 files scanned, 5 tokens, 1 error (1 live token); 2 allowed inline, 1 in .jwtlensignore, 1 in the baseline.',
    );
    // JSON lists what was suppressed and why; text never does.
    const json = JSON.parse(cli(['scan', '--baseline', 'baseline.json', '--format', 'json'], tree).stdout);
    assert.deepEqual(json.summary.suppressed, { allow: 1 + 1, 'ignore-file': 1, baseline: 1 });
    const suppressed = json.files.flatMap((file: { path: string; tokens: { suppressed?: { by: string; reason?: string }[] }[] }) =>
      file.tokens.flatMap((token) => (token.suppressed ?? []).map((entry) => `${file.path}:${entry.by}:${entry.reason ?? ''}`)),
    );
    assert.deepEqual(suppressed, [
      'ignored.env:ignore-file:',
      'known.env:baseline:',
      'test/docs.html:allow:documented example',
      'test/fixture.ts:allow:test fixture',
    ]);
    // Without the allow comment, its finding is reported again.
    writeFileSync(join(tree, 'test', 'fixture.ts'), `export const t = '${fixture}';\n`);
    const unallowed = cli(['scan', '--baseline', 'baseline.json'], tree);
    assert.deepEqual(
      located(unallowed.stdout).map((line) => line.split(' ')[0]),
      ['fresh.env:1:3', 'test/fixture.ts:1:19'],
    );
  });

  it("writes SARIF whose partialFingerprints are the findings' fingerprints, every rule with help text and a link", async () => {
    const tree = join(root, 'sarif');
    mkdirSync(tree);
    writeFileSync(
      join(tree, 'a.env'),
      `A=${await hs({ sub: 'sarif', exp: now + 3600 })}\nB=${await hs({ sub: 'ok' })} # jwt-lens: allow fixture\n`,
    );
    const text = cli(['scan'], tree);
    const printed = findingLines(text.stdout).map((line) => /\[([0-9a-f]{16})\]$/.exec(line)?.[1]);
    const run = cli(['scan', '--format', 'sarif'], tree);
    assert.equal(run.status, 1);
    const log = JSON.parse(run.stdout);
    const results = log.runs[0].results as { ruleId: string; partialFingerprints: Record<string, string> }[];
    // The allowed token's findings are counted, not uploaded as alerts.
    assert.deepEqual(
      results.map((result) => [result.ruleId, result.partialFingerprints['jwtLensFinding/v1']]),
      [['live-token', printed[0]]],
    );
    assert.match(run.stderr, /; 2 allowed inline\.$/m);
    const rules = log.runs[0].tool.driver.rules as { id: string; help: { text: string }; helpUri: string }[];
    assert.ok(rules.some((rule) => rule.id === 'live-token'));
    for (const rule of rules) {
      assert.ok(rule.help.text.length > 20, rule.id);
      assert.match(rule.helpUri, /^https:\/\//, rule.id);
    }
  });

  it('--history finds a token a later commit deleted, once, at the commit that first added it, with the same triage', async () => {
    const repo = join(root, 'history');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    const leaked = await hs({ sub: 'leaked', exp: now + 20 * 86400 + MARGIN });
    const fixture = await hs({ sub: 'fixture', exp: now + 20 * 86400 + MARGIN });
    writeFileSync(join(repo, 'README.md'), '# app\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'start');
    writeFileSync(join(repo, 'secrets.env'), `# config\nAPI_TOKEN=${leaked}\n`);
    writeFileSync(join(repo, 'test.env'), `# jwt-lens: allow test fixture\nT=${fixture}\n`);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'add token');
    const added = git(repo, 'rev-parse', 'HEAD');
    const date = git(repo, 'show', '-s', '--format=%cI', 'HEAD');
    rmSync(join(repo, 'secrets.env'));
    // The same token again, elsewhere: still reported once, where it was first added.
    writeFileSync(join(repo, 'again.env'), `X=${leaked}\n`);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'move token');
    rmSync(join(repo, 'again.env'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'remove token');

    assert.equal(cli(['scan'], repo).status, 0, 'the working tree is clean');
    const run = cli(['scan', '--history'], repo);
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(located(run.stdout), [
      `secrets.env:2:11  JWT HS256 · expires in 20 days · ? no key for kid hs · added in ${added.slice(0, 12)} on ${date.slice(0, 10)}`,
    ]);
    assert.match(summaryOf(run.stdout)!, /1 error, 1 warning \(1 live token\); 2 allowed inline\.$/);
    const json = JSON.parse(cli(['scan', '--history', '--format', 'json'], repo).stdout);
    assert.deepEqual(
      json.files.map((file: { path: string; commit: string; date: string }) => [file.path, file.commit, file.date]),
      [
        ['secrets.env', added, date],
        ['test.env', added, date],
      ],
    );
    // From the commit that copied it on, the copy is where it was first added; the last commit adds nothing.
    assert.equal(cli(['scan', '--history', 'HEAD~2..HEAD'], repo).status, 1);
    assert.equal(cli(['scan', '--history', 'HEAD~1..HEAD'], repo).status, 0);
    const outside = cli(['scan', '--history'], root);
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /^jwt-lens: --history: git log failed \(not a git repository/);
    const badRange = cli(['scan', '--history', 'no-such-branch'], repo);
    assert.equal(badRange.status, 2);
    assert.match(badRange.stderr, /^jwt-lens: --history: git log failed \(bad revision 'no-such-branch'\)/);
  });

  it("a scanned repository's git config cannot make the scan start a program (fsmonitor, textconv, external diff)", async () => {
    const repo = join(root, 'hostile-git');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    const marker = join(root, 'hostile-git-ran');
    const program = join(root, 'hostile-git.sh');
    writeFileSync(program, `#!/bin/sh\necho "$0 $*" >> '${marker}'\n`, { mode: 0o755 });
    git(repo, 'config', 'core.fsmonitor', program);
    git(repo, 'config', 'diff.evil.textconv', program);
    git(repo, 'config', 'diff.external', program);
    writeFileSync(join(repo, '.gitattributes'), '*.env diff=evil\n');
    const leaked = await hs({ sub: 'hostile', exp: now + 86400 + MARGIN });
    writeFileSync(join(repo, 'app.env'), `T=${leaked}\n`);
    git(repo, '-c', 'core.fsmonitor=false', 'add', '.');
    git(repo, '-c', 'core.fsmonitor=false', 'commit', '-q', '-m', 'token');
    writeFileSync(join(repo, 'app.env'), `T=${leaked}\nU=${leaked}\n`);
    git(repo, '-c', 'core.fsmonitor=false', 'add', '.');
    for (const args of [['scan'], ['scan', '--staged'], ['scan', '--history']]) {
      const run = cli(args, repo);
      assert.equal(run.status, 1, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stdout, /app\.env:\d+:\d+ {2}JWT HS256/, args.join(' '));
    }
    assert.ok(!existsSync(marker), existsSync(marker) ? readFileSync(marker, 'utf8') : '');
  });

  it("runs the pre-commit hook's entry from .pre-commit-hooks.yaml on staged changes", async () => {
    const hooks = readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    assert.match(hooks, /^- id: jwt-lens$/m);
    assert.match(hooks, /^ {2}language: node$/m);
    assert.match(hooks, /^ {2}pass_filenames: false$/m);
    const entry = /^ {2}entry: (.+)$/m.exec(hooks)![1].split(' ');
    const bin = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).bin as Record<string, string>;
    assert.equal(join(REPO_ROOT, bin[entry[0]]), CLI, 'the entry runs the package bin');

    const repo = join(root, 'precommit');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'app.env'), `NAME=app\n`);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'start');
    assert.equal(cli(entry.slice(1), repo).status, 0, 'nothing staged');
    writeFileSync(join(repo, 'app.env'), `NAME=app\nTOKEN=${await hs({ sub: 'staged', exp: now + 3600 })}\n`);
    git(repo, 'add', 'app.env');
    const refused = cli(entry.slice(1), repo);
    assert.equal(refused.status, 1);
    assert.deepEqual(
      located(refused.stdout).map((line) => line.split(' ')[0]),
      ['app.env:2:7'],
    );
    writeFileSync(
      join(repo, 'app.env'),
      `NAME=app\n# jwt-lens: allow local development token\nTOKEN=${await hs({ sub: 'dev', exp: now + 3600 })}\n`,
    );
    git(repo, 'add', 'app.env');
    const allowed = cli(entry.slice(1), repo);
    assert.equal(allowed.status, 0, allowed.stdout);
    assert.match(summaryOf(allowed.stdout)!, /; 1 allowed inline\.$/);
  });

  it("runs the GitHub Actions example's jwt-lens steps: a SARIF report, and the history", async () => {
    const workflow = readFileSync(join(REPO_ROOT, 'docs', 'examples', 'github-actions.yml'), 'utf8');
    assert.match(
      workflow,
      /^ {6}- uses: github\/codeql-action\/upload-sarif@v3\n {8}if: always\(\)\n {8}with:\n {10}sarif_file: jwt-lens\.sarif$/m,
    );
    assert.match(workflow, /^ {2}security-events: write/m);
    const steps = [...workflow.matchAll(/^ {6}- run: jwt-lens (.+)$/gm)].map((match) => match[1].split(' '));
    assert.equal(steps.length, 2);
    const repo = join(root, 'actions');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'app.env'), `TOKEN=${await hs({ sub: 'ci', exp: now + 3600 })}\n`);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'token');
    const [scan, history] = steps.map((args) => cli(args, repo));
    assert.equal(scan.status, 1);
    const log = JSON.parse(readFileSync(join(repo, 'jwt-lens.sarif'), 'utf8'));
    assert.deepEqual(
      log.runs[0].results.map((result: { ruleId: string }) => result.ruleId),
      ['live-token'],
    );
    assert.equal(history.status, 1);
    assert.equal(located(history.stdout).length, 1);
  });
});
