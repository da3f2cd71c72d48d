// The built CLI on tokens signed with a publicly known secret: `scan` fails on them with the finding,
// naming the list entry, never the secret or the token; `sign` refuses such a secret as its key.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { b64 } from '../support/tokens';

const CLI = resolve(__dirname, '../../../dist/cli.js');
const JWT_IO_SECRET = 'your-256-bit-secret';

/** Signed here with node's HMAC: JWT Lens itself refuses a known secret as a key. */
function hs256(secret: string, payload: object): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('jwt-lens (the built CLI): tokens signed with a publicly known secret', function () {
  this.timeout(60_000);
  let root: string;
  let forgeable: string;
  const now = Math.floor(Date.now() / 1000);

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'jwt-lens-known-'));
    forgeable = hs256(JWT_IO_SECRET, { sub: '1234567890', iat: now, exp: now + 600 });
    writeFileSync(join(root, 'api.http'), `GET https://api.example.com/me\nAuthorization: Bearer ${forgeable}\n`);
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('scan exits 1 with the known-secret error at the token, and prints neither the token nor the secret', () => {
    const run = cli(['scan', '--rule', 'liveToken=off'], root);
    assert.equal(run.status, 1, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(
      lines[0],
      /^api\.http:2:23 {2}JWT HS256 · expires in (9|10) min · \? no key for HS256 · ✗ known secret: anyone can forge it$/,
    );
    // The finding, then its fingerprint (for triage), never the token.
    assert.equal(
      lines[1].replace(/ {2}\[[0-9a-f]{16}\]$/, ''),
      "  error       known-secret  Anyone can forge this: signed with a publicly known secret (entry 1 of JWT Lens's known-secrets list, from jwt.io debugger example secrets (jwt.io, v1 and v2)). Sign with a new random secret.",
    );
    assert.match(lines[1], / {2}\[[0-9a-f]{16}\]$/);
    assert.equal(lines[2], '1 file scanned, 1 token, 1 error.');
    for (const output of [run.stdout, run.stderr]) {
      assert.ok(!output.includes(forgeable.split('.')[2]), 'the token appeared in the output');
      assert.ok(!output.includes(JWT_IO_SECRET), 'the secret appeared in the output');
    }
  });

  it('scan in JSON and SARIF reports the finding under its code', () => {
    const json = JSON.parse(cli(['scan', '--format', 'json'], root).stdout);
    const codes = json.files.flatMap((file: { tokens: { findings: { code: string; level: string }[] }[] }) =>
      file.tokens.flatMap((token) => token.findings.map((finding) => `${finding.level} ${finding.code}`)),
    );
    assert.ok(codes.includes('error known-secret'), JSON.stringify(codes));
    const sarif = JSON.parse(cli(['scan', '--format', 'sarif'], root).stdout);
    const result = sarif.runs[0].results.find((entry: { ruleId: string }) => entry.ruleId === 'known-secret');
    assert.equal(result?.level, 'error');
  });

  it('scan gives no known-secret finding for a token signed with a strong random secret', () => {
    const dir = mkdtempSync(join(root, 'strong-'));
    const strong = hs256(randomBytes(32).toString('hex'), { sub: 'x', iat: now, exp: now + 600 });
    writeFileSync(join(dir, 'api.http'), `Authorization: Bearer ${strong}\n`);
    const run = cli(['scan', '--format', 'json'], dir);
    assert.ok(!run.stdout.includes('known-secret'), run.stdout);
  });

  it('sign refuses a publicly known secret as its key, with the reason and exit 2', () => {
    writeFileSync(join(root, 'claims.json'), JSON.stringify({ sub: 'x' }));
    writeFileSync(join(root, 'known.key'), 'a-string-secret-at-least-256-bits-long');
    const run = cli(['sign', 'claims.json', '--key', 'known.key'], root);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /Key known\.key: Refused: this secret is publicly known \(entry 4 of JWT Lens's known-secrets list/);
    assert.ok(!run.stderr.includes('a-string-secret-at-least-256-bits-long'));
  });
});
