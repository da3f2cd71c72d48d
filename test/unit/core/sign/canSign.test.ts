// canSign is the one test of "can this key sign alg X": pickers, the key store's signers and the
// claims check ask it, so a key they offer is a key signToken accepts.
import * as assert from 'node:assert/strict';
import { importKeyText } from '../../../../src/core/keys/importKey';
import { canSign, signingRefusal, type SignerTraits } from '../../../../src/core/sign/sign';
import { testKeys } from '../../../support/keys';

async function traits(text: string, label: string): Promise<SignerTraits> {
  const result = await importKeyText(text);
  assert.ok(result.ok);
  return { ...result.keys[0], label };
}

describe('canSign: the one "can this key sign alg X"', () => {
  it('a private RSA key signs RS256 and PS512, not ES256 or HS256', async () => {
    const rsa = await traits(testKeys().rsaPkcs1Pem, 'rsa');
    assert.deepEqual(
      ['RS256', 'PS512', 'ES256', 'HS256'].map((alg) => canSign(rsa, alg)),
      [true, true, false, false],
    );
    assert.equal(canSign(rsa), true);
  });

  it('a public key signs nothing, with or without an algorithm', async () => {
    const publicOnly = await traits(testKeys().rsaSpkiPem, 'rsa-public');
    assert.deepEqual([canSign(publicOnly, 'RS256'), canSign(publicOnly)], [false, false]);
  });

  it('a 32-byte HMAC secret signs HS256 only; a 16-byte one signs nothing (RFC 7518 §3.2)', async () => {
    const secret = await traits(testKeys().hmac32, 'hs');
    assert.deepEqual(
      ['HS256', 'HS384', 'HS512'].map((alg) => canSign(secret, alg)),
      [true, false, false],
    );
    const short = await traits('0123456789abcdef', 'short');
    assert.deepEqual([canSign(short, 'HS256'), canSign(short)], [false, false]);
  });

  it('agrees with signingRefusal even for metadata that lists an algorithm the secret is too short for', () => {
    const inconsistent: SignerTraits = {
      isPrivate: true,
      type: 'oct',
      bits: 128,
      label: 'old-short',
      algorithms: { sign: ['HS256'], verify: ['HS256'] },
    };
    assert.equal(canSign(inconsistent, 'HS256'), false);
    assert.equal(canSign(inconsistent), false);
    assert.equal(signingRefusal(inconsistent, 'HS256')?.code, 'ERR_SIGN_SHORT_SECRET');
  });
});
