// src/cli/commands.ts: each command run in process through main(), with its output and exit code.
// The built bundle is run in test/cli/.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../src/cli/commands';
import { main } from '../../../src/cli/main';
import { assemble, decoded } from '../../support/tokens';

const NOW = 1_800_000_000;
const SECRET = 'cli-unit-secret-0123456789abcdef-0123456789';

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
