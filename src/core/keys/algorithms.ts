// The algorithms a key may be used with (RFC 8725 §3.1: one key, its own algorithms), and the
// rules every caller shares: HMAC's family and minimum secret size, RSA's minimum modulus.

/** AKP: the algorithm key pairs of ML-DSA (draft-ietf-cose-dilithium), whose JWKs carry their alg. */
export type KeyType = 'RSA' | 'EC' | 'OKP' | 'AKP' | 'oct';

export interface KeyAlgorithms {
  /** Algorithms this key may sign with (empty for public-only keys and short HMAC secrets). */
  readonly sign: readonly string[];
  /** Algorithms this key may verify. */
  readonly verify: readonly string[];
}

export const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
export const EC_ALGORITHMS: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
/**
 * An Edwards-curve key's algorithms: the polymorphic EdDSA (RFC 8037, either curve) and the one
 * fully-specified name of its own curve (RFC 9864), never the other curve's. EdDSA comes first, so it
 * is what a new token is signed with unless one is asked for: RFC 9864 deprecates it, but most
 * deployed verifiers know only EdDSA and refuse Ed25519, while EdDSA from a key bound to its curve is
 * as unambiguous to a verifier that checks the key it holds.
 */
export const EDDSA_ALGORITHMS: Readonly<Record<string, readonly string[]>> = {
  Ed25519: ['EdDSA', 'Ed25519'],
  Ed448: ['EdDSA', 'Ed448'],
};
export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];
export const ML_DSA_ALGORITHMS = ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'];
/** RFC 7518 §3.3: RSA keys for JWS are 2048 bits or larger (jose enforces it too). */
export const MIN_RSA_BITS = 2048;

/** Whether an algorithm is one of the HMAC family (HS256/384/512): the one test every caller uses. */
export function isHmacAlgorithm(alg: string): boolean {
  return HMAC_ALGORITHMS.includes(alg);
}

/** Bytes an HMAC secret needs for an algorithm: at least the hash size (RFC 7518 §3.2). */
export function hmacMinimumBytes(alg: string): number {
  return Number(alg.slice(2)) / 8;
}

/** The key type an algorithm needs. */
export function keyTypeForAlgorithm(alg: string): KeyType | undefined {
  if (/^(RS|PS)(256|384|512)$/.test(alg)) {
    return 'RSA';
  }
  if (/^ES(256|384|512)$/.test(alg)) {
    return 'EC';
  }
  if (alg === 'EdDSA' || alg === 'Ed25519' || alg === 'Ed448') {
    return 'OKP';
  }
  if (ML_DSA_ALGORITHMS.includes(alg)) {
    return 'AKP';
  }
  if (isHmacAlgorithm(alg)) {
    return 'oct';
  }
  return undefined;
}

/** The algorithms of a family that a key's own `alg` (if any) allows. */
export function restrictAlgorithms(algorithms: readonly string[], alg: string | undefined): string[] {
  return alg ? algorithms.filter((candidate) => candidate === alg) : [...algorithms];
}
