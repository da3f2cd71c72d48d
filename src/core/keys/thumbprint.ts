// RFC 7638 JWK thumbprints, synchronous: a DPoP proof's key is matched to an access token's cnf.jkt
// (RFC 9449 §6.1) while its verdict is made, which cannot wait for Web Crypto.
import { sha256Text } from '../text/sha256';

/** The members a thumbprint covers, by key type (RFC 7638 §3.2; RFC 8037 §2 for OKP). */
const REQUIRED_MEMBERS: Record<string, readonly string[]> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  oct: ['k', 'kty'],
  // draft-ietf-cose-dilithium: an ML-DSA key is bound to its one algorithm.
  AKP: ['alg', 'kty', 'pub'],
};

/** The base64url SHA-256 thumbprint of a JWK, or undefined when it lacks a member the thumbprint needs. */
export function jwkThumbprint(jwk: unknown): string | undefined {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    return undefined;
  }
  const members = jwk as Record<string, unknown>;
  const required = typeof members.kty === 'string' ? REQUIRED_MEMBERS[members.kty] : undefined;
  if (!required || required.some((name) => typeof members[name] !== 'string')) {
    return undefined;
  }
  // Lexicographic order, no whitespace: JSON.stringify keeps the order the members are listed in.
  return sha256Text(JSON.stringify(Object.fromEntries(required.map((name) => [name, members[name]]))));
}
