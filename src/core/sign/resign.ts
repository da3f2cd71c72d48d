// Re-signing an expired or expiring token: the same claims and header, a fresh iat and exp.
import type { DecodedToken, JsonObject } from '../token/decode';
import { numericDate } from '../token/time';
import { isDpopProof } from '../token/sdJwt';
import type { KidPlacement } from './sign';
import { verifyToken, type VerificationKey } from '../judge/verify';

export const DEFAULT_RESIGN_LIFETIME_SECONDS = 15 * 60;

export interface ResignPlan {
  readonly payload: JsonObject;
  readonly header: JsonObject;
  readonly alg: string;
  readonly kid?: string;
  readonly kidIn: KidPlacement;
  readonly lifetimeSeconds: number;
}

/**
 * What to sign: every claim kept, `iat` now, `exp` now plus the token's original lifetime
 * (exp − iat, or exp − nbf) unless a lifetime is given. Undefined for a token that cannot be re-signed.
 */
export function planResign(token: DecodedToken, now: number, lifetimeSeconds?: number): ResignPlan | undefined {
  // An SD-JWT's disclosures and a DPoP proof's own key would not survive a new signature.
  if (token.kind !== 'jws' || !token.header || !token.payload || token.error || token.sdJwt || isDpopProof(token.header)) {
    return undefined;
  }
  const alg = String(token.header.alg);
  if (alg.toLowerCase() === 'none') {
    return undefined;
  }
  const exp = numericDate(token.payload, 'exp');
  const start = numericDate(token.payload, 'iat') ?? numericDate(token.payload, 'nbf');
  const original = exp !== undefined && start !== undefined && exp > start ? exp - start : undefined;
  const lifetime = Math.round(lifetimeSeconds ?? original ?? DEFAULT_RESIGN_LIFETIME_SECONDS);
  const issuedAt = Math.floor(now);
  const payload: JsonObject = { ...token.payload, iat: issuedAt, exp: issuedAt + lifetime };
  if (numericDate(token.payload, 'nbf') !== undefined) {
    payload.nbf = issuedAt;
  }
  const { alg: _alg, kid: headerKid, ...header } = token.header; // alg and kid are set again when signing
  const payloadKid = typeof token.payload.kid === 'string' ? token.payload.kid : undefined;
  const kid = typeof headerKid === 'string' ? headerKid : payloadKid;
  const kidIn: KidPlacement =
    typeof headerKid === 'string' && payloadKid !== undefined ? 'both' : typeof headerKid === 'string' ? 'header' : 'payload';
  return { payload, header, alg, kid, kidIn, lifetimeSeconds: lifetime };
}

/**
 * Why a token must not be re-signed with `key`, or undefined when it may. Only a token whose
 * signature verifies with the very key that will sign it: anyone can write a token naming your
 * key's kid, and re-signing it would put your signature on their claims.
 */
export async function resignRefusal(token: DecodedToken, key: VerificationKey): Promise<string | undefined> {
  // The kid is left out: the key was chosen already (by the token's kid, or by the caller).
  const result = await verifyToken(token, [{ ...key, kid: undefined }]);
  if (result.status === 'valid') {
    return undefined;
  }
  return `Not re-signed: the token's signature does not verify with ${key.label}, so its claims may be forged.`;
}
