// JWE decryption with stored keys, against tokens built with node:crypto alone (test/support/jwe.ts).
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { decodeToken } from '../../../../src/core/token/decode';
import { renderDecodedHtml } from '../../../../src/core/render/decodedHtml';
import { decryptAlgorithms, decryptToken, type DecryptionKey } from '../../../../src/core/judge/decrypt';
import { tokenFindings } from '../../../../src/core/judge/findings';
import { renderHover } from '../../../../src/core/render/hoverMarkdown';
import { isProblem, judge, lensTitle, urgency } from '../../../../src/core/judge/verdict';
import { CachedVerifier, verifyToken } from '../../../../src/core/judge/verify';
import { jweAesKw, jweDir, jweEcdhEs, jweRsaOaep } from '../../../support/jwe';
import { JWE_VECTORS, RFC7520_JWE_PLAINTEXT } from '../../../support/rfcVectors';
import { DIAGNOSTIC_DEFAULTS } from '../../../../src/core/judge/judgingSettings';
import { testKeys } from '../../../support/keys';
import { assemble, signWith, verificationKey } from '../../../support/tokens';

const NOW = Math.floor(Date.now() / 1000);
const claims = JSON.stringify({ sub: 'secret-user', exp: NOW + 900 });

describe('decryptAlgorithms: what a stored key can decrypt', () => {
  const cases: Array<[string, Parameters<typeof decryptAlgorithms>[0], string[]]> = [
    ['a 256-bit secret', { type: 'oct', isPrivate: true, bits: 256 }, ['dir', 'A256KW', 'A256GCMKW']],
    ['a 128-bit secret', { type: 'oct', isPrivate: true, bits: 128 }, ['dir', 'A128KW', 'A128GCMKW']],
    ['a 512-bit secret', { type: 'oct', isPrivate: true, bits: 512 }, ['dir']],
    ['a 100-bit secret', { type: 'oct', isPrivate: true, bits: 100 }, []],
    ['an RSA private key', { type: 'RSA', isPrivate: true, bits: 2048 }, ['RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512']],
    ['an RSA public key', { type: 'RSA', isPrivate: false, bits: 2048 }, []],
    [
      'an EC private key',
      { type: 'EC', isPrivate: true, curve: 'P-256' },
      ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'],
    ],
    ['an Ed25519 key (signing only)', { type: 'OKP', isPrivate: true, curve: 'Ed25519' }, []],
    ['a JWK restricted to RS256', { type: 'RSA', isPrivate: true, alg: 'RS256' }, []],
    ['a JWK restricted to RSA-OAEP-256', { type: 'RSA', isPrivate: true, alg: 'RSA-OAEP-256' }, ['RSA-OAEP-256']],
  ];
  for (const [name, shape, expected] of cases) {
    it(`${name}: ${expected.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(decryptAlgorithms(shape), expected);
    });
  }
});

describe('decryptToken and verifyToken on JWEs made with node:crypto', () => {
  const secret32 = crypto.randomBytes(32);
  const secret16 = crypto.randomBytes(16);
  let keys: DecryptionKey[];
  before(() => {
    const { rsa, p256 } = testKeys();
    keys = [
      {
        id: 'oct32',
        label: 'dir-256',
        material: new Uint8Array(secret32),
        algorithms: decryptAlgorithms({ type: 'oct', isPrivate: true, bits: 256 }),
      },
      {
        id: 'oct16',
        label: 'kw-128',
        material: new Uint8Array(secret16),
        algorithms: decryptAlgorithms({ type: 'oct', isPrivate: true, bits: 128 }),
      },
      {
        id: 'rsa',
        label: 'rsa-enc',
        kid: 'rsa-kid',
        material: rsa.privateKey.export({ format: 'jwk' }),
        algorithms: decryptAlgorithms({ type: 'RSA', isPrivate: true }),
      },
      {
        id: 'ec',
        label: 'ec-enc',
        material: p256.privateKey.export({ format: 'jwk' }),
        algorithms: decryptAlgorithms({ type: 'EC', isPrivate: true }),
      },
    ];
  });

  const families: Array<[string, () => string, string]> = [
    ['dir + A256GCM with a secret', () => jweDir(secret32, 'A256GCM', claims), 'dir-256'],
    ['A128KW + A128GCM with a secret', () => jweAesKw(secret16, claims), 'kw-128'],
    [
      'RSA-OAEP + A256GCM with an RSA private key',
      () => jweRsaOaep(testKeys().rsa.publicKey, 'RSA-OAEP', claims, { kid: 'rsa-kid' }),
      'rsa-enc',
    ],
    ['RSA-OAEP-256 + A256GCM with an RSA private key', () => jweRsaOaep(testKeys().rsa.publicKey, 'RSA-OAEP-256', claims), 'rsa-enc'],
    ['ECDH-ES + A128GCM with an EC private key', () => jweEcdhEs(testKeys().p256.publicKey, 'ECDH-ES', claims), 'ec-enc'],
    ['ECDH-ES+A128KW + A128GCM with an EC private key', () => jweEcdhEs(testKeys().p256.publicKey, 'ECDH-ES+A128KW', claims), 'ec-enc'],
  ];
  for (const [name, make, label] of families) {
    it(`decrypts ${name}`, async () => {
      const decrypted = await decryptToken(decodeToken(make()), keys);
      assert.deepEqual([decrypted?.keyLabel, decrypted?.decoded.payload?.sub], [label, 'secret-user']);
    });
  }

  it('finds no key for a JWE encrypted to another key, and says so', async () => {
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const token = decodeToken(jweRsaOaep(other, 'RSA-OAEP-256', claims));
    assert.equal(await decryptToken(token, keys), undefined);
    const result = await verifyToken(token, [], async () => keys);
    assert.deepEqual([result.status, result.message], ['encrypted', 'Encrypted (JWE): no stored key can decrypt it.']);
  });

  it('refuses a tampered ciphertext (the tag no longer matches)', async () => {
    const parts = jweDir(secret32, 'A256GCM', claims).split('.');
    parts[3] = `${parts[3].slice(0, -2)}${parts[3].endsWith('AA') ? 'BA' : 'AA'}`;
    assert.equal(await decryptToken(decodeToken(parts.join('.')), keys), undefined);
  });

  it('judges the decrypted claims: CodeLens, hover and decoded view show them, marked as decrypted', async () => {
    const token = decodeToken(jweDir(secret32, 'A256GCM', claims));
    const verdict = judge(token, await verifyToken(token, [], async () => keys), { now: NOW });
    assert.equal(lensTitle(verdict), 'JWE dir A256GCM · expires in 15 min · 🔓 decrypted with dir-256');
    const markdown = renderHover(verdict, {}, { now: NOW });
    assert.match(markdown, /\$\(pass\) Expires in 15 min/);
    assert.match(markdown, /\$\(unlock\) decrypted with dir\\-256/);
    assert.match(markdown, /\*\*Decrypted payload\*\* \(with dir\\-256\):/);
    assert.match(markdown, /"sub": "secret-user"/);
    const html = renderDecodedHtml(verdict, { now: NOW, styleUri: 'x', cspSource: 'y' });
    assert.match(html, /<h2>Decrypted payload \(with dir-256\)<\/h2>/);
    assert.match(html, /&quot;sub&quot;: &quot;secret-user&quot;/);
  });

  it('says bare claims encrypted to a public key are not signed; a shared-secret JWE and a nested JWS need no such note', async () => {
    const note = /Not signed: anyone with the public key could have encrypted these claims\./;
    const rsa = decodeToken(jweRsaOaep(testKeys().rsa.publicKey, 'RSA-OAEP-256', claims));
    const rsaVerdict = judge(rsa, await verifyToken(rsa, [], async () => keys), { now: NOW });
    assert.equal(rsaVerdict.signature?.status, 'decrypted');
    assert.match(renderHover(rsaVerdict, {}, { now: NOW }), /^\$\(warning\) Decrypted with rsa\\-enc\\\. Not signed/m);
    assert.match(renderDecodedHtml(rsaVerdict, { now: NOW, styleUri: 'x', cspSource: 'y' }), note);
    const dir = decodeToken(jweDir(secret32, 'A256GCM', claims));
    const dirVerdict = judge(dir, await verifyToken(dir, [], async () => keys), { now: NOW });
    assert.doesNotMatch(renderHover(dirVerdict, {}, { now: NOW }), note);
    assert.doesNotMatch(renderDecodedHtml(dirVerdict, { now: NOW, styleUri: 'x', cspSource: 'y' }), note);
  });

  it('verifies a nested JWS inside a JWE (cty "JWT") and judges it', async () => {
    const inner = await signWith(testKeys().rsaPkcs1Pem, { sub: 'nested-user', exp: NOW + 300 }, 'RS256', { kid: 'signer' });
    const token = decodeToken(jweRsaOaep(testKeys().rsa.publicKey, 'RSA-OAEP-256', inner, { cty: 'JWT', kid: 'rsa-kid' }));
    const signer = await verificationKey(testKeys().rsaSpkiPem, 'signer-key', 'signer');
    const result = await verifyToken(token, [signer], async () => keys);
    assert.deepEqual([result.status, result.nested?.status, result.nested?.key?.label], ['decrypted', 'valid', 'signer-key']);
    const verdict = judge(token, result, { now: NOW });
    assert.equal(
      lensTitle(verdict),
      'JWE RSA-OAEP-256 A256GCM · expires in 5 min · 🔓 decrypted with rsa-enc · inner ✓ signed by signer-key',
    );
  });
});

describe('a decrypted JWE whose inner JWS is unsigned or forged', () => {
  // Anyone with the recipient's public key can encrypt: decrypting says nothing of who wrote it.
  let keys: DecryptionKey[];
  before(() => {
    keys = [
      {
        id: 'rsa',
        label: 'rsa-enc',
        material: testKeys().rsa.privateKey.export({ format: 'jwk' }),
        algorithms: decryptAlgorithms({ type: 'RSA', isPrivate: true }),
      },
    ];
  });

  it('bare claims encrypted to a public key are an "unsigned" problem as alg none is, with no green pill; a shared-secret JWE is not', async () => {
    const payload = { sub: 'admin', role: 'superuser', exp: NOW + 300 };
    const bare = decodeToken(jweRsaOaep(testKeys().rsa.publicKey, 'RSA-OAEP-256', JSON.stringify(payload)));
    const verdict = judge(bare, await verifyToken(bare, [], async () => keys), { now: NOW });
    const none = judge(decodeToken(assemble({ alg: 'none' }, payload, '')), undefined, { now: NOW });
    const noneFinding = tokenFindings({ ...none, signature: { status: 'unsigned', message: 'x' } }, DIAGNOSTIC_DEFAULTS)[0];
    assert.deepEqual(
      tokenFindings(verdict, DIAGNOSTIC_DEFAULTS).map((finding) => [finding.code, finding.level, finding.message]),
      [['unsigned', noneFinding.level, 'Unsigned claims: anyone with the public key could have encrypted them. Never accept them.']],
    );
    assert.equal(lensTitle(verdict), 'JWE RSA-OAEP-256 A256GCM · expires in 5 min · 🔓 decrypted with rsa-enc · inner ⚠ unsigned');
    assert.deepEqual([urgency(verdict, 60), isProblem(verdict)], ['bad', true]);
    const html = renderDecodedHtml(verdict, { now: NOW, styleUri: 'x', cspSource: 'y' });
    assert.match(html, /<span class="pill bad" id="signature">🔓 decrypted with rsa-enc<\/span>/);
    assert.match(html, /<span class="pill bad">⚠ unsigned<\/span>/);
    assert.match(renderHover(verdict, {}, { now: NOW }), /^\$\(warning\) Decrypted with rsa\\-enc\\\. /m);

    // Only the holders of a shared secret can encrypt to it: its bare claims are authenticated.
    const secret = crypto.randomBytes(32);
    const shared = decodeToken(jweDir(secret, 'A256GCM', JSON.stringify(payload)));
    const sharedKey: DecryptionKey = { id: 'dir', label: 'dir-key', material: new Uint8Array(secret), algorithms: ['dir'] };
    const sharedVerdict = judge(shared, await verifyToken(shared, [], async () => [sharedKey]), { now: NOW });
    assert.deepEqual(tokenFindings(sharedVerdict, DIAGNOSTIC_DEFAULTS), []);
    assert.match(
      renderDecodedHtml(sharedVerdict, { now: NOW, styleUri: 'x', cspSource: 'y' }),
      /<span class="pill ok" id="signature">🔓 decrypted with dir-key<\/span>/,
    );
  });

  it('is a problem in Problems and the scan, not only in its hover', async () => {
    const signer = await verificationKey(testKeys().rsaSpkiPem, 'signer-key', 'signer');
    const payload = { sub: 'admin', exp: NOW + 300 };
    const genuine = await signWith(testKeys().rsaPkcs1Pem, payload, 'RS256', { kid: 'signer' });
    const table: Array<[string, string, string[]]> = [
      ['alg none', assemble({ alg: 'none' }, payload, ''), ['unsigned']],
      ['a forged signature', `${genuine.split('.').slice(0, 2).join('.')}.${'A'.repeat(342)}`, ['invalid-signature']],
      ['a good signature', genuine, []],
    ];
    for (const [name, inner, expected] of table) {
      const token = decodeToken(jweRsaOaep(testKeys().rsa.publicKey, 'RSA-OAEP-256', inner, { cty: 'JWT' }));
      const verdict = judge(token, await verifyToken(token, [signer], async () => keys), { now: NOW });
      const codes = tokenFindings(verdict, DIAGNOSTIC_DEFAULTS).map((finding) => finding.code);
      assert.deepEqual(codes, expected, name);
    }
  });
});

describe('what a junk JWE can cost: RSA private-key operations', () => {
  const rsaKeys = Array.from({ length: 5 }, () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }));
  const stored = (kid?: string) =>
    rsaKeys.map((pair, index): DecryptionKey => ({
      id: `rsa-${index}`,
      label: `rsa-${index}`,
      kid: kid && index < 3 ? `${kid}-${index}` : undefined,
      material: pair.privateKey.export({ format: 'jwk' }),
      algorithms: decryptAlgorithms({ type: 'RSA', isPrivate: true }),
    }));
  const junk = (header: Record<string, unknown> = {}) =>
    decodeToken(jweRsaOaep(crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, 'RSA-OAEP', claims, header));

  it("tries only the keys with the JWE's kid (and keys without one), never the keys of other kids", async () => {
    const keys = stored('k');
    assert.equal(await rsaDecryptions(() => verifyToken(junk({ kid: 'k-1' }), [], async () => keys)), 1 + 2);
    assert.equal(await rsaDecryptions(() => verifyToken(junk({ kid: 'nobody' }), [], async () => keys)), 2);
    const mine = decodeToken(jweRsaOaep(rsaKeys[4].publicKey, 'RSA-OAEP', claims, { kid: 'k-0' }));
    assert.equal((await verifyToken(mine, [], async () => keys)).decrypted?.keyLabel, 'rsa-4', 'a key stored without a kid still opens it');
  });

  it('in the background tries at most the first keys and defers the rest to an explicit look; never decrypts when told not to', async () => {
    const keys = stored();
    const background = await rsaDecryptions(async () => {
      const result = await verifyToken(junk(), [], async () => keys, { maxDecryptionAttempts: 3 });
      assert.deepEqual([result.status, result.deferred], ['encrypted', true]);
    });
    assert.equal(background, 3);
    let loaded = false;
    const none = await rsaDecryptions(async () => {
      const result = await verifyToken(junk(), [], async () => ((loaded = true), keys), { decrypt: false });
      assert.deepEqual([result.status, result.deferred], ['encrypted', true]);
    });
    assert.deepEqual([none, loaded], [0, false], 'no private key read, no operation');
    const onDemand = await rsaDecryptions(async () => {
      const result = await verifyToken(junk(), [], async () => keys);
      assert.deepEqual(
        [result.status, result.deferred, result.message],
        ['encrypted', undefined, 'Encrypted (JWE): no stored key can decrypt it.'],
      );
    });
    assert.equal(onDemand, 5);
    const lastKey = decodeToken(jweRsaOaep(rsaKeys[4].publicKey, 'RSA-OAEP', claims));
    const verifier = new CachedVerifier();
    verifier.setKeys([], async () => keys);
    assert.equal((await verifier.verify(lastKey, { maxDecryptionAttempts: 3 })).deferred, true);
    assert.equal(verifier.cached(lastKey)?.deferred, true, 'a background pass does not try again');
    assert.equal((await verifier.verify(lastKey)).decrypted?.keyLabel, 'rsa-4', 'asked for, every key is tried');
  });
});

/** RSA-OAEP private-key operations (Web Crypto decryptions, as jose makes them) during `fn`. */
async function rsaDecryptions(fn: () => Promise<unknown>): Promise<number> {
  type Decrypt = (this: unknown, algorithm: string | { name: string }, ...rest: unknown[]) => Promise<ArrayBuffer>;
  const subtle = globalThis.crypto.subtle as unknown as { decrypt: Decrypt };
  const decrypt = subtle.decrypt;
  let count = 0;
  subtle.decrypt = function (algorithm, ...rest) {
    if ((typeof algorithm === 'string' ? algorithm : algorithm.name) === 'RSA-OAEP') {
      count++;
    }
    return decrypt.call(this, algorithm, ...rest);
  };
  try {
    await fn();
  } finally {
    subtle.decrypt = decrypt;
  }
  return count;
}

describe('the RFC 7520 §5.6 and §5.8 JWE examples decrypt with their keys', () => {
  for (const vector of JWE_VECTORS) {
    it(vector.section, async () => {
      const { alg, k, kid } = vector.jwk;
      const algorithms = decryptAlgorithms({ type: 'oct', isPrivate: true, bits: 128, alg });
      assert.deepEqual(algorithms, [vector.alg]);
      const key: DecryptionKey = { id: kid, label: kid, kid, material: new Uint8Array(Buffer.from(k, 'base64url')), algorithms };
      const decrypted = await decryptToken(decodeToken(vector.compact), [key]);
      assert.deepEqual([decrypted?.keyLabel, decrypted?.decoded.payloadText], [kid, RFC7520_JWE_PLAINTEXT]);
    });
  }
});
