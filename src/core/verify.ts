// Signature verification: candidate keys by `kid` (header, then payload as Mux's SDK writes it), then
// by the algorithm's key type; each key only under its own algorithm allowlist (RFC 8725 §3.1).
// Results are cached per token for the current key set in a bounded LRU, so hovers and CodeLens
// re-verify nothing until the keys change.
import { compactVerify } from 'jose';
import type { KeyObject } from 'node:crypto';
import type { DecodedToken, JsonObject } from './decode';
import { oneLine } from './display';
import { keyTypeForAlgorithm, type KeyType } from './keys';

/** What verification needs of a stored key; the key store adapts its entries to this. */
export interface VerificationKey {
  /** Stable id in the key store. */
  readonly id: string;
  readonly label: string;
  readonly kid?: string;
  readonly type: KeyType;
  readonly verifyKey: KeyObject;
  readonly verifyAlgorithms: readonly string[];
  /** HMAC secret length in bytes, for the short-key lint. */
  readonly secretBytes?: number;
}

export type VerifyStatus = 'valid' | 'invalid-signature' | 'no-key' | 'alg-not-allowed' | 'unsigned' | 'encrypted' | 'malformed' | 'rejected';

export interface VerifyResult {
  readonly status: VerifyStatus;
  /** The key that verified (valid), or whose allowlist refused the algorithm (alg-not-allowed). */
  readonly key?: Pick<VerificationKey, 'id' | 'label' | 'kid' | 'secretBytes'>;
  /** The kid the token names, when it names one. */
  readonly kid?: string;
  readonly alg?: string;
  /** One line for people, naming the key where there is one. Never holds key material. */
  readonly message: string;
}

/** The kid a token names: header first, then payload (Mux's SDK writes it there). */
export function tokenKid(token: DecodedToken): string | undefined {
  const fromHeader = token.header?.kid;
  if (typeof fromHeader === 'string') return fromHeader;
  const fromPayload = token.payload?.kid;
  return typeof fromPayload === 'string' ? fromPayload : undefined;
}

/** The verdict that needs no key: unsigned, encrypted or malformed; undefined when keys must decide. */
export function verdictWithoutKeys(token: DecodedToken): VerifyResult | undefined {
  const alg = typeof token.header?.alg === 'string' ? token.header.alg : undefined;
  if (!token.header) return { status: 'malformed', message: token.error?.message ?? 'Not a JWT.' };
  if (token.kind === 'jwe') return { status: 'encrypted', alg, message: 'Encrypted (JWE): the payload needs the decryption key.' };
  if (alg?.toLowerCase() === 'none') return { status: 'unsigned', alg, message: 'Unsigned ("alg": "none"): anyone could have written it. Never accept it.' };
  if (token.error) return { status: 'malformed', alg, message: token.error.message };
  const refusal = critRefusal(token.header);
  if (refusal) return { status: 'rejected', alg, message: refusal };
  return undefined;
}

/** Extensions JWT Lens understands when "crit" names them: jose's own list for JWS. */
const UNDERSTOOD_CRIT = ['b64'];

/**
 * Why the header's "crit" makes the token unacceptable whatever its signature, following jose
 * (RFC 7515 §4.1.11: a recipient must reject a token whose critical extensions it does not
 * understand; RFC 7797 §7: a JWT must not use an unencoded payload). Undefined when it is fine.
 */
export function critRefusal(header: JsonObject): string | undefined {
  const crit = header.crit;
  if (crit === undefined) return undefined;
  if (!Array.isArray(crit) || crit.length === 0 || crit.some((name) => typeof name !== 'string' || name.length === 0)) {
    return 'Rejected: "crit" must be a non-empty list of extension names (RFC 7515 §4.1.11).';
  }
  if (new Set(crit).size !== crit.length) return 'Rejected: "crit" lists an extension twice (RFC 7515 §4.1.11).';
  for (const name of crit as string[]) {
    if (!UNDERSTOOD_CRIT.includes(name)) {
      return `Rejected: "crit" requires the extension ${oneLine(JSON.stringify(name), 40)}, which JWT Lens (like jose) does not understand (RFC 7515 §4.1.11).`;
    }
    if (header[name] === undefined) return `Rejected: "crit" names ${JSON.stringify(name)} but the header has no such member (RFC 7515 §4.1.11).`;
  }
  if (typeof header.b64 !== 'boolean') return 'Rejected: "b64" must be true or false (RFC 7797 §3).';
  if (header.b64 === false) return 'Rejected: an unencoded payload ("b64": false) is not allowed in a JWT (RFC 7797 §7).';
  return undefined;
}

/** Chooses the keys to try for a token. */
export function candidateKeys(token: DecodedToken, keys: readonly VerificationKey[]): { kid?: string; keys: VerificationKey[] } {
  const kid = tokenKid(token);
  if (kid !== undefined) {
    const byKid = keys.filter((key) => key.kid === kid);
    if (byKid.length > 0) return { kid, keys: byKid };
  }
  const type = keyTypeForAlgorithm(String(token.header?.alg));
  return { kid, keys: type ? keys.filter((key) => key.type === type) : [] };
}

export async function verifyToken(token: DecodedToken, keys: readonly VerificationKey[]): Promise<VerifyResult> {
  const settled = verdictWithoutKeys(token);
  if (settled) return settled;
  const alg = String(token.header?.alg);
  const { kid, keys: candidates } = candidateKeys(token, keys);
  if (candidates.length === 0) {
    const message = kid !== undefined ? `No stored key for kid ${kid}.` : `No stored key can verify ${alg}.`;
    return { status: 'no-key', kid, alg, message };
  }
  const allowed = candidates.filter((key) => key.verifyAlgorithms.includes(alg));
  if (allowed.length === 0) {
    const key = candidates[0];
    return {
      status: 'alg-not-allowed', key: summary(key), kid, alg,
      message: `${alg} is not allowed for key ${key.label} (it allows ${key.verifyAlgorithms.join(', ')}); refused to prevent algorithm confusion.`,
    };
  }
  for (const key of allowed) {
    try {
      await compactVerify(token.text, key.verifyKey, { algorithms: [alg] });
      return { status: 'valid', key: summary(key), kid, alg, message: `Signature valid: signed by ${key.label}.` };
    } catch {
      // A wrong key, or a signature of the wrong size: try the next candidate.
    }
  }
  const tried = allowed.map((key) => key.label).join(', ');
  return { status: 'invalid-signature', kid, alg, message: `Invalid signature: it does not verify with ${tried}.` };
}

function summary(key: VerificationKey): VerifyResult['key'] {
  return { id: key.id, label: key.label, kid: key.kid, secretBytes: key.secretBytes };
}

/**
 * verifyToken with a bounded LRU cache of results for the current key set. Setting new keys bumps
 * the version and empties the cache; a verification that finishes after a change is not cached.
 */
export class CachedVerifier {
  private keys: readonly VerificationKey[] = [];
  private version = 0;
  private readonly results = new Map<string, VerifyResult>();

  constructor(private readonly capacity = 5000) {}

  get keySetVersion(): number {
    return this.version;
  }

  setKeys(keys: readonly VerificationKey[]): void {
    this.keys = keys;
    this.version++;
    this.results.clear();
  }

  /** The cached result for a token, if any; cheap enough for every hover and CodeLens. */
  cached(tokenText: string): VerifyResult | undefined {
    const hit = this.results.get(tokenText);
    if (hit !== undefined) {
      // Move to the young end: Map iterates in insertion order.
      this.results.delete(tokenText);
      this.results.set(tokenText, hit);
    }
    return hit;
  }

  async verify(token: DecodedToken): Promise<VerifyResult> {
    const hit = this.cached(token.text);
    if (hit) return hit;
    const version = this.version;
    const result = await verifyToken(token, this.keys);
    if (version === this.version) {
      this.results.set(token.text, result);
      if (this.results.size > this.capacity) this.results.delete(this.results.keys().next().value as string);
    }
    return result;
  }
}
