// src/core/keys/describeKey.ts: how a key is named to people, by type and size and by the form it came in.
import * as assert from 'node:assert/strict';
import { describeForm, describeKey } from '../../../../src/core/keys/describeKey';
import type { KeyForm } from '../../../../src/core/keys/importKey';

describe('describeKey: type and size', () => {
  it('names RSA by modulus bits, EC by curve, Ed25519 by name and HMAC by secret bits', () => {
    assert.equal(describeKey({ type: 'RSA', bits: 3072 }), 'RSA 3072');
    assert.equal(describeKey({ type: 'EC', curve: 'P-384' }), 'EC P-384');
    assert.equal(describeKey({ type: 'OKP', curve: 'Ed25519' }), 'Ed25519');
    assert.equal(describeKey({ type: 'oct', bits: 512 }), 'HMAC 512-bit');
  });

  it('leaves out a size or curve it does not know, without a dangling space', () => {
    assert.equal(describeKey({ type: 'RSA' }), 'RSA');
    assert.equal(describeKey({ type: 'EC' }), 'EC');
    assert.equal(describeKey({ type: 'OKP' }), 'OKP');
  });
});

describe('describeForm: the form a key arrived in', () => {
  it('names every form, and says when the PEM came base64-encoded', () => {
    const forms: Record<KeyForm, string> = {
      pkcs8: 'PKCS#8 private key (PEM)',
      pkcs1: 'PKCS#1 RSA private key (PEM)',
      sec1: 'SEC1 EC private key (PEM)',
      spki: 'SPKI public key (PEM)',
      'pkcs1-public': 'PKCS#1 RSA public key (PEM)',
      x509: 'X.509 certificate (PEM)',
      jwk: 'JWK',
      jwks: 'JWKS',
      'hmac-text': 'HMAC secret (text)',
      'hmac-base64': 'HMAC secret (base64)',
    };
    for (const [form, name] of Object.entries(forms) as Array<[KeyForm, string]>) {
      assert.equal(describeForm({ form, base64Wrapped: false }), name);
    }
    assert.equal(describeForm({ form: 'pkcs1', base64Wrapped: true }), 'PKCS#1 RSA private key (PEM), base64-encoded');
  });
});
