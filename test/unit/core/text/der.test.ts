// src/core/text/der.ts: the DER helper that wraps PKCS#1 and SEC1 keys for Web Crypto and reads key
// containers, held to node:crypto's answers byte for byte.
import * as assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { base64Bytes } from '../../../../src/core/text/base64';
import { certificateSpki, keyInfo, pkcs1PrivateToPkcs8, pkcs1PublicToSpki, rsaPssAsRsa, sec1ToPkcs8 } from '../../../../src/core/text/der';
import { testCertificate, testKeys } from '../../../support/keys';

/** An RSA-PSS pair; node's typings list no parameters for 'rsa-pss'. */
const pss = (options: Record<string, unknown> = {}) => generateKeyPairSync('rsa-pss', { modulusLength: 2048, ...options });
const der = (pem: string): Uint8Array => base64Bytes(pem.replace(/-----[A-Z ]+-----|\s+/g, '').replace(/=+$/, ''));

describe('DER helper: the containers Web Crypto reads, byte for byte as OpenSSL writes them', () => {
  it('wraps a PKCS#1 RSA private key into the PKCS#8 node exports', () => {
    const { rsa, rsaPkcs1Pem, rsaPkcs8Pem } = testKeys();
    assert.deepEqual(Buffer.from(pkcs1PrivateToPkcs8(der(rsaPkcs1Pem))!), rsa.privateKey.export({ type: 'pkcs8', format: 'der' }));
    assert.deepEqual(Buffer.from(pkcs1PrivateToPkcs8(der(rsaPkcs1Pem))!), Buffer.from(der(rsaPkcs8Pem)));
  });

  it('wraps a PKCS#1 RSA public key into the SPKI node exports', () => {
    const { rsa, rsaPkcs1PublicPem } = testKeys();
    assert.deepEqual(Buffer.from(pkcs1PublicToSpki(der(rsaPkcs1PublicPem))!), rsa.publicKey.export({ type: 'spki', format: 'der' }));
  });

  for (const curve of ['P-256', 'P-384', 'P-521', 'secp256k1']) {
    it(`wraps a SEC1 ${curve} private key into the PKCS#8 node exports, the curve from its parameters`, () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const sec1 = new Uint8Array(privateKey.export({ type: 'sec1', format: 'der' }));
      assert.deepEqual(Buffer.from(sec1ToPkcs8(sec1)!), privateKey.export({ type: 'pkcs8', format: 'der' }));
    });
  }

  it('refuses a SEC1 key without curve parameters, and bytes that are not DER', () => {
    // ECPrivateKey { version 1, privateKey } with no [0] parameters.
    const bare = new Uint8Array([0x30, 0x07, 0x02, 0x01, 0x01, 0x04, 0x02, 0xab, 0xcd]);
    assert.equal(sec1ToPkcs8(bare), undefined);
    assert.equal(pkcs1PrivateToPkcs8(new Uint8Array([0x30, 0x82, 0xff])), undefined);
    assert.equal(pkcs1PublicToSpki(new Uint8Array([])), undefined);
    assert.equal(certificateSpki(new Uint8Array([0x04, 0x00])), undefined);
    assert.equal(keyInfo(randomBytes(64), true), undefined);
  });

  it('takes the SPKI out of an X.509 certificate', () => {
    const { certificatePem } = testCertificate();
    const expected = new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
    assert.deepEqual(Buffer.from(certificateSpki(der(certificatePem))!), expected);
  });

  it('names the key algorithm and curve of PKCS#8 and SPKI containers', () => {
    const { rsa, p384, ed25519 } = testKeys();
    assert.deepEqual(keyInfo(rsa.privateKey.export({ type: 'pkcs8', format: 'der' }), true), { algorithm: 'rsa' });
    assert.deepEqual(keyInfo(p384.publicKey.export({ type: 'spki', format: 'der' }), false), { algorithm: 'ec', curve: 'P-384' });
    assert.deepEqual(keyInfo(ed25519.privateKey.export({ type: 'pkcs8', format: 'der' }), true), { algorithm: 'ed25519' });
    const x25519 = generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' });
    assert.deepEqual(keyInfo(x25519, false), { algorithm: 'x25519' });
  });

  it('reads RSA-PSS parameters, the RFC 4055 defaults where one is left out', () => {
    const named = pss({ hashAlgorithm: 'sha384', mgf1HashAlgorithm: 'sha384', saltLength: 48 });
    assert.deepEqual(keyInfo(named.privateKey.export({ type: 'pkcs8', format: 'der' }), true), {
      algorithm: 'rsa-pss',
      pss: { hash: 'sha384', mgf1Hash: 'sha384', saltLength: 48 },
    });
    const hashOnly = pss({ hashAlgorithm: 'sha256' });
    assert.deepEqual(keyInfo(hashOnly.publicKey.export({ type: 'spki', format: 'der' }), false)?.pss?.hash, 'sha256');
    const open = pss();
    assert.deepEqual(keyInfo(open.privateKey.export({ type: 'pkcs8', format: 'der' }), true), { algorithm: 'rsa-pss' });
  });

  it('re-labels an RSA-PSS key as plain RSA around the same numbers', () => {
    const { privateKey, publicKey } = pss({ hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 });
    const asRsa = rsaPssAsRsa(new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' })), true)!;
    const rsa = createPrivateKey({ key: Buffer.from(asRsa), format: 'der', type: 'pkcs8' });
    assert.equal(rsa.asymmetricKeyType, 'rsa');
    const publicAsRsa = rsaPssAsRsa(new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })), false)!;
    const rsaPublic = createPublicKey({ key: Buffer.from(publicAsRsa), format: 'der', type: 'spki' });
    assert.equal(rsaPublic.asymmetricKeyType, 'rsa');
    assert.equal(createPublicKey(rsa).export({ format: 'jwk' }).n, rsaPublic.export({ format: 'jwk' }).n);
  });
});
