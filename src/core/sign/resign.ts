// Re-signing an expired or expiring token: the same claims and header, a fresh iat and exp. The one
// rule of who may re-sign (`resigner`) is here; every surface that offers or does a re-sign asks it.
import type { DecodedToken, JsonObject } from '../token/decode';
import type { Result } from '../text/result';
import { numericDate } from '../token/time';
import { isDpopProof } from '../token/sdJwt';
import { signingRefusal, type KidPlacement, type SignErrorCode, type SignerTraits } from './sign';
import { tokenKid, verifyToken, type VerificationKey } from '../judge/verify';

export const DEFAULT_RESIGN_LIFETIME_SECONDS = 15 * 60;

/** The one wording for a token that has no claims to re-sign. */
export const NOT_RESIGNABLE = 'Only a well-formed signed JWT (JWS) can be re-signed.';

export interface ResignPlan {
  readonly payload: JsonObject;
  readonly header: JsonObject;
  readonly alg: string;
  readonly kid?: string;
  readonly kidIn: KidPlacement;
  readonly lifetimeSeconds: number;
}

/**
 * Only a JWT's claims can be re-signed: a signed token whose header and JSON payload decoded, not
 * a text payload, a nested JWT's wrapper, an unsigned or an encrypted token.
 */
function resignable(decoded: DecodedToken): decoded is DecodedToken & { header: JsonObject; payload: JsonObject } {
  // An SD-JWT's disclosures and a DPoP proof's own key would not survive a new signature.
  return (
    decoded.kind === 'jws' &&
    !!decoded.header &&
    !!decoded.payload &&
    !decoded.error &&
    !decoded.sdJwt &&
    !isDpopProof(decoded.header) &&
    String(decoded.header.alg).toLowerCase() !== 'none'
  );
}

/**
 * What to sign: every claim kept, `iat` now, `exp` now plus the token's original lifetime
 * (exp − iat, or exp − nbf) unless a lifetime is given. Undefined for a token that cannot be re-signed.
 */
export function planResign(decoded: DecodedToken, now: number, lifetimeSeconds?: number): ResignPlan | undefined {
  if (!resignable(decoded)) {
    return undefined;
  }
  const alg = String(decoded.header.alg);
  const exp = numericDate(decoded.payload, 'exp');
  const start = numericDate(decoded.payload, 'iat') ?? numericDate(decoded.payload, 'nbf');
  const original = exp !== undefined && start !== undefined && exp > start ? exp - start : undefined;
  const lifetime = Math.round(lifetimeSeconds ?? original ?? DEFAULT_RESIGN_LIFETIME_SECONDS);
  const issuedAt = Math.floor(now);
  const payload: JsonObject = { ...decoded.payload, iat: issuedAt, exp: issuedAt + lifetime };
  if (numericDate(decoded.payload, 'nbf') !== undefined) {
    payload.nbf = issuedAt;
  }
  const { alg: _alg, kid: headerKid, ...header } = decoded.header; // alg and kid are set again when signing
  const payloadKid = typeof decoded.payload.kid === 'string' ? decoded.payload.kid : undefined;
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
export async function resignRefusal(decoded: DecodedToken, key: VerificationKey): Promise<string | undefined> {
  // The kid is left out: the key was chosen already (by the token's kid, or by the caller).
  const result = await verifyToken(decoded, [{ ...key, kid: undefined }]);
  if (result.status === 'valid') {
    return undefined;
  }
  return `Not re-signed: the token's signature does not verify with ${key.label}, so its claims may be forged.`;
}

/** A stored key as the rule sees it: what it may sign, and which token kid names it. */
export interface ResignCandidate extends SignerTraits {
  readonly id: string;
  readonly kid?: string;
}

/** What the rule asks of the key store. */
export interface ResignKeys<K extends ResignCandidate> {
  /** The keys carrying `kid` that can sign `alg`, their secrets present (kids are not unique). */
  signers(query: { readonly kid: string; readonly alg: string }): readonly K[];
  /** The key's own verification material: its public half, or its HMAC secret; undefined when its secret is gone. */
  material(key: K): Promise<VerificationKey | undefined>;
}

export type ResignErrorCode =
  'ERR_TOKEN_UNSUITABLE' | 'ERR_NO_SUITABLE_KEY' | 'ERR_RESIGN_REFUSED' | 'ERR_KEY_SECRET_MISSING' | SignErrorCode;

export interface ResignError<K> {
  readonly code: ResignErrorCode;
  readonly message: string;
  /** The kid the token names (ERR_NO_SUITABLE_KEY: the key to add). */
  readonly kid?: string;
  /** ERR_KEY_SECRET_MISSING: the key whose secret is gone (to restore). */
  readonly key?: K;
}

export type ResignAnswer<K> = Result<{ key: K }, ResignError<K>>;

/**
 * The key that may re-sign this token, or the reason none may: the one re-sign rule. `named` is a
 * key the caller chose; otherwise the stored keys the token's kid names that can sign its alg are
 * tried in order. Either way the key's own material must verify the token's signature (see
 * `resignRefusal`), and a named key must also be able to sign the token's alg.
 */
export async function resigner<K extends ResignCandidate>(decoded: DecodedToken, keys: ResignKeys<K>, named?: K): Promise<ResignAnswer<K>> {
  if (!resignable(decoded)) {
    return { ok: false, error: { code: 'ERR_TOKEN_UNSUITABLE', message: NOT_RESIGNABLE } };
  }
  const alg = String(decoded.header.alg);
  const kid = tokenKid(decoded);
  const candidates = named ? [named] : kid === undefined ? [] : keys.signers({ kid, alg });
  if (candidates.length === 0) {
    return {
      ok: false,
      error: {
        code: 'ERR_NO_SUITABLE_KEY',
        message: `No stored key${kid !== undefined ? ` with kid ${kid}` : ''} can sign ${alg}. Add the private key to re-sign.`,
        kid,
      },
    };
  }
  let refusal: string | undefined;
  let missing: K | undefined;
  for (const candidate of candidates) {
    const material = await keys.material(candidate);
    if (!material) {
      missing ??= candidate;
      continue;
    }
    const reason = await resignRefusal(decoded, material);
    if (reason !== undefined) {
      refusal ??= reason;
      continue;
    }
    // Only a named key can get here unable to sign: the kid's candidates are signers already.
    const cannotSign = signingRefusal(candidate, alg);
    return cannotSign ? { ok: false, error: cannotSign } : { ok: true, key: candidate };
  }
  if (refusal !== undefined) {
    return { ok: false, error: { code: 'ERR_RESIGN_REFUSED', message: refusal } };
  }
  return {
    ok: false,
    error: {
      code: 'ERR_KEY_SECRET_MISSING',
      message: `The secret of key ${missing!.label} is missing from this machine's secret storage.`,
      key: missing,
    },
  };
}
