// The built dist/cli.js with Edwards-curve keys made by node:crypto (OpenSSL), as `openssl genpkey`
// writes them: EdDSA by default, the fully-specified name when asked (RFC 9864), and never the other
// curve's name. Ed448 runs where Node's Web Crypto has it, with no experimental-feature notice.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, '../../../dist/cli.js');

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const header = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()) as Record<string, unknown>;

/** Whether the Node running the tests (the one the CLI runs on) has Ed448 in Web Crypto. */
const ed448Here = () =>
  globalThis.crypto.subtle.generateKey({ name: 'Ed448' }, false, ['sign', 'verify']).then(
    () => true,
    () => false,
  );

describe('jwt-lens with Ed25519 and Ed448 keys (the built CLI)', function () {
  this.timeout(60_000);
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'jwt-lens-edwards-'));
    writeFileSync(join(root, 'api.claims.json'), '{ "sub": "svc", "exp": "15m" }\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const curve of ['ed25519', 'ed448'] as const) {
    const name = curve === 'ed25519' ? 'Ed25519' : 'Ed448';
    const other = curve === 'ed25519' ? 'Ed448' : 'Ed25519';

    it(`signs EdDSA by default and ${name} when asked with an ${name} PEM, verifies both with its public PEM, refuses ${other}`, async function () {
      if (curve === 'ed448' && !(await ed448Here())) {
        this.skip();
      }
      const pair = generateKeyPairSync(curve as 'ed25519');
      writeFileSync(join(root, `${curve}.pem`), pair.privateKey.export({ format: 'pem', type: 'pkcs8' }));
      writeFileSync(join(root, `${curve}.pub.pem`), pair.publicKey.export({ format: 'pem', type: 'spki' }));
      for (const [args, alg] of [
        [[], 'EdDSA'],
        [['--alg', name], name],
      ] as const) {
        const signed = cli(['sign', 'api.claims.json', '--key', `${curve}.pem`, ...args], root);
        assert.deepEqual([signed.status, signed.stderr], [0, '']);
        const jwt = signed.stdout.trim();
        assert.deepEqual(header(jwt), { typ: 'JWT', alg });
        const verified = cli(['verify', jwt, '--keys', `${curve}.pub.pem`], root);
        assert.deepEqual([verified.status, verified.stderr], [0, '']);
        assert.match(verified.stdout, new RegExp(`^JWT ${alg} · expires in 1[45] min · ✓ signed by ${curve}\\.pub\\.pem\\n`));
      }
      const refused = cli(['sign', 'api.claims.json', '--key', `${curve}.pem`, '--alg', other], root);
      assert.deepEqual(
        [refused.status, refused.stdout, refused.stderr],
        [2, '', `jwt-lens: Key ${curve}.pem cannot sign ${other}; it allows EdDSA, ${name}.\n`],
      );
    });
  }
});
