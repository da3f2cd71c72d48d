// Keys published by an identity provider: the trusted-issuer settings, OIDC / RFC 8414 discovery
// documents and JWKS validated before use, the cache policy (how long a key set is fresh, when an
// unknown kid may refetch) and the words every surface shows. Pure: the fetching is in
// services/trustedIssuers.ts, through services/http.ts.
import type { JWK } from 'jose';
import type { DecodedToken } from '../token/decode';
import { oneLine } from '../text/display';
import { base64Bytes } from '../text/base64';
import type { Result } from '../text/result';
import { importJwksMember } from '../keys/importKey';
import { type KeyType } from '../keys/algorithms';
import { humanDuration } from '../token/time';
import { tokenKid, verifyToken, type VerificationKey, type SignatureCheck } from './verify';

/** One entry of `jwtLens.trustedIssuers`: an issuer found by discovery, or a JWKS URL (with an optional issuer to match). */
export interface TrustedIssuer {
  /** Stable id: the issuer, or the JWKS URL when there is no issuer. */
  readonly id: string;
  /** The `iss` its tokens carry, exactly. */
  readonly issuer?: string;
  /** Where the keys are; found by discovery when absent. */
  readonly jwksUri?: string;
  /** The `aud` its tokens must carry, when set. */
  readonly audience?: string;
}

export type JwksErrorCode = 'ERR_ISSUER_SETTING' | 'ERR_DISCOVERY' | 'ERR_JWKS';

export interface JwksError {
  readonly code: JwksErrorCode;
  readonly message: string;
}

export type Checked<T> = Result<{ value: T }, JwksError>;

/** A key from a JWKS, public only, ready for verification. */
export interface IssuerKey {
  readonly kid?: string;
  readonly type: KeyType;
  readonly alg?: string;
  readonly publicJwk: JWK;
  readonly verifyAlgorithms: readonly string[];
}

/** A fetched key set, as cached in memory and in global storage (public keys only). */
export interface IssuerKeySet {
  readonly jwksUri: string;
  readonly keys: readonly IssuerKey[];
  /** Epoch seconds. */
  readonly fetchedAt: number;
  /** Epoch seconds after which the set is refetched when next needed. */
  readonly freshUntil: number;
  /** Members of the JWKS that were not usable signing keys (encryption keys, secrets, unknown types). */
  readonly skipped: number;
}

/** Cache bounds (seconds): a max-age outside them is clamped. */
export const MIN_CACHE_SECONDS = 5 * 60;
export const MAX_CACHE_SECONDS = 24 * 60 * 60;
/** Without a usable Cache-Control. */
export const DEFAULT_CACHE_SECONDS = 60 * 60;
/** An unknown kid (or an expired set) refetches at most once per this many seconds per issuer. */
export const REFETCH_INTERVAL_SECONDS = 60;
/** More keys than any provider publishes; a bigger set is refused. */
export const MAX_JWKS_KEYS = 100;
/**
 * Keys of an issuer tried for one token at most: a token whose kid names no key has every key of its
 * algorithm's type stand in, and a published set may be built to make each token cost many checks.
 */
export const MAX_ISSUER_CANDIDATES = 10;
/** Bytes an RSA public exponent may have: real keys use 65537 (or 3); a longer one only makes every check slow. */
const MAX_RSA_EXPONENT_BYTES = 4;
/** How many kids a "not in the JWKS" message lists. */
const LISTED_KIDS = 6;

function failed<T>(code: JwksErrorCode, message: string): Checked<T> {
  return { ok: false, error: { code, message } };
}

function isHttpsLike(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The host of a URL, for messages ("auth.example.com"); the text itself, capped, if it is not one. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return oneLine(url, 60);
  }
}

/** Reads one entry of the setting. Whether its URLs may be fetched is the fetch policy's to say. */
export function parseTrustedIssuer(value: unknown): Checked<TrustedIssuer> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return failed('ERR_ISSUER_SETTING', 'A trusted issuer is an object: { "issuer": "https://…" } or { "jwksUri": "https://…" }.');
  }
  const record = value as Record<string, unknown>;
  const text = (name: string): string | undefined | null => {
    const member = record[name];
    if (member === undefined) {
      return undefined;
    }
    return typeof member === 'string' && member.trim() !== '' ? member.trim() : null;
  };
  const issuer = text('issuer');
  const jwksUri = text('jwksUri');
  const audience = text('audience');
  if (issuer === null || jwksUri === null || audience === null) {
    return failed('ERR_ISSUER_SETTING', 'issuer, jwksUri and audience must be non-empty strings.');
  }
  if (issuer === undefined && jwksUri === undefined) {
    return failed('ERR_ISSUER_SETTING', 'A trusted issuer needs an "issuer" (found by discovery) or a "jwksUri".');
  }
  if (issuer !== undefined && !isHttpsLike(issuer)) {
    return failed('ERR_ISSUER_SETTING', 'The issuer must be an https:// URL, as tokens carry it in "iss".');
  }
  if (jwksUri !== undefined && !isHttpsLike(jwksUri)) {
    return failed('ERR_ISSUER_SETTING', 'The JWKS URL must be an https:// URL.');
  }
  return { ok: true, value: { id: issuer ?? jwksUri!, issuer, jwksUri, audience } };
}

/**
 * What an entry's keys are fetched from: its JWKS URL, or discovery from its issuer. Key sets are
 * cached and stored under it, so an entry whose source changes never keeps the old source's keys.
 */
export function keySource(entry: Pick<TrustedIssuer, 'issuer' | 'jwksUri'>): string {
  return JSON.stringify([entry.issuer ?? null, entry.jwksUri ?? null]);
}

/** Whether two URLs share scheme, host and port. */
export function sameOrigin(first: string, second: string): boolean {
  try {
    return new URL(first).origin === new URL(second).origin;
  } catch {
    return false;
  }
}

/** Why keys that discovery puts on another site than the issuer's are not fetched without the user's word. */
export function keysElsewhereMessage(issuer: string, jwksUri: string): string {
  return `${hostOf(issuer)}'s discovery document puts its keys on another site, ${hostOf(jwksUri)}: JWT Lens fetches them only once you confirm that site (add the issuer again, or set its "jwksUri").`;
}

/**
 * Where discovery looks, in order: OpenID Connect Discovery (the issuer's path + /.well-known/…),
 * then RFC 8414 (/.well-known/oauth-authorization-server inserted before the issuer's path).
 */
export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  return [`${url.origin}${path}/.well-known/openid-configuration`, `${url.origin}/.well-known/oauth-authorization-server${path}`];
}

/** The jwks_uri of a discovery document whose "issuer" is exactly the trusted one (OIDC Discovery §4.3). */
export function checkDiscoveryDocument(value: unknown, issuer: string): Checked<string> {
  const host = hostOf(issuer);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return failed('ERR_DISCOVERY', `${host}'s discovery document is not a JSON object.`);
  }
  const document = value as Record<string, unknown>;
  if (document.issuer !== issuer) {
    const claimed = typeof document.issuer === 'string' ? ` (it says ${JSON.stringify(oneLine(document.issuer, 80))})` : '';
    return failed('ERR_DISCOVERY', `Issuer mismatch: ${host}'s discovery document is not for ${issuer}${claimed}.`);
  }
  if (typeof document.jwks_uri !== 'string' || !isHttpsLike(document.jwks_uri)) {
    return failed('ERR_DISCOVERY', `${host}'s discovery document has no jwks_uri.`);
  }
  // As parsed: URL parsing drops newlines and tabs, which kept in the text would reach Markdown (the Keys view).
  return { ok: true, value: new URL(document.jwks_uri).href };
}

/**
 * The usable signing keys of a JWKS, each read through the same import as a stored key and kept
 * public only. Secrets (oct) and encryption keys are skipped; a set with no usable key fails.
 */
export async function readJwks(value: unknown, source: string): Promise<Checked<{ keys: IssuerKey[]; skipped: number }>> {
  const host = hostOf(source);
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { keys?: unknown }).keys)) {
    return failed('ERR_JWKS', `${host} did not answer with a JWKS (a JSON object with "keys").`);
  }
  const members = (value as { keys: unknown[] }).keys;
  if (members.length > MAX_JWKS_KEYS) {
    return failed('ERR_JWKS', `${host}'s JWKS has ${members.length} keys; JWT Lens reads at most ${MAX_JWKS_KEYS}.`);
  }
  const keys: IssuerKey[] = [];
  let skipped = 0;
  for (const member of members) {
    // A published secret verifies nothing: anyone could sign with it. A key whose key_ops (RFC 7517
    // §4.3) leave out "verify" is for something else, such as encryption.
    const { kty, key_ops: operations } =
      typeof member === 'object' && member !== null ? (member as { kty?: unknown; key_ops?: unknown }) : {};
    if (kty === 'oct' || (Array.isArray(operations) && !operations.includes('verify'))) {
      skipped++;
      continue;
    }
    if (kty === 'RSA' && !saneRsaExponent((member as { e?: unknown }).e)) {
      skipped++;
      continue;
    }
    const imported = await importJwksMember(member);
    if (!imported.ok || !imported.keys[0].publicJwk) {
      skipped++;
      continue;
    }
    const key = imported.keys[0];
    keys.push({
      kid: key.kid,
      type: key.type,
      alg: key.alg,
      publicJwk: key.publicJwk!,
      verifyAlgorithms: key.algorithms.verify,
    });
  }
  const duplicate = keys.find((key, index) => key.kid !== undefined && keys.findIndex((other) => other.kid === key.kid) !== index);
  if (duplicate) {
    // A kid that names two keys leaves open which one the issuer signs with: the set is refused whole.
    return failed(
      'ERR_JWKS',
      `${host}'s JWKS has more than one signing key with kid ${JSON.stringify(oneLine(duplicate.kid!, 40))}; JWT Lens uses no set whose kids are ambiguous.`,
    );
  }
  if (keys.length === 0) {
    return failed(
      'ERR_JWKS',
      `${host}'s JWKS has no usable signing key (${members.length} ${members.length === 1 ? 'entry' : 'entries'}).`,
    );
  }
  return { ok: true, value: { keys, skipped } };
}

/** An RSA "e" that is odd, above 1 and at most 32 bits (base64url, leading zero bytes allowed). */
function saneRsaExponent(e: unknown): boolean {
  if (typeof e !== 'string' || !/^[A-Za-z0-9_-]{1,16}$/.test(e)) {
    return false;
  }
  const bytes = base64Bytes(e);
  const first = bytes.findIndex((byte) => byte !== 0);
  if (first < 0 || bytes.length - first > MAX_RSA_EXPONENT_BYTES) {
    return false;
  }
  const odd = (bytes[bytes.length - 1] & 1) === 1;
  return odd && !(first === bytes.length - 1 && bytes[first] === 1);
}

/** Seconds a key set stays fresh: Cache-Control max-age (s-maxage ignored) clamped to 5 min – 24 h. */
export function cacheLifetimeSeconds(cacheControl: string | null | undefined): number {
  const directives = (cacheControl ?? '')
    .toLowerCase()
    .split(',')
    .map((part) => part.trim());
  if (directives.includes('no-store') || directives.includes('no-cache')) {
    return MIN_CACHE_SECONDS;
  }
  const maxAge = directives.map((part) => /^max-age\s*=\s*"?(\d+)"?$/.exec(part)?.[1]).find((found) => found !== undefined);
  const seconds = maxAge === undefined ? DEFAULT_CACHE_SECONDS : Number(maxAge);
  return Math.min(MAX_CACHE_SECONDS, Math.max(MIN_CACHE_SECONDS, seconds));
}

/** Whether another fetch for this issuer may start now (at most one per REFETCH_INTERVAL_SECONDS). */
export function mayFetch(lastAttemptAt: number | undefined, now: number): boolean {
  return lastAttemptAt === undefined || now - lastAttemptAt >= REFETCH_INTERVAL_SECONDS || now < lastAttemptAt;
}

/** Whether a token's "aud" (a string or a list) includes the expected audience. */
export function audienceIncludes(aud: unknown, expected: string): boolean {
  return aud === expected || (Array.isArray(aud) && aud.includes(expected));
}

/** "just now", "3 min ago", "2 h ago". */
export function fetchedAgo(fetchedAt: number, now: number): string {
  const seconds = now - fetchedAt;
  return seconds < 60 ? 'just now' : `${humanDuration(seconds)} ago`;
}

/** "4 keys: a, b, c, d" (kids capped and listed up to a few). */
export function describeKids(keys: readonly { readonly kid?: string }[]): string {
  const kids = keys.map((key) => (key.kid === undefined ? '(no kid)' : oneLine(key.kid, 30)));
  const listed = kids.slice(0, LISTED_KIDS).join(', ') + (kids.length > LISTED_KIDS ? ', …' : '');
  return `${keys.length} ${keys.length === 1 ? 'key' : 'keys'}: ${listed}`;
}

/** The issuer's keys as verification keys: labelled by the JWKS host, restricted to their own algorithms. */
export function issuerVerificationKeys(entry: TrustedIssuer, keySet: IssuerKeySet): VerificationKey[] {
  const host = hostOf(entry.issuer ?? keySet.jwksUri);
  return keySet.keys.map((key, index) => ({
    id: `${entry.id}#${index}`,
    label: host,
    kid: key.kid,
    type: key.type,
    // A copy: jose freezes the JWK it verifies with and caches its CryptoKeys on it.
    verifyKey: { ...key.publicJwk },
    verifyAlgorithms: key.verifyAlgorithms,
  }));
}

/** The signature of a token checked with an issuer's keys, trying at most MAX_ISSUER_CANDIDATES of them. */
export function verifyIssuerToken(decoded: DecodedToken, entry: TrustedIssuer, keySet: IssuerKeySet): Promise<SignatureCheck> {
  return verifyToken(decoded, issuerVerificationKeys(entry, keySet), undefined, { maxCandidates: MAX_ISSUER_CANDIDATES });
}

/** What the service knows about an issuer when it judges a token. */
export interface IssuerContext {
  readonly entry: TrustedIssuer;
  readonly keySet?: IssuerKeySet;
  /** Why the last fetch failed, when it did (after the key set was fetched, or instead of it). */
  readonly failure?: string;
  readonly now: number;
}

/**
 * The verify result for a token judged against a trusted issuer's keys: the signature result
 * (`signature`, from verifyToken over issuerVerificationKeys; undefined when there are no keys), then
 * the claims the issuer fixes: "iss" must be the issuer, "aud" must include the expected audience.
 * Worded for every surface; call again as time passes (the ages change).
 */
export function issuerResult(decoded: DecodedToken, signature: SignatureCheck | undefined, context: IssuerContext): SignatureCheck {
  const { entry, keySet, failure, now } = context;
  const host = hostOf(entry.issuer ?? keySet?.jwksUri ?? entry.jwksUri ?? entry.id);
  const kid = tokenKid(decoded);
  const alg = typeof decoded.header?.alg === 'string' ? decoded.header.alg : undefined;
  if (!keySet || !signature) {
    const why = failure ?? 'not fetched yet';
    return {
      status: 'no-key',
      kid,
      alg,
      words: `${host}'s keys unavailable: ${why}`,
      message: `${host}'s keys could not be fetched: ${why}. Refresh the issuer in the JWT Lens Keys view.`,
    };
  }
  const age = fetchedAgo(keySet.fetchedAt, now);
  const stale = failure ? `keys from ${age}; refresh failed: ${failure}` : `fetched ${age}`;
  if (signature.status === 'valid') {
    const iss = decoded.payload?.iss;
    if (entry.issuer !== undefined && iss !== entry.issuer) {
      const claimed = typeof iss === 'string' ? `"iss" is ${JSON.stringify(oneLine(iss, 80))}` : 'the token has no "iss"';
      return {
        status: 'rejected',
        kid,
        alg,
        keyBinding: signature.keyBinding,
        words: `issuer mismatch: signed by ${host}'s key, but ${claimed}`,
        message: `Issuer mismatch: the signature is from ${host}'s key for ${entry.issuer}, but ${claimed}. Do not accept it as ${host}'s token.`,
      };
    }
    if (entry.audience !== undefined && !audienceIncludes(decoded.payload?.aud, entry.audience)) {
      return {
        status: 'rejected',
        kid,
        alg,
        keyBinding: signature.keyBinding,
        words: `audience mismatch: ${host} tokens here must have aud ${oneLine(entry.audience, 60)}`,
        message: `Audience mismatch: "aud" does not include ${JSON.stringify(oneLine(entry.audience, 60))}, the audience set for ${host}.`,
      };
    }
    const kidText = signature.key?.kid !== undefined ? `kid ${oneLine(signature.key.kid, 40)}, ` : '';
    return {
      ...signature,
      words: `signed by ${host} (${kidText}${stale})`,
      message: `Signature valid: signed by ${host}'s key (${kidText}${stale}).`,
    };
  }
  const refreshed = `refreshed ${age}${failure ? `; refresh failed: ${failure}` : ''}`;
  if (signature.status === 'no-key' && kid !== undefined) {
    return {
      ...signature,
      words: `kid ${oneLine(kid, 40)} not in ${host}'s JWKS (${describeKids(keySet.keys)}; ${refreshed})`,
      message: `No key with kid ${oneLine(kid, 40)} in ${host}'s JWKS (${describeKids(keySet.keys)}; ${refreshed}).`,
    };
  }
  if (signature.status === 'invalid-signature') {
    return {
      ...signature,
      words: `bad signature for ${host}'s keys (${stale})`,
      message: `Invalid signature: it does not verify with ${host}'s ${alg ?? ''} keys (${describeKids(keySet.keys)}; ${stale}).`,
    };
  }
  return { ...signature, words: undefined };
}
