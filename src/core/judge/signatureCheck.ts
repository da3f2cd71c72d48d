// One signature checked with one key: jose for every algorithm it has, Web Crypto directly for Ed448
// (RFC 9864, and EdDSA with an Ed448 key), which jose leaves out. The token's header was judged already (alg, crit).
import { compactVerify, errors, type JWK } from 'jose';
import { base64UrlBinary } from '../text/base64';
import type { KeyMaterial } from '../keys/importKey';
import { isRuntimeDependent, runtimeSupports } from '../keys/runtimeSupport';
import type { SignatureCheck } from './verify';

/**
 * The result for a token whose algorithm this runtime cannot check (Ed448, ML-DSA where Web Crypto
 * lacks them), or undefined when it can: unchecked, never a bad signature.
 */
export async function unsupportedHere(alg: string): Promise<SignatureCheck | undefined> {
  if (!isRuntimeDependent(alg) || (await runtimeSupports(alg))) {
    return undefined;
  }
  return {
    status: 'unsupported',
    alg,
    words: `this runtime cannot verify ${alg}`,
    message: `This runtime's Web Crypto cannot verify ${alg}, so the signature is unchecked, not bad; a runtime that has ${alg} verifies it.`,
  };
}

export type SignatureOutcome = 'valid' | 'invalid' | 'unusable-key';

export async function checkSignature(jws: string, material: KeyMaterial, alg: string): Promise<SignatureOutcome> {
  // EdDSA names either curve (RFC 8037): the key decides, and jose's EdDSA is Ed25519 only.
  if (alg === 'Ed448' || (alg === 'EdDSA' && (material as Record<string, unknown>).crv === 'Ed448')) {
    return verifyEd448(jws, material);
  }
  try {
    // jose keeps the CryptoKey it imports on a JWK object: a stored key is imported once.
    await compactVerify(jws, material as JWK | Uint8Array, { algorithms: [alg] });
    return 'valid';
  } catch (error) {
    return error instanceof errors.JWSSignatureVerificationFailed ? 'invalid' : 'unusable-key';
  }
}

async function verifyEd448(jws: string, material: KeyMaterial): Promise<SignatureOutcome> {
  const jwk = material as Record<string, unknown>;
  if (material instanceof Uint8Array || jwk.kty !== 'OKP' || jwk.crv !== 'Ed448' || typeof jwk.x !== 'string') {
    return 'unusable-key';
  }
  const dot = jws.lastIndexOf('.');
  const signature = base64UrlBinary(jws.slice(dot + 1));
  if (signature === undefined) {
    return 'invalid';
  }
  try {
    const key = await globalThis.crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed448', x: jwk.x }, { name: 'Ed448' }, false, [
      'verify',
    ]);
    const signed = new TextEncoder().encode(jws.slice(0, dot));
    const bytes = Uint8Array.from(signature, (char) => char.charCodeAt(0));
    return (await globalThis.crypto.subtle.verify({ name: 'Ed448' }, key, bytes, signed)) ? 'valid' : 'invalid';
  } catch {
    return 'unusable-key';
  }
}
