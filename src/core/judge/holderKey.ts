// Signatures checked with a public key the token brings along: a DPoP proof's own "jwk" header (RFC
// 9449 §4.3) and the holder key an SD-JWT names in "cnf" for its Key Binding JWT (RFC 9901 §4.3,
// RFC 7800 §3.2). Such a signature proves possession of that key and never who holds it, so these
// results never name a stored key.
import { isHmacAlgorithm, keyTypeForAlgorithm } from '../keys/algorithms';
import { checkSignature } from './signatureCheck';

/** JWK members only a private or symmetric key has (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2). */
const SECRET_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];

/** Why `jwk` cannot check an `alg` signature as a holder's public key, or undefined when it can try. */
export function holderKeyProblem(jwk: unknown, alg: string, where: string): string | undefined {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    return `${where} is not a JWK.`;
  }
  const members = jwk as Record<string, unknown>;
  if (members.kty === 'oct' || isHmacAlgorithm(alg)) {
    return `${where} must be a public key: a shared secret proves nothing about who holds it.`;
  }
  const secret = SECRET_MEMBERS.find((name) => members[name] !== undefined);
  if (secret !== undefined) {
    return `${where} holds a private key ("${secret}"): it is exposed to everyone who sees the token. Replace the key pair.`;
  }
  const type = keyTypeForAlgorithm(alg);
  if (type === undefined) {
    return `${alg} is not a signature algorithm JWT Lens can check.`;
  }
  if (members.kty !== type) {
    return `${where} is ${typeof members.kty === 'string' ? `an ${members.kty}` : 'not a typed'} key; ${alg} needs an ${type} key.`;
  }
  return undefined;
}

export type HolderSignature = 'valid' | 'invalid' | 'unusable-key';

/** Checks `jwt`'s signature with the holder's public JWK (see holderKeyProblem first). Never throws. */
export function verifyWithHolderKey(jwt: string, jwk: Record<string, unknown>, alg: string): Promise<HolderSignature> {
  // A copy: jose keeps what it imports on the object it is handed, and this one is the token's.
  return checkSignature(jwt, { ...jwk }, alg);
}
