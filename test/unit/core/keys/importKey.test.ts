import * as assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { describeForm, describeKey } from '../../../../src/core/keys/describeKey';
import { importKeyText, secretEncodingGuess, type ImportedKey } from '../../../../src/core/keys/importKey';
import { publicKeyPem, toStoredJwk } from '../../../../src/core/keys/exportKey';
import { runtimeSupports } from '../../../../src/core/keys/runtimeSupport';
import { decodeToken } from '../../../../src/core/token/decode';
import { verifyToken } from '../../../../src/core/judge/verify';
import { testCertificate, testKeys } from '../../../support/keys';
import { importedKey, signWith, verificationKey } from '../../../support/tokens';

async function importOne(text: string, options?: Parameters<typeof importKeyText>[1]): Promise<ImportedKey> {
  const result = await importKeyText(text, options);
  if (!result.ok) {
    assert.fail(result.error.message);
  }
  assert.equal(result.keys.length, 1);
  return result.keys[0];
}

const RSA_ALL = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

describe('importKeyText: every key form', () => {
  it('reads a PKCS#8 RSA private key and allows RS*/PS*', async () => {
    const key = await importOne(testKeys().rsaPkcs8Pem);
    assert.equal(key.form, 'pkcs8');
    assert.equal(describeKey(key), 'RSA 2048');
    assert.equal(key.isPrivate, true);
    assert.deepEqual(key.algorithms, { sign: RSA_ALL, verify: RSA_ALL });
  });

  it('reads a PKCS#1 RSA private key (BEGIN RSA PRIVATE KEY, as Mux hands out)', async () => {
    const key = await importOne(testKeys().rsaPkcs1Pem);
    assert.equal(key.form, 'pkcs1');
    assert.equal(describeForm(key), 'PKCS#1 RSA private key (PEM)');
  });

  it('reads the PKCS#1 PEM base64-encoded on one line, as the Mux API returns it', async () => {
    const key = await importOne(testKeys().muxPrivateKeyBase64);
    assert.equal(key.form, 'pkcs1');
    assert.equal(key.base64Wrapped, true);
    assert.equal(describeForm(key), 'PKCS#1 RSA private key (PEM), base64-encoded');
    const direct = await importOne(testKeys().rsaPkcs1Pem);
    assert.equal(key.thumbprint, direct.thumbprint);
  });

  it('reads a SEC1 EC private key and allows only ES256 for P-256', async () => {
    const key = await importOne(testKeys().ecSec1Pem);
    assert.equal(key.form, 'sec1');
    assert.equal(key.curve, 'P-256');
    assert.deepEqual(key.algorithms, { sign: ['ES256'], verify: ['ES256'] });
  });

  it('maps P-384 to ES384 and P-521 to ES512', async () => {
    const pem = (k: ReturnType<typeof testKeys>['p384']) => k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    assert.deepEqual((await importOne(pem(testKeys().p384))).algorithms.sign, ['ES384']);
    assert.deepEqual((await importOne(pem(testKeys().p521))).algorithms.sign, ['ES512']);
  });

  it('reads an Ed25519 private key and allows EdDSA', async () => {
    const key = await importOne(testKeys().edPkcs8Pem);
    assert.equal(describeKey(key), 'Ed25519');
    assert.deepEqual(key.algorithms.sign, ['EdDSA', 'Ed25519']);
  });

  it('reads an SPKI public key as verify-only', async () => {
    const key = await importOne(testKeys().rsaSpkiPem);
    assert.equal(key.form, 'spki');
    assert.equal(key.isPrivate, false);
    assert.deepEqual(key.algorithms, { sign: [], verify: RSA_ALL });
  });

  it('reads a PKCS#1 RSA public key', async () => {
    assert.equal((await importOne(testKeys().rsaPkcs1PublicPem)).form, 'pkcs1-public');
  });

  it('reads an X.509 certificate as its public key', async () => {
    const { certificatePem, privateKeyPem } = testCertificate();
    const key = await importOne(certificatePem);
    assert.equal(key.form, 'x509');
    assert.equal(key.isPrivate, false);
    const fromPrivate = await importOne(privateKeyPem);
    assert.equal(key.thumbprint, fromPrivate.thumbprint);
  });

  it('derives the public JWK and its RFC 7638 thumbprint from a private key', async () => {
    const key = await importOne(testKeys().rsaPkcs8Pem);
    const expected = createPublicKey(testKeys().rsa.privateKey).export({ format: 'jwk' }) as JWK;
    assert.deepEqual(key.publicJwk, expected);
    assert.equal(key.thumbprint, await calculateJwkThumbprint(expected));
    assert.equal(key.publicJwk?.d, undefined);
  });

  it('reads a private JWK with its kid, and restricts it to its alg', async () => {
    const jwk = { ...testKeys().rsa.privateKey.export({ format: 'jwk' }), kid: 'rsa-1', alg: 'PS256' };
    const key = await importOne(JSON.stringify(jwk));
    assert.equal(key.form, 'jwk');
    assert.equal(key.kid, 'rsa-1');
    assert.deepEqual(key.algorithms, { sign: ['PS256'], verify: ['PS256'] });
  });

  it('reads every key of a JWKS', async () => {
    const jwks = {
      keys: [
        { ...testKeys().rsa.publicKey.export({ format: 'jwk' }), kid: 'a' },
        { ...testKeys().p256.publicKey.export({ format: 'jwk' }), kid: 'b' },
      ],
    };
    const result = await importKeyText(JSON.stringify(jwks));
    assert.ok(result.ok);
    assert.deepEqual(
      result.keys.map((key) => [key.form, key.kid, key.type]),
      [
        ['jwks', 'a', 'RSA'],
        ['jwks', 'b', 'EC'],
      ],
    );
  });

  it('reads an oct JWK as an HMAC secret', async () => {
    const key = await importOne(JSON.stringify({ kty: 'oct', k: testKeys().hmac64, kid: 'h' }));
    assert.equal(key.type, 'oct');
    assert.equal(key.bits, 512);
    assert.deepEqual(key.algorithms.sign, ['HS256', 'HS384', 'HS512']);
  });

  it('reads an HMAC secret as text, allowing only the HS* its length covers for signing', async () => {
    const key = await importOne('a'.repeat(40));
    assert.equal(key.form, 'hmac-text');
    assert.equal(key.bits, 320);
    assert.deepEqual(key.algorithms, { sign: ['HS256'], verify: ['HS256', 'HS384', 'HS512'] });
    assert.equal(key.thumbprint, undefined);
  });

  it('reads an HMAC secret as base64 when told to', async () => {
    const key = await importOne(Buffer.alloc(48, 7).toString('base64'), { secretEncoding: 'base64' });
    assert.equal(key.form, 'hmac-base64');
    assert.equal(key.bits, 384);
    assert.deepEqual(key.algorithms.sign, ['HS256', 'HS384']);
  });

  it('refuses every HS* for signing with a secret shorter than 32 bytes', async () => {
    assert.deepEqual((await importOne('short-secret')).algorithms.sign, []);
  });

  it('keeps a key whole through its stored JWK form', async () => {
    for (const text of [testKeys().rsaPkcs1Pem, testKeys().ecSec1Pem, testKeys().edPkcs8Pem, 'x'.repeat(64)]) {
      const key = await importOne(text);
      const again = await importOne(JSON.stringify(toStoredJwk(key)));
      assert.equal(again.thumbprint, key.thumbprint);
      assert.deepEqual(again.algorithms, key.algorithms);
      assert.deepEqual(again.material, key.material);
    }
  });

  it('reads a PEM followed by another block (a key file with its certificate) by its first block', async () => {
    const { privateKeyPem, certificatePem } = testCertificate();
    const result = await importKeyText(`${privateKeyPem}\n${certificatePem}`);
    assert.ok(result.ok);
    assert.equal(result.keys[0].isPrivate, true);
  });
});

describe('importKeyText: Ed448 (RFC 8037, RFC 9864), where Web Crypto has it', () => {
  beforeEach(async function () {
    if (!(await runtimeSupports('Ed448'))) {
      this.skip();
    }
  });

  it('reads an OpenSSL Ed448 PKCS#8 PEM: EdDSA and Ed448, never Ed25519; its SPKI PEM verifies the same', async () => {
    const pair = generateKeyPairSync('ed448');
    const key = await importedKey(pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    assert.deepEqual(
      [describeForm(key), describeKey(key), key.isPrivate, key.algorithms],
      ['PKCS#8 private key (PEM)', 'Ed448', true, { sign: ['EdDSA', 'Ed448'], verify: ['EdDSA', 'Ed448'] }],
    );
    const spki = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    assert.deepEqual(key.publicJwk, pair.publicKey.export({ format: 'jwk' }));
    assert.equal(await publicKeyPem(key.publicJwk), spki);
    const publicKey = await importedKey(spki);
    assert.deepEqual([publicKey.isPrivate, publicKey.algorithms], [false, { sign: [], verify: ['EdDSA', 'Ed448'] }]);
    assert.equal(publicKey.thumbprint, key.thumbprint);
  });

  it("keeps only the key's own members of a private Ed448 JWK, and refuses one whose d is not its x's", async () => {
    const jwk = generateKeyPairSync('ed448').privateKey.export({ format: 'jwk' });
    const key = await importedKey(JSON.stringify({ ...jwk, kid: 'k', use: 'sig', key_ops: ['sign'] }));
    assert.deepEqual([key.material, key.kid], [{ kty: 'OKP', crv: 'Ed448', x: jwk.x, d: jwk.d }, 'k']);
    const other = generateKeyPairSync('ed448').privateKey.export({ format: 'jwk' });
    const mixed = await importKeyText(JSON.stringify({ ...jwk, d: other.d }));
    assert.equal(mixed.ok ? 'imported' : mixed.error.code, 'ERR_KEY_JWK');
  });

  it('refuses a JWK whose alg names the other Edwards curve', async () => {
    const ed448 = generateKeyPairSync('ed448').publicKey.export({ format: 'jwk' });
    assert.deepEqual(await importKeyText(JSON.stringify({ ...ed448, alg: 'Ed25519' })), {
      ok: false,
      error: { code: 'ERR_KEY_UNSUPPORTED', message: 'This Ed448 key cannot be used with its JWK "alg" Ed25519.' },
    });
    const ed25519 = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    assert.deepEqual(await importKeyText(JSON.stringify({ ...ed25519, alg: 'Ed448' })), {
      ok: false,
      error: { code: 'ERR_KEY_UNSUPPORTED', message: 'This OKP key cannot be used with its JWK "alg" Ed448.' },
    });
  });
});

describe('importKeyText: what it refuses, and why', () => {
  const cases: Array<[string, () => string, string, RegExp]> = [
    ['empty text', () => '  ', 'ERR_KEY_EMPTY', /empty/],
    [
      'an encrypted PKCS#8 PEM',
      () => '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----',
      'ERR_KEY_ENCRYPTED',
      /passphrase/,
    ],
    [
      'an unknown PEM block',
      () => '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----',
      'ERR_KEY_PEM',
      /Unsupported PEM block "OPENSSH PRIVATE KEY"/,
    ],
    ['a PEM cut short', () => testKeys().rsaPkcs8Pem.slice(0, 200), 'ERR_KEY_PEM', /no "-----END PRIVATE KEY-----" line/],
    [
      'a PEM with a damaged body',
      () => testKeys().rsaPkcs8Pem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'),
      'ERR_KEY_PEM',
      /could not be read/,
    ],
    ['JSON that does not parse', () => '{"kty": "RSA",', 'ERR_KEY_JSON', /does not parse/],
    ['a JSON array', () => '[1,2]', 'ERR_KEY_JWK', /Expected a JWK object/],
    ['a JWK without kty', () => '{"n": "abc"}', 'ERR_KEY_JWK', /no "kty"/],
    [
      'an encryption JWK',
      () => JSON.stringify({ ...testKeys().rsa.publicKey.export({ format: 'jwk' }), use: 'enc' }),
      'ERR_KEY_NOT_SIGNING',
      /encryption/,
    ],
    [
      'a JWK with a non-JWS alg',
      () => JSON.stringify({ kty: 'oct', k: 'AAAA', alg: 'A128GCM' }),
      'ERR_KEY_UNSUPPORTED',
      /not a JWS algorithm/,
    ],
    ['an RSA JWK missing e', () => JSON.stringify({ kty: 'RSA', n: 'abc' }), 'ERR_KEY_JWK', /could not be read/],
    ['an empty JWKS', () => '{"keys": []}', 'ERR_KEY_JWK', /has no keys/],
    [
      'a 1024-bit RSA key',
      () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
        return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      },
      'ERR_KEY_TOO_SMALL',
      /1024 bits; JWS needs 2048/,
    ],
    [
      'an X25519 key',
      () => {
        const { privateKey } = generateKeyPairSync('x25519');
        return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      },
      'ERR_KEY_UNSUPPORTED',
      /x25519 keys cannot sign JWTs/,
    ],
    [
      'a secp256k1 key',
      () => {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
        return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      },
      'ERR_KEY_UNSUPPORTED',
      /secp256k1 is not a JWS curve/,
    ],
  ];
  for (const [name, input, code, message] of cases) {
    it(`refuses ${name}`, async () => {
      const result = await importKeyText(input());
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.error.code, code);
        assert.match(result.error.message, message);
      }
    });
  }

  it('refuses text that is not base64 when told the secret is base64', async () => {
    const result = await importKeyText('not base64!', { secretEncoding: 'base64' });
    assert.ok(!result.ok && result.error.code === 'ERR_KEY_BASE64');
  });
});

describe('normalisePem', () => {
  it('reads a PEM whose line breaks became spaces (pasted into a one-line box)', async () => {
    const flattened = testKeys().rsaPkcs1Pem.replace(/\n/g, ' ');
    const key = await importOne(flattened);
    assert.equal(key.form, 'pkcs1');
  });
});

describe('Key import messages never echo key input', () => {
  // Secret-looking text, each placed where a parser or a message might quote it.
  const SECRET = 'Zk9xQ2h1bmtPZlNlY3JldE1hdGVyaWFsMDEyMzQ1Njc4OQ';
  const cases: Array<[string, string]> = [
    ['an unquoted secret value (Node quotes the text near the error)', `{"kty": "oct", "k": ${SECRET}}`],
    ['a secret in an array', `[${SECRET}]`],
    ['a JWK cut short inside its k', `{"kty": "oct", "k": "${SECRET}`],
    ['a JWK with a trailing comma after its d', `{"kty": "EC", "crv": "P-256", "d": "${SECRET}",}`],
    ['a bad escape inside k', `{"kty": "oct", "k": "${SECRET}\\x"}`],
    ['text after the JWK', `{"kty": "oct", "k": "${SECRET}"} ${SECRET}`],
    ['a JWKS whose key has a secret for a kty', `{"keys": [{"kty": "${SECRET}", "k": "${SECRET}"}]}`],
    ['a JWK whose kty is the secret', `{"kty": "${SECRET}", "d": "${SECRET}"}`],
    ['a JWK whose alg is the secret', `{"kty": "oct", "k": "${SECRET}", "alg": "${SECRET}"}`],
    ['an EC JWK with a damaged d', `{"kty": "EC", "crv": "P-256", "x": "${SECRET}", "y": "${SECRET}", "d": "${SECRET}"}`],
    ['a PEM with a damaged body', `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----`],
    ['a base64 secret that is not base64', `${SECRET}!`],
  ];
  /** Every 6-character piece of the secret: none may appear in a message. */
  const fragments = Array.from({ length: SECRET.length - 5 }, (_, index) => SECRET.slice(index, index + 6));

  for (const [name, input] of cases) {
    it(`says what is wrong with ${name}, quoting none of it`, async () => {
      const result = await importKeyText(input, { secretEncoding: input.endsWith('!') ? 'base64' : 'text' });
      assert.equal(result.ok, false, 'refused');
      if (result.ok) {
        return;
      }
      const leaked = fragments.filter((fragment) => result.error.message.includes(fragment));
      assert.deepEqual(leaked, [], result.error.message);
    });
  }

  it('still says where JSON stops parsing, by line and column', async () => {
    const result = await importKeyText(`{\n  "kty": "oct",\n  "k": "${SECRET}",\n}`);
    assert.ok(!result.ok);
    assert.equal(
      result.error.message,
      'The key looks like JSON but does not parse (line 4, column 1). Expected a JWK object or a JWKS {"keys": [...]}.',
    );
  });
});

describe('secretEncodingGuess: asks only when both readings are plausible', () => {
  const cases: Array<[string, 'text' | 'ask']> = [
    ['demo-hs256-secret-at-least-32-bytes!!', 'text'],
    ['demo-hs256-secret-that-is-long-enough', 'text'],
    ['abc', 'text'],
    ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'text'],
    ['LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t', 'text'],
    ['q3Jf8ZkP0mX2vT9bLw4Y7sNc1HdE6gRa', 'ask'],
    ['3q2+7w==', 'text'],
    ['u2Fs/dGVkX19Hq+3kP0mX2vT9bLw4Y7s=', 'ask'],
  ];
  for (const [text, expected] of cases) {
    it(`reads "${text}" as ${expected === 'ask' ? 'either: asks' : 'text'}`, () => {
      assert.equal(secretEncodingGuess(text), expected);
    });
  }
});

describe('RSA-PSS keys: PS* only, never a throw', () => {
  const pss = (options: Record<string, unknown> = {}) => generateKeyPairSync('rsa-pss', { modulusLength: 2048, ...options });

  it('imports an RSA-PSS private key PEM restricted to PS256, signs and verifies with it', async () => {
    const { privateKey, publicKey } = pss();
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const result = await importKeyText(pem);
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    if (!result.ok) {
      return;
    }
    assert.deepEqual(
      [result.keys[0].type, result.keys[0].form, result.keys[0].algorithms],
      ['RSA', 'pkcs8', { sign: ['PS256'], verify: ['PS256'] }],
    );
    const token = await signWith(pem, { sub: 'x' }, 'PS256');
    const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const verifier = await verificationKey(spki, 'pss-public');
    assert.deepEqual(verifier.verifyAlgorithms, ['PS256']);
    assert.equal((await verifyToken(decodeToken(token), [verifier])).status, 'valid');
    await assert.rejects(signWith(pem, { sub: 'x' }, 'RS256'), /cannot sign RS256; it allows PS256/);
  });

  it('follows the hash an RSA-PSS key names: SHA-384 allows PS384 only', async () => {
    const { privateKey } = pss({ hashAlgorithm: 'sha384', mgf1HashAlgorithm: 'sha384', saltLength: 48 });
    const result = await importKeyText(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    assert.deepEqual(result.ok && result.keys[0].algorithms, { sign: ['PS384'], verify: ['PS384'] });
  });

  it('refuses an RSA-PSS key whose parameters JWS cannot use, with the reason', async () => {
    const { privateKey } = pss({ hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha1', saltLength: 32 });
    const result = await importKeyText(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    assert.deepEqual(result.ok ? undefined : result.error, {
      code: 'ERR_KEY_UNSUPPORTED',
      message:
        'This RSA-PSS key cannot be used for JWS: its MGF1 hash sha1 differs from its hash sha256, and PS256 uses one hash for both.',
    });
  });
});
