// Signature verification: candidate keys by `kid` (header, then payload as Mux's SDK writes it), then
// by the algorithm's key type; each key only under its own algorithm allowlist (RFC 8725 §3.1).
// Results are cached per token for the current key set in a bounded LRU, so hovers and CodeLens
// re-verify nothing until the keys change.
import { jwsText, type DecodedToken, type JsonObject } from '../token/decode';
import { decryptionCandidates, decryptToken, type Decrypted, type DecryptionKey } from './decrypt';
import { oneLine } from '../text/display';
import { keyTypeForAlgorithm, type KeyType } from '../keys/algorithms';
import { type KeyMaterial } from '../keys/importKey';
import { sha256Text } from '../text/sha256';
import { isDpopProof } from '../token/sdJwt';
import { verifyDpopProof } from './dpop';
import { verifyKeyBinding } from './sdJwtCheck';
import { signedWithKnownSecret } from './knownSecrets';
import type { KnownSecret } from '../keys/knownSecretList';
import { checkSignature, unsupportedHere } from './signatureCheck';

/** What verification needs of a stored key; the key store adapts its entries to this. */
export interface VerificationKey {
  /** Stable id in the key store. */
  readonly id: string;
  readonly label: string;
  readonly kid?: string;
  readonly type: KeyType;
  /** A public JWK, or an HMAC secret's bytes. */
  readonly verifyKey: KeyMaterial;
  readonly verifyAlgorithms: readonly string[];
  /** HMAC secret length in bytes, for the short-key lint. */
  readonly secretBytes?: number;
}

/** `unsupported`: this runtime cannot check the algorithm (Ed448, ML-DSA without Web Crypto support). */
export type VerifyStatus =
  | 'valid'
  | 'invalid-signature'
  | 'no-key'
  | 'alg-not-allowed'
  | 'unsigned'
  | 'encrypted'
  | 'decrypted'
  | 'malformed'
  | 'rejected'
  | 'unsupported';

export interface SignatureCheck {
  readonly status: VerifyStatus;
  /** The key that verified (valid), or whose allowlist refused the algorithm (alg-not-allowed). */
  readonly key?: Pick<VerificationKey, 'id' | 'label' | 'kid' | 'secretBytes'>;
  /** The kid the token names, when it names one. */
  readonly kid?: string;
  readonly alg?: string;
  /** One line for people, naming the key where there is one. Never holds key material. */
  readonly message: string;
  /**
   * The short words after the symbol, when the key source words them itself ("signed by
   * auth.example.com (kid abc, fetched 3 min ago)"); else they follow from the status.
   */
  readonly words?: string;
  /**
   * The verdict on the token a nested JWT carries (cty "JWT"), on a decrypted JWE's nested JWS, or
   * "unsigned" for bare claims a JWE encrypted to a public key.
   */
  readonly nested?: SignatureCheck;
  /** A JWE opened with a stored key (status `decrypted`): its plaintext as a token. */
  readonly decrypted?: Decrypted;
  /**
   * A JWE not decrypted (status `encrypted`) because a background pass tried few or no keys: asking
   * for this token (hover, decoded view, Verify Token) tries every candidate.
   */
  readonly deferred?: boolean;
  /** An SD-JWT's Key Binding JWT, checked with the holder key in its cnf.jwk. */
  readonly keyBinding?: SignatureCheck;
  /** The HMAC secret that signed the token is on the public list: anyone can forge it. */
  readonly knownSecret?: KnownSecret;
}

/**
 * How much decryption a verification may spend. Background passes limit it: a file of junk JWEs
 * would otherwise cost a private-key operation per JWE per stored key. Unset, every candidate key
 * is tried.
 */
export interface VerifyOptions {
  /** False: a JWE is not decrypted (and no private key is read). */
  readonly decrypt?: boolean;
  /** At most this many keys are tried on a JWE. */
  readonly maxDecryptionAttempts?: number;
}

/** True when the options limit decryption, so a deferred result is all they would give again. */
function limitsDecryption(options: VerifyOptions): boolean {
  return options.decrypt === false || options.maxDecryptionAttempts !== undefined;
}

const NOT_DECRYPTED_YET = 'Encrypted (JWE): not decrypted yet. Hover it or open it decoded to try every stored key.';

/** Loads the stored keys that can decrypt, only when a JWE needs them (they are private material). */
export type DecryptionKeySource = () => Promise<readonly DecryptionKey[]>;

/** RSA-OAEP and ECDH-ES: anyone holding the public key can encrypt, so decrypting proves no author. */
function isPublicKeyEncryption(alg: string | undefined): boolean {
  return alg !== undefined && /^(RSA-OAEP|ECDH-ES)/.test(alg);
}

/** Whether the result's message says more than its status words: all but ✓ and a decryption that needs no warning. */
export function messageAddsToStatus(result: SignatureCheck | undefined): result is SignatureCheck {
  if (result === undefined || result.status === 'valid') {
    return false;
  }
  return result.status !== 'decrypted' || (result.decrypted?.decoded.parts.length === 0 && isPublicKeyEncryption(result.alg));
}

/**
 * The status of claims a JWE carried bare, encrypted to a public key: no one vouches for them, as
 * for "alg": "none", so they are judged unsigned (findings, urgency and pills follow from that).
 */
const UNSIGNED_CLAIMS: SignatureCheck = {
  status: 'unsigned',
  message: 'Unsigned claims: anyone with the public key could have encrypted them. Never accept them.',
};

/** The kid a token names: header first, then payload (Mux's SDK writes it there). */
export function tokenKid(decoded: DecodedToken): string | undefined {
  const fromHeader = decoded.header?.kid;
  if (typeof fromHeader === 'string') {
    return fromHeader;
  }
  const fromPayload = decoded.payload?.kid;
  return typeof fromPayload === 'string' ? fromPayload : undefined;
}

/** The verify result no key can change (unsigned, encrypted, malformed, rejected); undefined when keys must decide. */
export function keylessSignatureCheck(decoded: DecodedToken): SignatureCheck | undefined {
  const alg = typeof decoded.header?.alg === 'string' ? decoded.header.alg : undefined;
  if (!decoded.header) {
    return { status: 'malformed', message: decoded.error?.message ?? 'Not a JWT.' };
  }
  if (decoded.kind === 'jwe') {
    return { status: 'encrypted', alg, message: 'Encrypted (JWE): the payload needs the decryption key.' };
  }
  if (alg?.toLowerCase() === 'none') {
    return { status: 'unsigned', alg, message: 'Unsigned ("alg": "none"): anyone could have written it. Never accept it.' };
  }
  if (decoded.error) {
    return { status: 'malformed', alg, message: decoded.error.message };
  }
  const refusal = critRefusal(decoded.header);
  if (refusal) {
    return { status: 'rejected', alg, message: refusal };
  }
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
  if (crit === undefined) {
    return undefined;
  }
  if (!Array.isArray(crit) || crit.length === 0 || crit.some((name) => typeof name !== 'string' || name.length === 0)) {
    return 'Rejected: "crit" must be a non-empty list of extension names (RFC 7515 §4.1.11).';
  }
  if (new Set(crit).size !== crit.length) {
    return 'Rejected: "crit" lists an extension twice (RFC 7515 §4.1.11).';
  }
  for (const name of crit as string[]) {
    if (!UNDERSTOOD_CRIT.includes(name)) {
      return `Rejected: "crit" requires the extension ${oneLine(JSON.stringify(name), 40)}, which JWT Lens (like jose) does not understand (RFC 7515 §4.1.11).`;
    }
    if (header[name] === undefined) {
      return `Rejected: "crit" names ${JSON.stringify(name)} but the header has no such member (RFC 7515 §4.1.11).`;
    }
  }
  if (typeof header.b64 !== 'boolean') {
    return 'Rejected: "b64" must be true or false (RFC 7797 §3).';
  }
  if (header.b64 === false) {
    return 'Rejected: an unencoded payload ("b64": false) is not allowed in a JWT (RFC 7797 §7).';
  }
  return undefined;
}

/**
 * Chooses the keys to try for a token. `named` is true when the keys are the ones its kid names;
 * false when it names no stored key (or no kid) and keys of the algorithm's type stand in.
 */
export function candidateKeys(
  decoded: DecodedToken,
  keys: readonly VerificationKey[],
): { kid?: string; keys: VerificationKey[]; named: boolean } {
  const kid = tokenKid(decoded);
  if (kid !== undefined) {
    const byKid = keys.filter((key) => key.kid === kid);
    if (byKid.length > 0) {
      return { kid, keys: byKid, named: true };
    }
  }
  const type = keyTypeForAlgorithm(String(decoded.header?.alg));
  return { kid, keys: type ? keys.filter((key) => key.type === type) : [], named: false };
}

export interface VerifyOptions {
  /**
   * Keys tried for one token at most (for keys from a source that is not the user's own); a token
   * with more candidates is not checked and says why.
   */
  readonly maxCandidates?: number;
}

export async function verifyToken(
  decoded: DecodedToken,
  keys: readonly VerificationKey[],
  decryptionKeys?: DecryptionKeySource,
  options: VerifyOptions = {},
): Promise<SignatureCheck> {
  const result = await verifySignature(decoded, keys, decryptionKeys, options);
  // The Key Binding JWT needs no stored key: the presentation names its holder key (RFC 9901 §4.3).
  const keyBinding = decoded.sdJwt?.keyBinding;
  return keyBinding
    ? { ...result, keyBinding: keylessSignatureCheck(keyBinding) ?? (await verifyKeyBinding(decoded, keyBinding)) }
    : result;
}

async function verifySignature(
  decoded: DecodedToken,
  keys: readonly VerificationKey[],
  decryptionKeys: DecryptionKeySource | undefined,
  options: VerifyOptions,
): Promise<SignatureCheck> {
  const outer = await verifyOne(decoded, keys, options);
  if (outer.status === 'encrypted' && decryptionKeys && !decoded.error) {
    if (options.decrypt === false) {
      return { ...outer, message: NOT_DECRYPTED_YET, deferred: true };
    }
    const candidates = decryptionCandidates(decoded, await decryptionKeys());
    const tried = candidates.slice(0, options.maxDecryptionAttempts ?? candidates.length);
    const decrypted = await decryptToken(decoded, tried);
    if (decrypted) {
      const inner = decrypted.decoded;
      const bareToAnyone = inner.parts.length === 0 && isPublicKeyEncryption(outer.alg);
      // The decrypted JWS is judged with its own signature. Bare claims were only encrypted: to a
      // shared secret that authenticates them, to a public key nothing does.
      const nested =
        inner.parts.length > 0 ? await verifyToken(inner, keys, undefined, options) : bareToAnyone ? UNSIGNED_CLAIMS : undefined;
      return {
        status: 'decrypted',
        alg: outer.alg,
        kid: tokenKid(decoded),
        message: bareToAnyone
          ? `Decrypted with ${decrypted.keyLabel}. Not signed: anyone with the public key could have encrypted these claims.`
          : `Decrypted with ${decrypted.keyLabel}.`,
        decrypted,
        nested,
      };
    }
    return tried.length < candidates.length
      ? { ...outer, message: NOT_DECRYPTED_YET, deferred: true }
      : { ...outer, message: 'Encrypted (JWE): no stored key can decrypt it.' };
  }
  return decoded.nested ? { ...outer, nested: await verifyToken(decoded.nested, keys, undefined, options) } : outer;
}

/** One token's own signature, and whether a publicly known secret made it (with or without stored keys). */
async function verifyOne(decoded: DecodedToken, keys: readonly VerificationKey[], options: VerifyOptions): Promise<SignatureCheck> {
  const [result, knownSecret] = await Promise.all([verifyWithKeys(decoded, keys, options), signedWithKnownSecret(decoded)]);
  return knownSecret ? { ...result, knownSecret } : result;
}

async function verifyWithKeys(decoded: DecodedToken, keys: readonly VerificationKey[], options: VerifyOptions): Promise<SignatureCheck> {
  const settled = keylessSignatureCheck(decoded);
  if (settled) {
    return settled;
  }
  // A DPoP proof is checked with the key in its own header, whatever keys are stored (RFC 9449 §4.3).
  if (isDpopProof(decoded.header)) {
    return verifyDpopProof(decoded);
  }
  const alg = String(decoded.header?.alg);
  const unsupported = await unsupportedHere(alg);
  if (unsupported) {
    return { ...unsupported, kid: tokenKid(decoded) };
  }
  const { kid, keys: candidates, named } = candidateKeys(decoded, keys);
  if (candidates.length === 0) {
    const message = kid !== undefined ? `No stored key for kid ${kid}.` : `No stored key can verify ${alg}.`;
    return { status: 'no-key', kid, alg, message };
  }
  const allowed = candidates.filter((key) => key.verifyAlgorithms.includes(alg));
  // A token naming a kid that no stored key has: the stand-ins failing says nothing about its
  // signature, only that its key is not here.
  const missingKid = kid !== undefined && !named;
  if (missingKid && allowed.length === 0) {
    return { status: 'no-key', kid, alg, message: `No stored key for kid ${kid}.` };
  }
  if (options.maxCandidates !== undefined && allowed.length > options.maxCandidates) {
    const standIns = `${allowed.length} ${alg} keys could stand in: JWT Lens tries at most ${options.maxCandidates}.`;
    const shownKid = kid === undefined ? '' : oneLine(kid, 40);
    const message = named
      ? `${allowed.length} keys have kid ${shownKid}: JWT Lens tries at most ${options.maxCandidates}.`
      : kid !== undefined
        ? `No key with kid ${shownKid}, and ${standIns}`
        : `The token names no kid, and ${standIns}`;
    return { status: 'no-key', kid, alg, message };
  }
  if (allowed.length === 0) {
    const key = candidates[0];
    return {
      status: 'alg-not-allowed',
      key: summary(key),
      kid,
      alg,
      message: `${alg} is not allowed for key ${key.label} (it allows ${key.verifyAlgorithms.join(', ')}); refused to prevent algorithm confusion.`,
    };
  }
  for (const key of allowed) {
    // A wrong key, or a signature of the wrong size: try the next candidate.
    if ((await checkSignature(jwsText(decoded), key.verifyKey, alg)) === 'valid') {
      return { status: 'valid', key: summary(key), kid, alg, message: `Signature valid: signed by ${key.label}.` };
    }
  }
  const tried = allowed.map((key) => key.label).join(', ');
  if (missingKid) {
    return {
      status: 'no-key',
      kid,
      alg,
      message: `No stored key for kid ${kid}; it does not verify with the other ${alg} ${allowed.length === 1 ? 'key' : 'keys'} tried (${tried}).`,
    };
  }
  return { status: 'invalid-signature', kid, alg, message: `Invalid signature: it does not verify with ${tried}.` };
}

function summary(key: VerificationKey): SignatureCheck['key'] {
  return { id: key.id, label: key.label, kid: key.kid, secretBytes: key.secretBytes };
}

/** Bytes of results the cache may hold; a result names its kid, which a token may make 64 KB long. */
export const DEFAULT_CACHE_BYTES = 8 * 1024 * 1024;
/** A Map entry and its result object, roughly, besides the strings counted one by one. */
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * The cache key of a token: its SHA-256. The token's text is a slice of `document.getText()`, and in
 * V8 a slice keeps its whole parent string alive, so keying by the text would keep every closed
 * document in memory. A cryptographic hash, because a collision would hand a forged token the
 * verdict of a genuine one.
 */
export function tokenCacheKey(text: string): string {
  return sha256Text(text);
}

/**
 * verifyToken with a bounded LRU cache of results for the current key set, keyed by each token's
 * hash and bounded by count and by bytes. Setting new keys bumps the version and empties the cache;
 * a verification that finishes after a change is not cached.
 */
export class CachedVerifier {
  private keys: readonly VerificationKey[] = [];
  private decryptionKeys: DecryptionKeySource | undefined;
  private version = 0;
  private readonly results = new Map<string, { result: SignatureCheck; bytes: number }>();
  /** Hashes of decoded tokens already asked about: features ask for the same tokens every refresh. */
  private readonly keysOfTokens = new WeakMap<DecodedToken, string>();
  private heldBytes = 0;

  constructor(
    private readonly capacity = 5000,
    private readonly maxBytes = DEFAULT_CACHE_BYTES,
  ) {}

  get keySetVersion(): number {
    return this.version;
  }

  /** Results held, and their approximate size in bytes. */
  get size(): { readonly entries: number; readonly bytes: number } {
    return { entries: this.results.size, bytes: this.heldBytes };
  }

  setKeys(keys: readonly VerificationKey[], decryptionKeys?: DecryptionKeySource): void {
    this.keys = keys;
    this.decryptionKeys = decryptionKeys;
    this.version++;
    this.results.clear();
    this.heldBytes = 0;
  }

  /** The cached result for a token, if any; cheap enough for every hover and CodeLens. */
  cached(token: DecodedToken | string): SignatureCheck | undefined {
    const key = this.keyOf(token);
    const hit = this.results.get(key);
    if (hit !== undefined) {
      // Move to the young end: Map iterates in insertion order.
      this.results.delete(key);
      this.results.set(key, hit);
    }
    return hit?.result;
  }

  /** The result for a token: the cached one, unless it was deferred and these options decrypt without limit. */
  async verify(decoded: DecodedToken, options: VerifyOptions = {}): Promise<SignatureCheck> {
    const hit = this.cached(decoded);
    if (hit && (!hit.deferred || limitsDecryption(options))) {
      return hit;
    }
    const version = this.version;
    const result = await verifyToken(decoded, this.keys, this.decryptionKeys, options);
    if (version === this.version) {
      this.store(this.keyOf(decoded), result);
    }
    return result;
  }

  private keyOf(token: DecodedToken | string): string {
    if (typeof token === 'string') {
      return tokenCacheKey(token);
    }
    let key = this.keysOfTokens.get(token);
    if (key === undefined) {
      key = tokenCacheKey(token.text);
      this.keysOfTokens.set(token, key);
    }
    return key;
  }

  private store(key: string, result: SignatureCheck): void {
    const bytes = resultBytes(key, result);
    if (bytes > this.maxBytes) {
      return;
    }
    const previous = this.results.get(key);
    if (previous) {
      this.results.delete(key);
      this.heldBytes -= previous.bytes;
    }
    this.results.set(key, { result, bytes });
    this.heldBytes += bytes;
    while (this.results.size > this.capacity || this.heldBytes > this.maxBytes) {
      const [oldest, entry] = this.results.entries().next().value as [string, { bytes: number }];
      this.results.delete(oldest);
      this.heldBytes -= entry.bytes;
    }
  }
}

/** The strings a cached result holds of its own (the key's summary is shared with the key store). */
function resultBytes(key: string, result: SignatureCheck): number {
  const decrypted = result.decrypted?.decoded;
  const plaintext = decrypted ? decrypted.text.length + JSON.stringify(decrypted.payload ?? decrypted.payloadText ?? '').length : 0;
  const chars =
    key.length +
    result.message.length +
    (result.kid?.length ?? 0) +
    (result.alg?.length ?? 0) +
    plaintext +
    (result.keyBinding?.message.length ?? 0);
  return ENTRY_OVERHEAD_BYTES + 2 * chars;
}
