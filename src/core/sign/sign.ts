// Signing with jose, under the key's own algorithm allowlist (RFC 8725 §3.1), refusing HMAC secrets
// shorter than the hash (RFC 7518 §3.2).
import { CompactSign, type JWK } from 'jose';
import { base64UrlText, utf8Bytes } from '../text/base64';
import type { JsonObject } from '../token/decode';
import { hmacMinimumBytes, isHmacAlgorithm, type KeyAlgorithms, type KeyType } from '../keys/algorithms';
import { type KeyMaterial } from '../keys/importKey';
import type { Result } from '../text/result';

export type KidPlacement = 'header' | 'payload' | 'both';

export interface SigningKey {
  /** A private JWK, or an HMAC secret's bytes. */
  readonly material: KeyMaterial;
  readonly type: KeyType;
  readonly isPrivate: boolean;
  readonly bits?: number;
  readonly algorithms: KeyAlgorithms;
  readonly label: string;
  /** When the provider revoked the key: a token it signs would be refused there. */
  readonly revoked?: string;
}

export interface SignRequest {
  readonly payload: JsonObject;
  readonly alg: string;
  readonly key: SigningKey;
  /** Extra protected-header members; `alg` is always the one signed with. */
  readonly header?: JsonObject;
  readonly kid?: string;
  readonly kidIn?: KidPlacement;
}

export type SignErrorCode = 'ERR_SIGN_REVOKED' | 'ERR_SIGN_PUBLIC_KEY' | 'ERR_SIGN_ALG' | 'ERR_SIGN_SHORT_SECRET' | 'ERR_SIGN_FAILED';

export interface SignError {
  readonly code: SignErrorCode;
  readonly message: string;
}

export type SignResult = Result<{ jwt: string }, SignError>;

/** What decides whether a key can sign: a stored key's metadata is enough, no secret is read. */
export type SignerTraits = Pick<SigningKey, 'isPrivate' | 'type' | 'bits' | 'algorithms' | 'label' | 'revoked'>;

/** Why this key cannot sign with `alg`, or undefined when it can. */
export function signingRefusal(key: SignerTraits, alg: string): SignError | undefined {
  if (key.revoked) {
    return {
      code: 'ERR_SIGN_REVOKED',
      message: `Key ${key.label} was revoked, so tokens it signs are refused. Sign with the account's current key, or create one with Create Signing Key.`,
    };
  }
  if (!key.isPrivate) {
    return { code: 'ERR_SIGN_PUBLIC_KEY', message: `Key ${key.label} is public-only: it can verify but not sign. Add its private key.` };
  }
  if (key.type === 'oct' && isHmacAlgorithm(alg) && (key.bits ?? 0) / 8 < hmacMinimumBytes(alg)) {
    return {
      code: 'ERR_SIGN_SHORT_SECRET',
      message: `Refused: ${alg} needs a secret of at least ${hmacMinimumBytes(alg)} bytes and ${key.label} has ${(key.bits ?? 0) / 8} (RFC 7518 §3.2). Generate a longer secret.`,
    };
  }
  if (!key.algorithms.sign.includes(alg)) {
    const allowed = key.algorithms.sign.length ? key.algorithms.sign.join(', ') : 'none';
    return { code: 'ERR_SIGN_ALG', message: `Key ${key.label} cannot sign ${alg}; it allows ${allowed}.` };
  }
  return undefined;
}

/**
 * Whether this key can sign `alg`, or, without one, sign anything at all: the one test every
 * picker, store query and claims check asks, so a key offered is a key `signToken` accepts.
 */
export function canSign(key: Omit<SignerTraits, 'label'>, alg?: string): boolean {
  // The label only words a refusal; whether there is one does not depend on it.
  const named = { ...key, label: '' };
  return alg === undefined
    ? key.algorithms.sign.some((candidate) => signingRefusal(named, candidate) === undefined)
    : signingRefusal(named, alg) === undefined;
}

export async function signToken(request: SignRequest): Promise<SignResult> {
  const refusal = signingRefusal(request.key, request.alg);
  if (refusal) {
    return { ok: false, error: refusal };
  }
  const kidIn = request.kidIn ?? 'header';
  const header: JsonObject = { typ: 'JWT', ...request.header, alg: request.alg };
  const payload: JsonObject = { ...request.payload };
  if (request.kid !== undefined) {
    if (kidIn === 'header' || kidIn === 'both') {
      header.kid = request.kid;
    }
    if (kidIn === 'payload' || kidIn === 'both') {
      payload.kid = request.kid;
    }
    if (kidIn === 'payload') {
      delete header.kid;
    }
  }
  try {
    const material = request.key.material;
    if (isEd448Jwk(material)) {
      return { ok: true, jwt: await signEd448(header, payload, material) };
    }
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader(header as { alg: string })
      .sign(material);
    return { ok: true, jwt: token };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error';
    return { ok: false, error: { code: 'ERR_SIGN_FAILED', message: `Signing with ${request.key.label} failed: ${reason}.` } };
  }
}

function isEd448Jwk(material: KeyMaterial): material is JWK {
  return !(material instanceof Uint8Array) && material.kty === 'OKP' && material.crv === 'Ed448';
}

/** EdDSA or Ed448 with an Ed448 key: by Web Crypto itself, since jose has no Ed448. */
async function signEd448(header: JsonObject, payload: JsonObject, jwk: JWK): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed448', x: jwk.x, d: jwk.d }, { name: 'Ed448' }, false, [
    'sign',
  ]);
  const input = `${base64UrlText(utf8Bytes(JSON.stringify(header)))}.${base64UrlText(utf8Bytes(JSON.stringify(payload)))}`;
  const signature = await globalThis.crypto.subtle.sign({ name: 'Ed448' }, key, utf8Bytes(input));
  return `${input}.${base64UrlText(new Uint8Array(signature))}`;
}
