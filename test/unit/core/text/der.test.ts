// The crypto layer's own pieces, held to node:crypto's answers: the DER helper that wraps PKCS#1 and
// SEC1 keys for Web Crypto, the base64 and UTF-8 helpers on the decode path, and the synchronous
// SHA-256 the verify cache keys tokens by.
import * as assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import {
  base64Bytes,
  base64Text,
  base64UrlBinary,
  base64UrlText,
  binaryUtf8,
  decodeUtf8,
  edgeBytes,
  isBase64Text,
  utf8Text,
} from '../../../../src/core/text/base64';
import { certificateSpki, keyInfo, pkcs1PrivateToPkcs8, pkcs1PublicToSpki, rsaPssAsRsa, sec1ToPkcs8 } from '../../../../src/core/text/der';
import { generateSigningKey, GENERATED_KEY_KINDS } from '../../../../src/core/keys/generateKey';
import { importKeyText } from '../../../../src/core/keys/importKey';
import { publicKeyPem } from '../../../../src/core/keys/exportKey';
import { baseName } from '../../../../src/core/text/paths';
import { sha256Text } from '../../../../src/core/text/sha256';
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

describe('base64 and UTF-8 without Buffer', () => {
  it('decodes base64url and base64 as Buffer does, for every length', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = randomBytes(length);
      assert.deepEqual(Buffer.from(base64Bytes(bytes.toString('base64url'))), bytes);
      assert.deepEqual(Buffer.from(base64Bytes(bytes.toString('base64').replace(/=+$/, ''))), bytes);
      assert.equal(base64UrlText(bytes), bytes.toString('base64url'));
      assert.equal(base64Text(bytes), bytes.toString('base64'));
    }
  });

  it('reads the first and last bytes from the edges of the text alone', () => {
    for (let length = 1; length < 40; length++) {
      const bytes = randomBytes(length);
      assert.deepEqual(edgeBytes(bytes.toString('base64url')), { first: bytes[0], last: bytes[length - 1] }, `length ${length}`);
    }
  });

  it('decodes token parts through atob to the same text as Buffer, ASCII or not', () => {
    for (const text of ['{"alg":"HS256"}', '{"name":"Zoë ✓ 😀"}', '']) {
      assert.equal(binaryUtf8(base64UrlBinary(Buffer.from(text).toString('base64url'))!), text);
    }
    assert.equal(binaryUtf8(base64UrlBinary(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]).toString('base64url'))!), undefined);
    assert.equal(base64UrlBinary('a'), undefined);
  });

  it('stops at the first character outside the alphabet (callers check the alphabet first)', () => {
    assert.deepEqual(Buffer.from(base64Bytes('YWJj!ZGVm')), Buffer.from('abc'));
    assert.equal(isBase64Text('YWJj!ZGVm'), false);
    assert.equal(isBase64Text('YWJjZA=='), true);
    assert.equal(isBase64Text('YWJjZ'), false);
  });

  it('reads UTF-8 strictly where it must, and leniently (BOM kept) where Buffer did', () => {
    assert.equal(utf8Text(Buffer.from('{"a":"é✓"}')), '{"a":"é✓"}');
    assert.equal(utf8Text(Buffer.from([0x7b, 0xff, 0x7d])), undefined);
    assert.equal(utf8Text(Buffer.from('\uFFFD', 'utf8')), '\uFFFD');
    assert.equal(utf8Text(Buffer.from('\uFEFF{}')), '\uFEFF{}');
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0x28]);
    assert.equal(decodeUtf8(bytes), bytes.toString('utf8'));
  });
});

describe('sha256Text: the verify cache key', () => {
  it('matches node:crypto for texts around every block boundary, and for non-ASCII text', () => {
    for (let length = 0; length < 140; length++) {
      const text = 'x'.repeat(length);
      assert.equal(sha256Text(text), createHash('sha256').update(text).digest('base64url'));
    }
    for (const size of [300, 5_000, 30_000]) {
      const token = `${randomBytes(size).toString('base64url')}é✓`;
      assert.equal(sha256Text(token), createHash('sha256').update(token).digest('base64url'));
    }
    // After a long text, a short one is hashed alone, not with the long one's bytes after it.
    assert.equal(sha256Text('abc'), createHash('sha256').update('abc').digest('base64url'));
  });
});

describe('Key generation and export on Web Crypto', () => {
  for (const kind of GENERATED_KEY_KINDS.filter((name) => name !== 'RSA-4096' && name !== 'RSA-3072')) {
    it(`generates ${kind} as a private key that node reads the same`, async () => {
      const key = await generateSigningKey(kind);
      assert.equal(key.isPrivate, true);
      if (key.key instanceof Uint8Array) {
        assert.equal(key.key.length * 8, Number(kind.slice(5)));
        return;
      }
      const node = createPrivateKey({ key: key.key as import('node:crypto').JsonWebKey, format: 'jwk' });
      assert.deepEqual(createPublicKey(node).export({ format: 'jwk' }), key.publicJwk);
      if (kind === 'RSA-2048') {
        assert.equal(key.bits, 2048);
      }
    });
  }

  it('exports the public half as the SPKI PEM node writes', async () => {
    const { rsa, p256, ed25519 } = testKeys();
    for (const pair of [rsa, p256, ed25519]) {
      const jwk = pair.publicKey.export({ format: 'jwk' });
      assert.equal(await publicKeyPem(jwk as never), pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    }
    assert.equal(await publicKeyPem(undefined), undefined);
  });

  it('reads a PEM followed by another block (a key file with its certificate) by its first block', async () => {
    const { privateKeyPem, certificatePem } = testCertificate();
    const result = await importKeyText(`${privateKeyPem}\n${certificatePem}`);
    assert.ok(result.ok);
    assert.equal(result.keys[0].isPrivate, true);
  });
});

describe('baseName', () => {
  it('is the last segment of a URI path', () => {
    assert.equal(baseName('/home/me/keys/mux.pem'), 'mux.pem');
    assert.equal(baseName('mux.pem'), 'mux.pem');
    assert.equal(baseName('/a/b/'), 'b');
  });
});
