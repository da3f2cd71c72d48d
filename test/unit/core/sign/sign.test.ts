// src/core/sign/sign.ts: signing with jose under the key's own algorithms, the kid where it was asked
// for, and the refusals (public key, short HMAC secret, algorithm the key does not allow) before any
// signing. Signatures are checked with node:crypto, not with the code under test.
import * as assert from 'node:assert/strict';
import { createHmac, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { signingRefusal, signToken, type SigningKey } from '../../../../src/core/sign/sign';
import { testKeys } from '../../../support/keys';
import { importedKey } from '../../../support/tokens';
import { runtimeSupports } from '../../../../src/core/keys/runtimeSupport';

const NOW = 1_800_000_000;

const signingKey = async (text: string, label = 'test-key'): Promise<SigningKey> => ({ ...(await importedKey(text)), label });
const part = (text: string) => JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('signToken: what is signed', () => {
  it('signs HS256 with typ JWT and the kid in the header by default, as node:crypto computes it', async () => {
    const secret = testKeys().hmac32;
    const result = await signToken({ payload: { sub: 'x', exp: NOW }, alg: 'HS256', key: await signingKey(secret), kid: 'k1' });
    assert.ok(result.ok);
    const [header, payload, signature] = result.jwt.split('.');
    assert.deepEqual(part(header), { typ: 'JWT', alg: 'HS256', kid: 'k1' });
    assert.deepEqual(part(payload), { sub: 'x', exp: NOW });
    assert.equal(signature, createHmac('sha256', Buffer.from(secret)).update(`${header}.${payload}`).digest('base64url'));
  });

  it('signs ES256 that node:crypto verifies with the public key', async () => {
    const result = await signToken({ payload: { sub: 'x' }, alg: 'ES256', key: await signingKey(testKeys().ecPkcs8Pem) });
    assert.ok(result.ok);
    const [header, payload, signature] = result.jwt.split('.');
    const signed = Buffer.from(`${header}.${payload}`);
    const key = { key: testKeys().p256.publicKey, dsaEncoding: 'ieee-p1363' as const };
    assert.equal(verify('sha256', signed, key, Buffer.from(signature, 'base64url')), true);
  });

  it('puts the kid in the payload, or in both, as asked; the header never overrides the alg signed with', async () => {
    const key = await signingKey(testKeys().hmac32);
    const sign = async (kidIn: 'payload' | 'both') => {
      const result = await signToken({
        payload: { sub: 'x' },
        alg: 'HS256',
        key,
        kid: 'k1',
        kidIn,
        header: { alg: 'none', kid: 'old', cty: 'x' },
      });
      assert.ok(result.ok);
      const [header, payload] = result.jwt.split('.');
      return [part(header), part(payload)];
    };
    assert.deepEqual(await sign('payload'), [
      { typ: 'JWT', alg: 'HS256', cty: 'x' },
      { sub: 'x', kid: 'k1' },
    ]);
    assert.deepEqual(await sign('both'), [
      { typ: 'JWT', alg: 'HS256', kid: 'k1', cty: 'x' },
      { sub: 'x', kid: 'k1' },
    ]);
  });

  for (const alg of ['EdDSA', 'Ed448']) {
    it(`signs ${alg} with an Ed448 key (RFC 8037, RFC 9864), as node:crypto verifies with the public key`, async function () {
      if (!(await runtimeSupports('Ed448'))) {
        this.skip();
      }
      const pair = generateKeyPairSync('ed448');
      const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const result = await signToken({ payload: { sub: 'x' }, alg, key: await signingKey(pem, 'ed448'), kid: 'k448' });
      assert.ok(result.ok);
      const [header, payload, signature] = result.jwt.split('.');
      assert.deepEqual(part(header), { typ: 'JWT', alg, kid: 'k448' });
      assert.deepEqual(part(payload), { sub: 'x' });
      const signed = Buffer.from(`${header}.${payload}`);
      assert.equal(verify(null, signed, createPublicKey(pair.privateKey), Buffer.from(signature, 'base64url')), true);
    });
  }

  it('leaves the payload it was given unchanged', async () => {
    const payload = { sub: 'x' };
    await signToken({ payload, alg: 'HS256', key: await signingKey(testKeys().hmac32), kid: 'k1', kidIn: 'payload' });
    assert.deepEqual(payload, { sub: 'x' });
  });
});

describe('signToken and signingRefusal: refused before signing', () => {
  it('refuses a public key, saying to add its private key', async () => {
    const key = await signingKey(testKeys().rsaSpkiPem, 'rsa-public');
    const result = await signToken({ payload: {}, alg: 'RS256', key });
    assert.deepEqual(result, {
      ok: false,
      error: { code: 'ERR_SIGN_PUBLIC_KEY', message: 'Key rsa-public is public-only: it can verify but not sign. Add its private key.' },
    });
  });

  it('refuses an HMAC secret shorter than the hash (RFC 7518 §3.2)', async () => {
    const key = await signingKey('sixteen-byte-key', 'short');
    assert.deepEqual(signingRefusal(key, 'HS256'), {
      code: 'ERR_SIGN_SHORT_SECRET',
      message: 'Refused: HS256 needs a secret of at least 32 bytes and short has 16 (RFC 7518 §3.2). Generate a longer secret.',
    });
    // 43 bytes sign HS256 but not HS384 (48).
    const key43 = await signingKey(testKeys().hmac32, 'hs');
    assert.equal(signingRefusal(key43, 'HS256'), undefined);
    assert.equal(signingRefusal(key43, 'HS384')?.code, 'ERR_SIGN_SHORT_SECRET');
  });

  it("refuses an algorithm outside the key's own, naming the ones it allows", async () => {
    const key = await signingKey(testKeys().ecPkcs8Pem, 'ec');
    assert.deepEqual(signingRefusal(key, 'RS256'), { code: 'ERR_SIGN_ALG', message: 'Key ec cannot sign RS256; it allows ES256.' });
    assert.deepEqual(signingRefusal(key, 'none'), { code: 'ERR_SIGN_ALG', message: 'Key ec cannot sign none; it allows ES256.' });
    assert.equal((await signToken({ payload: {}, alg: 'ES384', key })).ok, false);
  });

  it('keeps each Edwards key to its own curve: an Ed25519 key never signs Ed448, an Ed448 key never Ed25519', async function () {
    const ed25519 = await signingKey(testKeys().edPkcs8Pem, 'ed25519');
    assert.deepEqual(signingRefusal(ed25519, 'Ed448'), {
      code: 'ERR_SIGN_ALG',
      message: 'Key ed25519 cannot sign Ed448; it allows EdDSA, Ed25519.',
    });
    if (!(await runtimeSupports('Ed448'))) {
      this.skip();
    }
    const pem = generateKeyPairSync('ed448').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const ed448 = await signingKey(pem, 'ed448');
    assert.deepEqual(await signToken({ payload: {}, alg: 'Ed25519', key: ed448 }), {
      ok: false,
      error: { code: 'ERR_SIGN_ALG', message: 'Key ed448 cannot sign Ed25519; it allows EdDSA, Ed448.' },
    });
  });
});
