// Signature verification: candidate keys by `kid` (header, then payload as Mux's SDK writes it), then
// by the algorithm's key type; each key only under its own algorithm allowlist (RFC 8725 §3.1).
// Results are cached per token for the current key set in a bounded LRU, so hovers and CodeLens
// re-verify nothing until the keys change.
import { compactVerify } from 'jose';
import type { KeyObject } from 'node:crypto';
import type { DecodedToken } from './decode';
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

export type VerifyStatus = 'valid' | 'invalid-signature' | 'no-key' | 'alg-not-allowed' | 'unsigned' | 'encrypted' | 'malformed';

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
  return undefined;
}

/**
 * Chooses the keys to try for a token. `named` is true when the keys are the ones its kid names;
 * false when it names no stored key (or no kid) and keys of the algorithm's type stand in.
 */
export function candidateKeys(token: DecodedToken, keys: readonly VerificationKey[]): { kid?: string; keys: VerificationKey[]; named: boolean } {
  const kid = tokenKid(token);
  if (kid !== undefined) {
    const byKid = keys.filter((key) => key.kid === kid);
    if (byKid.length > 0) return { kid, keys: byKid, named: true };
  }
  const type = keyTypeForAlgorithm(String(token.header?.alg));
  return { kid, keys: type ? keys.filter((key) => key.type === type) : [], named: false };
}

export async function verifyToken(token: DecodedToken, keys: readonly VerificationKey[]): Promise<VerifyResult> {
  const settled = verdictWithoutKeys(token);
  if (settled) return settled;
  const alg = String(token.header?.alg);
  const { kid, keys: candidates, named } = candidateKeys(token, keys);
  if (candidates.length === 0) {
    const message = kid !== undefined ? `No stored key for kid ${kid}.` : `No stored key can verify ${alg}.`;
    return { status: 'no-key', kid, alg, message };
  }
  const allowed = candidates.filter((key) => key.verifyAlgorithms.includes(alg));
  // A token naming a kid that no stored key has: the stand-ins failing says nothing about its
  // signature, only that its key is not here.
  const missingKid = kid !== undefined && !named;
  if (missingKid && allowed.length === 0) return { status: 'no-key', kid, alg, message: `No stored key for kid ${kid}.` };
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
  if (missingKid) {
    return { status: 'no-key', kid, alg, message: `No stored key for kid ${kid}; it does not verify with the other ${alg} ${allowed.length === 1 ? 'key' : 'keys'} tried (${tried}).` };
  }
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
