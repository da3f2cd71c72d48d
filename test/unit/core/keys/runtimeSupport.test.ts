import * as assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { generateSigningKey } from '../../../../src/core/keys/generateKey';
import { importKeyText } from '../../../../src/core/keys/importKey';
import { jwkThumbprint } from '../../../../src/core/keys/thumbprint';
import { runtimeSupports } from '../../../../src/core/keys/runtimeSupport';
import { decodeToken } from '../../../../src/core/token/decode';
import { signToken } from '../../../../src/core/sign/sign';
import { verifyToken, type VerificationKey } from '../../../../src/core/judge/verify';
import { judge, lensTitle, urgency } from '../../../../src/core/judge/verdict';
import { tokenFindings } from '../../../../src/core/judge/findings';
import { DIAGNOSTIC_DEFAULTS } from '../../../../src/core/judge/judgingSettings';
import { b64 } from '../../../support/tokens';

const NOW = 1_800_000_000;

async function storedKey(jwk: unknown, label: string): Promise<VerificationKey> {
  const result = await importKeyText(JSON.stringify(jwk));
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  const [key] = result.keys;
  return { id: label, label, type: key.type, verifyKey: key.verifyMaterial, verifyAlgorithms: key.algorithms.verify };
}

/** A compact JWS signed by Web Crypto directly: jose has no Ed448. */
async function signEd448(payload: object, privateKey: webcrypto.CryptoKey, header: object = {}): Promise<string> {
  const input = `${b64({ alg: 'Ed448', ...header })}.${b64(payload)}`;
  const signature = await webcrypto.subtle.sign({ name: 'Ed448' }, privateKey, new TextEncoder().encode(input));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}

describe('RFC 9864 fully-specified algorithms and ML-DSA', () => {
  it('Ed25519: a generated key signs with the fully-specified alg and verifies, as EdDSA does', async () => {
    const key = await generateSigningKey('Ed25519');
    assert.deepEqual(key.algorithms.sign, ['EdDSA', 'Ed25519']);
    const stored: VerificationKey = {
      id: 'ed',
      label: 'ed',
      type: key.type,
      verifyKey: key.verifyMaterial,
      verifyAlgorithms: key.algorithms.verify,
    };
    for (const alg of ['Ed25519', 'EdDSA']) {
      const signed = await signToken({ payload: { sub: 'x', exp: NOW + 60 }, alg, key: { ...key, label: 'ed' } });
      assert.ok(signed.ok);
      const decoded = decodeToken(signed.jwt);
      assert.equal(decoded.header?.alg, alg);
      assert.equal((await verifyToken(decoded, [stored])).status, 'valid', alg);
    }
  });

  for (const [kind, alg] of [
    ['P-384', 'ES384'],
    ['P-521', 'ES512'],
  ] as const) {
    it(`generates ${kind} keys that sign and verify ${alg}`, async () => {
      const key = await generateSigningKey(kind);
      assert.deepEqual([key.type, key.curve, key.algorithms.sign], ['EC', kind, [alg]]);
      const signed = await signToken({ payload: { sub: 'x' }, alg, key: { ...key, label: kind } });
      assert.ok(signed.ok);
      const stored: VerificationKey = {
        id: kind,
        label: kind,
        type: 'EC',
        verifyKey: key.verifyMaterial,
        verifyAlgorithms: key.algorithms.verify,
      };
      assert.equal((await verifyToken(decodeToken(signed.jwt), [stored])).status, 'valid');
    });
  }

  it('Ed448: verified with a stored JWK where Web Crypto has it; a changed payload is a bad signature', async function () {
    if (!(await runtimeSupports('Ed448'))) {
      this.skip();
    }
    const pair = (await webcrypto.subtle.generateKey({ name: 'Ed448' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const publicJwk = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
    const stored = await storedKey(publicJwk, 'ed448');
    // Web Crypto's JWK carries "alg": "Ed448", which restricts the key to it.
    assert.deepEqual([stored.type, stored.verifyAlgorithms], ['OKP', ['Ed448']]);
    const token = await signEd448({ sub: 'x', exp: NOW + 60 }, pair.privateKey);
    const verdict = judge(decodeToken(token), await verifyToken(decodeToken(token), [stored]), { now: NOW });
    assert.equal(lensTitle(verdict), 'JWT Ed448 · expires in 1 min · ✓ signed by ed448');
    const [header, , signature] = token.split('.');
    assert.equal(
      (await verifyToken(decodeToken(`${header}.${b64({ sub: 'admin', exp: NOW + 60 })}.${signature}`), [stored])).status,
      'invalid-signature',
    );
  });

  it('Ed448: a generated key signs EdDSA and Ed448 tokens that its stored public key verifies; an Ed25519 key verifies neither', async function () {
    if (!(await runtimeSupports('Ed448'))) {
      this.skip();
    }
    const key = await generateSigningKey('Ed448');
    assert.deepEqual([key.type, key.curve, key.algorithms], ['OKP', 'Ed448', { sign: ['EdDSA', 'Ed448'], verify: ['EdDSA', 'Ed448'] }]);
    const stored = await storedKey(key.publicJwk, 'ed448');
    const other = await storedKey((await generateSigningKey('Ed25519')).publicJwk, 'ed25519');
    for (const alg of ['EdDSA', 'Ed448']) {
      const signed = await signToken({ payload: { sub: 'x', exp: NOW + 60 }, alg, key: { ...key, label: 'ed448' } });
      assert.ok(signed.ok, alg);
      const decoded = decodeToken(signed.jwt);
      const verdict = judge(decoded, await verifyToken(decoded, [other, stored]), { now: NOW });
      assert.equal(lensTitle(verdict), `JWT ${alg} · expires in 1 min · ✓ signed by ed448`);
      // EdDSA is tried with the Ed25519 key and fails; Ed448 is never tried with it.
      const byOther = await verifyToken(decoded, [other]);
      assert.equal(byOther.status, alg === 'EdDSA' ? 'invalid-signature' : 'alg-not-allowed');
      if (alg === 'Ed448') {
        assert.equal(
          byOther.message,
          'Ed448 is not allowed for key ed25519 (it allows EdDSA, Ed25519); refused to prevent algorithm confusion.',
        );
      }
    }
  });

  it('Ed448: a DPoP proof with an Ed448 key in its jwk header is checked with it', async function () {
    if (!(await runtimeSupports('Ed448'))) {
      this.skip();
    }
    const pair = (await webcrypto.subtle.generateKey({ name: 'Ed448' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const { kty, crv, x } = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
    const proof = await signEd448({ htm: 'GET', htu: 'https://a.example/', iat: NOW, jti: 'j' }, pair.privateKey, {
      typ: 'dpop+jwt',
      jwk: { kty, crv, x },
    });
    const result = await verifyToken(decodeToken(proof), []);
    assert.equal(result.status, 'valid');
    assert.equal(result.message.includes(`thumbprint ${jwkThumbprint({ kty, crv, x })}`), true);
  });

  it('ML-DSA: "this runtime cannot verify", never a bad signature, where Web Crypto lacks it; verified where it has it', async () => {
    const supported = await runtimeSupports('ML-DSA-65');
    const token = `${b64({ alg: 'ML-DSA-65', kid: 'pq' })}.${b64({ sub: 'x', exp: NOW + 60 })}.${'A'.repeat(4412)}`;
    if (!supported) {
      const result = await verifyToken(decodeToken(token), []);
      assert.deepEqual(result, {
        status: 'unsupported',
        alg: 'ML-DSA-65',
        kid: 'pq',
        words: 'this runtime cannot verify ML-DSA-65',
        message:
          "This runtime's Web Crypto cannot verify ML-DSA-65, so the signature is unchecked, not bad; a runtime that has ML-DSA-65 verifies it.",
      });
      const verdict = judge(decodeToken(token), result, { now: NOW });
      assert.equal(lensTitle(verdict), 'JWT ML-DSA-65 · expires in 1 min · ? this runtime cannot verify ML-DSA-65');
      assert.equal(urgency(verdict, 0), 'ok');
      assert.deepEqual(tokenFindings(verdict, DIAGNOSTIC_DEFAULTS), []);
      const imported = await importKeyText(JSON.stringify({ kty: 'AKP', alg: 'ML-DSA-65', pub: 'AAAA' }));
      assert.deepEqual(imported, {
        ok: false,
        error: { code: 'ERR_KEY_UNSUPPORTED', message: "This runtime's Web Crypto has no ML-DSA-65, so the key cannot be used here." },
      });
      return;
    }
    const { privateKey, publicKey } = await generateKeyPair('ML-DSA-65', { extractable: true });
    const stored = await storedKey(await exportJWK(publicKey), 'pq');
    const signed = await new CompactSign(new TextEncoder().encode(JSON.stringify({ sub: 'x' })))
      .setProtectedHeader({ alg: 'ML-DSA-65' })
      .sign(privateKey);
    assert.equal((await verifyToken(decodeToken(signed), [stored])).status, 'valid');
  });

  it('ML-DSA: a DPoP proof or Key Binding JWT in ML-DSA is unchecked here, not rejected', async () => {
    if (await runtimeSupports('ML-DSA-44')) {
      return;
    }
    const proof = `${b64({ alg: 'ML-DSA-44', typ: 'dpop+jwt', jwk: { kty: 'AKP', alg: 'ML-DSA-44', pub: 'AAAA' } })}.${b64({ htm: 'GET', htu: 'https://a/', iat: NOW, jti: 'j' })}.AAAA`;
    assert.equal((await verifyToken(decodeToken(proof), [])).status, 'unsupported');
  });
});
