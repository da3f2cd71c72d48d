// The built dist/cli.js on SD-JWTs and DPoP proofs: `decode` shows what the hover and decoded view
// show (disclosures, claims a verifier sees, key binding; a proof's own key and request), `scan`
// reports the same findings at the same places as the extension's Problems, `verify` checks the
// issuer-signed JWT with the given key. Fixtures are the RFC examples and tokens made for this run.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { jwkThumbprint } from '../../src/core/keys/thumbprint';
import { sha256Text } from '../../src/core/text/sha256';
import { PRESENTATION_KB } from '../support/rfc9901';
import { RESOURCE_REQUEST, TOKEN_REQUEST_PROOF } from '../support/rfc9449';
import { issueCredential, presentCredential, sdJwtParties } from '../support/sdJwtIssuer';
import { b64 } from '../support/tokens';

const CLI = resolve(__dirname, '../../../dist/cli.js');
const now = Math.floor(Date.now() / 1000);

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('jwt-lens on SD-JWTs and DPoP proofs (the built CLI)', function () {
  this.timeout(60_000);
  let root: string;
  let bound: string;
  let tampered: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'jwt-lens-formats-'));
    const parties = await sdJwtParties();
    writeFileSync(join(root, 'issuer.jwk'), JSON.stringify(parties.issuerPublicJwk));
    const issued = await issueCredential(parties, now);
    const plain = await presentCredential(parties, issued);
    bound = await presentCredential(parties, issued, { aud: 'https://verifier.example', nonce: 'n-4711', iat: now - 120 });
    const parts = plain.split('~');
    const index = parts.findIndex(
      (part, at) => at > 0 && part !== '' && Buffer.from(part, 'base64url').toString().includes('"given_name"'),
    );
    const [salt] = JSON.parse(Buffer.from(parts[index], 'base64url').toString()) as string[];
    parts[index] = b64([salt, 'given_name', 'Mallory']);
    tampered = parts.join('~');
    writeFileSync(join(root, 'wallet.log'), `presentation with key binding=${bound}\ntampered presentation=${tampered}\n`);

    const client = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(client.publicKey);
    const accessToken = `opaque-${jwkThumbprint(jwk)}`;
    const proof = await new CompactSign(
      new TextEncoder().encode(
        JSON.stringify({ htm: 'GET', htu: 'https://api.example/orders', iat: now, jti: 'j1', ath: sha256Text('another-token') }),
      ),
    )
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
      .sign(client.privateKey);
    writeFileSync(
      join(root, 'requests.http'),
      `${RESOURCE_REQUEST}\n### made for another token\nGET https://api.example/orders\nAuthorization: DPoP ${accessToken}\nDPoP: ${proof}\n`,
    );
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('decode prints an SD-JWT+KB (RFC 9901 §5.2): its key binding, each disclosure and the claims a verifier sees', () => {
    const run = cli(['decode', PRESENTATION_KB], root);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0], /^SD-JWT ES256 · expires in \d+ years?$/);
    assert.deepEqual(lines.slice(1, 9), [
      'Key Binding JWT: ✓ signed with the holder key (cnf.jwk) · sd_hash covers this presentation · aud https://verifier.example.org · nonce 1234567890',
      '',
      'Disclosures (4 opened; 6 not disclosed)',
      '   1  family_name = "Doe"',
      '   2  address = {"street_address":"123 Main St","locality":"Anytown","region":"Anystate","country":"US"}',
      '   3  given_name = "John"',
      '   4  nationalities[0] = "US"',
      '',
    ]);
    assert.equal(lines[9], 'Claims a verifier sees');
    assert.match(run.stdout, /\nIssuer-signed payload\n\{\n {2}"_sd": \[/);
  });

  it('decode --format json gives the SD-JWT summary the API gives', () => {
    const run = cli(['decode', PRESENTATION_KB, '--format', 'json'], root);
    const json = JSON.parse(run.stdout) as {
      sdJwt: { claims: Record<string, unknown>; hidden: number; keyBinding: Record<string, unknown> };
    };
    assert.equal(json.sdJwt.claims.given_name, 'John');
    assert.deepEqual(json.sdJwt.claims.nationalities, ['US']);
    assert.equal(json.sdJwt.hidden, 6);
    assert.deepEqual(json.sdJwt.keyBinding, {
      signature: 'valid',
      message: 'Signed with the holder key in cnf.jwk.',
      sdHash: 'match',
      iat: 1748537243,
      aud: 'https://verifier.example.org',
      nonce: '1234567890',
    });
  });

  it('decode prints a DPoP proof (RFC 9449 Figure 2): proof of possession of its own key, the request, the key thumbprint', () => {
    const run = cli(['decode', TOKEN_REQUEST_PROOF], root);
    const lines = run.stdout.split('\n');
    assert.match(lines[0], /^DPoP proof ES256 · stale, issued \d+ years ago$/);
    assert.deepEqual(lines.slice(1, 3), [
      'Checked with its own "jwk" key: it proves possession of that key, not that anyone you trust sent it.',
      'Request: POST https://server.example.com/token · jti -BwC3ESc6acc2lTc · key thumbprint 0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I',
    ]);
  });

  it('scan reports a tampered SD-JWT disclosure at its presentation, as the extension does; the bound presentation is clean', () => {
    const run = cli(['scan', 'wallet.log', '--keys', join(root, 'issuer.jwk'), '--format', 'json', '--rule', 'liveToken=off'], root);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout) as {
      summary: { tokens: number };
      files: { path: string; tokens: { line: number; column: number; status: string; findings: { code: string; message: string }[] }[] }[];
    };
    assert.equal(report.summary.tokens, 2, 'each presentation is one token, its Key Binding JWT not apart');
    assert.deepEqual(
      report.files.map((file) =>
        file.tokens.map((token) => [
          file.path,
          token.line,
          token.column,
          token.status.replace('expires in 59 min', 'expires in 1 h'),
          token.findings.map((finding) => finding.code),
        ]),
      ),
      [[['wallet.log', 2, 23, 'SD-JWT ES256 · 2 disclosed · expires in 1 h · ✓ signed by issuer.jwk', ['sd-unmatched-disclosure']]]],
    );
    assert.match(
      report.files[0].tokens[0].findings[0].message,
      /^Disclosure \d \("given_name"\) matches no digest in the token: a verifier rejects the presentation\./,
    );
    assert.doesNotMatch(run.stdout, /Mallory/, 'findings name the claim, never its value');
  });

  it('scan reports a stale proof and one made for the token beside it in an .http file', () => {
    const run = cli(['scan', 'requests.http', '--rule', 'liveToken=off'], root);
    assert.equal(run.status, 1, run.stderr);
    const located = run.stdout.split('\n').filter((line) => /^\S+:\d+:\d+ /.test(line));
    assert.equal(located.length, 2);
    assert.match(located[0], /^requests\.http:4:7 {2}DPoP proof ES256 · stale, issued \d+ years ago · ✓ proof of possession of this key$/);
    assert.match(
      located[1],
      /^requests\.http:9:7 {2}DPoP proof ES256 · fresh, issued (now|\d+ s ago) · ✓ proof of possession of this key$/,
    );
    assert.match(
      run.stdout,
      /^ {2}warning {5}dpop-stale-iat {2}DPoP proof stale, issued \d+ years ago: servers accept a proof only briefly after its iat\. {2}\[[0-9a-f]{16}\]$/m,
    );
    assert.match(
      run.stdout,
      /^ {2}error {7}dpop-binding {2}"ath" is not the hash of the access token beside it: the proof was made for another token\./m,
    );
  });

  it('verify checks the issuer-signed JWT of an SD-JWT+KB with the given key, and its key binding', () => {
    const run = cli(['verify', bound, '--keys', join(root, 'issuer.jwk')], root);
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /^SD-JWT ES256 · 3 disclosed · expires in (1 h|59 min) · ✓ signed by issuer\.jwk · KB ✓$/m);
  });
});
