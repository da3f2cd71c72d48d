// How a key is named to people: its type and size, and the form it arrived in.
import type { ImportedKey, KeyForm } from './importKey';

/** "RSA 2048", "EC P-256", "Ed25519", "HMAC 256-bit": how the key is shown to people. */
export function describeKey(key: Pick<ImportedKey, 'type' | 'curve' | 'bits'>): string {
  if (key.type === 'RSA') {
    return `RSA ${key.bits ?? ''}`.trim();
  }
  if (key.type === 'EC') {
    return `EC ${key.curve ?? ''}`.trim();
  }
  if (key.type === 'OKP') {
    return key.curve ?? 'OKP';
  }
  if (key.type === 'AKP') {
    return key.curve ?? 'ML-DSA';
  }
  return `HMAC ${key.bits ?? 0}-bit`;
}

const FORM_NAMES: Record<KeyForm, string> = {
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

/** "PKCS#1 RSA private key (PEM), base64-encoded": the detected form, for messages. */
export function describeForm(key: Pick<ImportedKey, 'form' | 'base64Wrapped'>): string {
  return FORM_NAMES[key.form] + (key.base64Wrapped ? ', base64-encoded' : '');
}
