// Keys made for the tests, in every form users bring them. Generated per run: none is a credential.
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './repoRoot';

export interface TestKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

let cache: ReturnType<typeof make> | undefined;

function pair(type: 'rsa' | 'ec' | 'ed25519', options: Record<string, unknown> = {}): TestKeyPair {
  // The overloads of generateKeyPairSync do not accept a union type argument.
  return (generateKeyPairSync as (t: string, o: Record<string, unknown>) => TestKeyPair)(type, options);
}

function make() {
  const rsa = pair('rsa', { modulusLength: 2048 });
  const p256 = pair('ec', { namedCurve: 'P-256' });
  const p384 = pair('ec', { namedCurve: 'P-384' });
  const p521 = pair('ec', { namedCurve: 'P-521' });
  const ed25519 = pair('ed25519');
  const rsaPkcs1Pem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return {
    rsa,
    p256,
    p384,
    p521,
    ed25519,
    rsaPkcs1Pem,
    rsaPkcs8Pem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    rsaSpkiPem: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    rsaPkcs1PublicPem: rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    /** How Mux's API and dashboard hand out a signing key: the PKCS#1 PEM, base64-encoded on one line. */
    muxPrivateKeyBase64: Buffer.from(rsaPkcs1Pem).toString('base64'),
    ecSec1Pem: p256.privateKey.export({ type: 'sec1', format: 'pem' }).toString(),
    ecPkcs8Pem: p256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    edPkcs8Pem: ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    hmac32: randomBytes(32).toString('base64url'),
    hmac64: randomBytes(64).toString('base64url'),
  };
}

export function testKeys(): ReturnType<typeof make> {
  cache ??= make();
  return cache;
}

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** A self-signed X.509 certificate and its RSA private key, made with openssl for these tests only. */
export function testCertificate(): { certificatePem: string; privateKeyPem: string } {
  return {
    certificatePem: fs.readFileSync(path.join(FIXTURES, 'cert-rsa.pem'), 'utf8'),
    privateKeyPem: fs.readFileSync(path.join(FIXTURES, 'cert-rsa.key.pem'), 'utf8'),
  };
}
