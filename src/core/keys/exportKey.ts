// A key's forms on the way out: the JWK the key store keeps, the public half as SPKI PEM.
import { exportSPKI, importJWK, type CryptoKey, type JWK } from 'jose';
import { base64Text, base64UrlText } from '../text/base64';
import { EC_ALGORITHMS } from './algorithms';
import { publicPart, type ImportedKey } from './importKey';

/**
 * The private key (or secret) as a JWK: the one form the key store keeps, since every key type
 * round-trips through it exactly. The `kid` and `alg` restriction travel with it.
 */
export function toStoredJwk(key: ImportedKey): JWK {
  const jwk: JWK = key.material instanceof Uint8Array ? { kty: 'oct', k: base64UrlText(key.material) } : { ...key.material };
  if (key.alg) {
    jwk.alg = key.alg;
  }
  return jwk;
}

/** The algorithm a public JWK is imported under to export it: any one its type allows. */
function exportAlgorithm(jwk: JWK): string | undefined {
  if (jwk.kty === 'RSA') {
    return 'RS256';
  }
  if (jwk.kty === 'EC') {
    return EC_ALGORITHMS[jwk.crv ?? ''];
  }
  return jwk.kty === 'OKP' && jwk.crv === 'Ed25519' ? 'Ed25519' : undefined;
}

/** The public half as SPKI PEM (undefined for HMAC secrets, which have none). */
export async function publicKeyPem(jwk: JWK | undefined): Promise<string | undefined> {
  const alg = jwk && exportAlgorithm(jwk);
  if (jwk?.kty === 'OKP' && jwk.crv === 'Ed448') {
    return ed448PublicPem(jwk);
  }
  if (!jwk || !alg) {
    return undefined;
  }
  // Ends with a newline, as OpenSSL writes PEM files.
  const key = (await importJWK(publicPart(jwk), alg, { extractable: true })) as CryptoKey;
  return `${await exportSPKI(key)}\n`;
}

/** jose has no Ed448: Web Crypto exports it, where the runtime has it (the key could not exist otherwise). */
async function ed448PublicPem(jwk: JWK): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed448', x: jwk.x }, { name: 'Ed448' }, true, ['verify']);
  const body = base64Text(new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', key)));
  return `-----BEGIN PUBLIC KEY-----\n${body.replace(/.{1,64}/g, '$&\n')}-----END PUBLIC KEY-----\n`;
}
