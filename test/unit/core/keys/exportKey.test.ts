// src/core/keys/exportKey.ts: the JWK the key store keeps, and the public half as SPKI PEM.
import * as assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { publicKeyPem, toStoredJwk } from '../../../../src/core/keys/exportKey';
import { importKeyText } from '../../../../src/core/keys/importKey';
import { testKeys } from '../../../support/keys';

describe('Key export on Web Crypto', () => {
  it('exports the public half as the SPKI PEM node writes', async () => {
    const { rsa, p256, ed25519 } = testKeys();
    for (const pair of [rsa, p256, ed25519]) {
      const jwk = pair.publicKey.export({ format: 'jwk' });
      assert.equal(await publicKeyPem(jwk as never), pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    }
    assert.equal(await publicKeyPem(undefined), undefined);
  });

  it('gives no PEM for a JWK of a type it cannot export', async () => {
    assert.equal(await publicKeyPem({ kty: 'oct', k: 'c2VjcmV0' }), undefined);
    assert.equal(await publicKeyPem({ kty: 'OKP', crv: 'X25519', x: 'AAAA' }), undefined);
  });
});

describe('toStoredJwk: the one form the key store keeps', () => {
  it('keeps an HMAC secret as an oct JWK whose k is the secret in base64url', async () => {
    const result = await importKeyText(testKeys().hmac32);
    assert.ok(result.ok);
    assert.deepEqual(toStoredJwk(result.keys[0]), { kty: 'oct', k: Buffer.from(testKeys().hmac32).toString('base64url') });
  });

  it('keeps a private key as its JWK, with the alg restriction, as a copy', async () => {
    const jwk = { ...testKeys().p256.privateKey.export({ format: 'jwk' }), alg: 'ES256' };
    const result = await importKeyText(JSON.stringify(jwk));
    assert.ok(result.ok);
    const stored = toStoredJwk(result.keys[0]);
    assert.deepEqual(stored, jwk);
    assert.notEqual(stored, result.keys[0].material);
    assert.deepEqual(
      createPublicKey({ key: stored as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ format: 'jwk' }),
      testKeys().p256.publicKey.export({ format: 'jwk' }),
    );
  });
});
