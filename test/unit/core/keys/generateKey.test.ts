// src/core/keys/generateKey.ts: new keys made by Web Crypto, read back the same by node:crypto.
import * as assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { generateSigningKey, GENERATED_KEY_KINDS } from '../../../../src/core/keys/generateKey';

describe('Key generation on Web Crypto', () => {
  for (const kind of GENERATED_KEY_KINDS.filter((name) => name !== 'RSA-4096' && name !== 'RSA-3072')) {
    it(`generates ${kind} as a private key that node reads the same`, async () => {
      const key = await generateSigningKey(kind);
      assert.equal(key.isPrivate, true);
      if (key.material instanceof Uint8Array) {
        assert.equal(key.material.length * 8, Number(kind.slice(5)));
        return;
      }
      const node = createPrivateKey({ key: key.material as import('node:crypto').JsonWebKey, format: 'jwk' });
      assert.deepEqual(createPublicKey(node).export({ format: 'jwk' }), key.publicJwk);
      if (kind === 'RSA-2048') {
        assert.equal(key.bits, 2048);
      }
    });
  }
});

describe('Key generation: HMAC secrets', () => {
  it('makes a new random secret each time, of the size its kind names', async () => {
    const [a, b] = [await generateSigningKey('HMAC-256'), await generateSigningKey('HMAC-256')];
    assert.ok(a.material instanceof Uint8Array && b.material instanceof Uint8Array);
    assert.equal(a.material.length, 32);
    assert.notDeepEqual(Buffer.from(a.material), Buffer.from(b.material));
    // A 256-bit secret signs HS256 only: HS384 and HS512 need longer secrets (RFC 7518 §3.2).
    assert.deepEqual([a.type, a.bits, a.algorithms.sign, a.algorithms.verify], ['oct', 256, ['HS256'], ['HS256', 'HS384', 'HS512']]);
  });
});
