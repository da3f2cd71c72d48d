// src/core/keys/algorithms.ts: which algorithms go with which key type (RFC 8725 §3.1), and HMAC's
// minimum secret size (RFC 7518 §3.2).
import * as assert from 'node:assert/strict';
import {
  EC_ALGORITHMS,
  HMAC_ALGORITHMS,
  hmacMinimumBytes,
  isHmacAlgorithm,
  keyTypeForAlgorithm,
  EDDSA_ALGORITHMS,
  restrictAlgorithms,
  RSA_ALGORITHMS,
} from '../../../../src/core/keys/algorithms';

describe('keyTypeForAlgorithm: the key type each JWS algorithm needs', () => {
  it('maps every algorithm a key can carry to its key type', () => {
    const types = Object.fromEntries(
      [...RSA_ALGORITHMS, ...Object.values(EC_ALGORITHMS), ...new Set(Object.values(EDDSA_ALGORITHMS).flat()), ...HMAC_ALGORITHMS].map(
        (alg) => [alg, keyTypeForAlgorithm(alg)],
      ),
    );
    assert.deepEqual(types, {
      RS256: 'RSA',
      RS384: 'RSA',
      RS512: 'RSA',
      PS256: 'RSA',
      PS384: 'RSA',
      PS512: 'RSA',
      ES256: 'EC',
      ES384: 'EC',
      ES512: 'EC',
      EdDSA: 'OKP',
      Ed25519: 'OKP',
      Ed448: 'OKP',
      HS256: 'oct',
      HS384: 'oct',
      HS512: 'oct',
    });
  });

  it("gives each Edwards curve EdDSA and its own fully-specified name, never the other curve's", () => {
    assert.deepEqual(EDDSA_ALGORITHMS, { Ed25519: ['EdDSA', 'Ed25519'], Ed448: ['EdDSA', 'Ed448'] });
  });

  it('knows no key type for none, encryption algorithms or near misses', () => {
    for (const alg of ['none', 'NONE', 'RSA-OAEP', 'dir', 'A128KW', 'ES256K', 'RS1', 'hs256', 'HS256 ', '']) {
      assert.equal(keyTypeForAlgorithm(alg), undefined, alg);
    }
  });
});

describe('HMAC algorithms and their minimum secret sizes', () => {
  it('tells the HMAC family apart by exact name', () => {
    assert.deepEqual(['HS256', 'HS384', 'HS512', 'hs256', 'HS1', 'RS256'].map(isHmacAlgorithm), [true, true, true, false, false, false]);
  });

  it('needs at least the hash size in bytes: 32, 48 and 64', () => {
    assert.deepEqual(HMAC_ALGORITHMS.map(hmacMinimumBytes), [32, 48, 64]);
  });
});

describe('restrictAlgorithms: a key restricted by its own alg', () => {
  it('keeps only the alg a key names, and nothing when its family lacks it', () => {
    assert.deepEqual(restrictAlgorithms(RSA_ALGORITHMS, 'PS384'), ['PS384']);
    assert.deepEqual(restrictAlgorithms(RSA_ALGORITHMS, 'HS256'), []);
  });

  it('keeps the whole family, as a copy, when the key names no alg', () => {
    const all = restrictAlgorithms(HMAC_ALGORITHMS, undefined);
    assert.deepEqual(all, ['HS256', 'HS384', 'HS512']);
    all.pop();
    assert.deepEqual(HMAC_ALGORITHMS, ['HS256', 'HS384', 'HS512']);
  });
});
