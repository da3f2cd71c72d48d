// Key import in every form users have, detection of that form, the public half and its JWK
// thumbprint, and the algorithms a key may be used with (RFC 8725 §3.1: one key, its own algorithms).
// Parsing is node:crypto's (it reads PKCS#1, SEC1, PKCS#8, SPKI and X.509, which jose's importPKCS8
// does not all do); thumbprints are jose's.
import { createPrivateKey, createPublicKey, createSecretKey, generateKeyPair, randomBytes, X509Certificate, type KeyObject, type JsonWebKey } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';

export type KeyForm =
  | 'pkcs8' | 'pkcs1' | 'sec1' | 'spki' | 'pkcs1-public' | 'x509'
  | 'jwk' | 'jwks' | 'hmac-text' | 'hmac-base64';

export type KeyType = 'RSA' | 'EC' | 'OKP' | 'oct';

const generateKeyPairAsync = promisify(generateKeyPair) as (type: string, options: object) => Promise<{ privateKey: KeyObject; publicKey: KeyObject }>;

export type KeyErrorCode =
  | 'ERR_KEY_EMPTY' | 'ERR_KEY_PEM' | 'ERR_KEY_ENCRYPTED' | 'ERR_KEY_JSON' | 'ERR_KEY_JWK'
  | 'ERR_KEY_UNSUPPORTED' | 'ERR_KEY_TOO_SMALL' | 'ERR_KEY_BASE64' | 'ERR_KEY_NOT_SIGNING';

export interface KeyError {
  readonly code: KeyErrorCode;
  readonly message: string;
}

export interface KeyAlgorithms {
  /** Algorithms this key may sign with (empty for public-only keys and short HMAC secrets). */
  readonly sign: readonly string[];
  /** Algorithms this key may verify. */
  readonly verify: readonly string[];
}

export interface ImportedKey {
  readonly form: KeyForm;
  /** True when the PEM arrived base64-encoded on one line (as the Mux and FastPix APIs return it). */
  readonly base64Wrapped: boolean;
  readonly type: KeyType;
  /** P-256, P-384, P-521 or Ed25519. */
  readonly curve?: string;
  /** RSA modulus or HMAC secret length, in bits. */
  readonly bits?: number;
  /** True for private keys and HMAC secrets: it can sign. */
  readonly isPrivate: boolean;
  /** The private key, public key or secret, as imported. */
  readonly key: KeyObject;
  /** What verifies: the public half, or the secret for HMAC. */
  readonly verifyKey: KeyObject;
  /** The public JWK (undefined for HMAC: a secret has no public half). */
  readonly publicJwk?: JWK;
  /** RFC 7638 SHA-256 thumbprint of the public JWK (undefined for HMAC). */
  readonly thumbprint?: string;
  /** `kid` carried by a JWK. */
  readonly kid?: string;
  /** `alg` carried by a JWK; restricts the key to that one algorithm. */
  readonly alg?: string;
  readonly algorithms: KeyAlgorithms;
}

export type KeyImportResult =
  | { readonly ok: true; readonly keys: readonly ImportedKey[] }
  | { readonly ok: false; readonly error: KeyError };

export interface KeyImportOptions {
  /** How text that is not a PEM or JWK is read as an HMAC secret: its UTF-8 bytes, or base64(url). */
  readonly secretEncoding?: 'text' | 'base64';
}

const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const EC_ALGORITHMS: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
const OKP_ALGORITHMS = ['EdDSA', 'Ed25519'];
export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];
const NODE_CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
/** RFC 7518 §3.3: RSA keys for JWS are 2048 bits or larger (jose enforces it too). */
export const MIN_RSA_BITS = 2048;

/** Bytes an HMAC secret needs for an algorithm: at least the hash size (RFC 7518 §3.2). */
export function hmacMinimumBytes(alg: string): number {
  return Number(alg.slice(2)) / 8;
}

/** The key type an algorithm needs. */
export function keyTypeForAlgorithm(alg: string): KeyType | undefined {
  if (/^(RS|PS)(256|384|512)$/.test(alg)) return 'RSA';
  if (/^ES(256|384|512)$/.test(alg)) return 'EC';
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'OKP';
  if (/^HS(256|384|512)$/.test(alg)) return 'oct';
  return undefined;
}

const PEM_LABELS: Record<string, KeyForm> = {
  'PRIVATE KEY': 'pkcs8',
  'RSA PRIVATE KEY': 'pkcs1',
  'EC PRIVATE KEY': 'sec1',
  'PUBLIC KEY': 'spki',
  'RSA PUBLIC KEY': 'pkcs1-public',
  CERTIFICATE: 'x509',
};

function keyError(code: KeyErrorCode, message: string): KeyImportResult {
  return { ok: false, error: { code, message } };
}

/**
 * Reads key text in any supported form: PEM (PKCS#8, PKCS#1, SEC1, SPKI, X.509), a PEM base64-encoded
 * on one line, a JWK or JWKS, or an HMAC secret. Never throws.
 */
export async function importKeyText(input: string, options: KeyImportOptions = {}): Promise<KeyImportResult> {
  try {
    return await importKeyTextUnguarded(input, options);
  } catch (error) {
    // Only node's error code: a crypto message could one day quote its input.
    const code = (error as { code?: unknown }).code;
    return keyError('ERR_KEY_UNSUPPORTED', `This key could not be imported${typeof code === 'string' ? ` (${code})` : ''}. Use an RSA, EC (P-256/384/521) or Ed25519 key, a JWK, or an HMAC secret.`);
  }
}

async function importKeyTextUnguarded(input: string, options: KeyImportOptions): Promise<KeyImportResult> {
  const text = input.trim();
  if (text.length === 0) return keyError('ERR_KEY_EMPTY', 'No key: the text is empty. Paste a PEM, a JWK or JWKS, or a secret.');
  if (text.startsWith('-----BEGIN')) return importPem(normalisePem(text), false);
  if (text.startsWith('{') || text.startsWith('[')) return importJson(text);
  const unwrapped = unwrapBase64Pem(text);
  if (unwrapped) return importPem(unwrapped, true);
  return importSecret(text, options.secretEncoding ?? 'text');
}

/**
 * Rebuilds a PEM whose line breaks were lost (pasted into a one-line input, or joined with spaces)
 * into the 64-column form OpenSSL reads. A PEM with its lines intact is returned as it is.
 */
export function normalisePem(pem: string): string {
  const match = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem.trim());
  if (!match || /\n[A-Za-z0-9+/=]{8,}\n/.test(match[2])) return pem;
  const body = match[2].replace(/\s+/g, '');
  return `-----BEGIN ${match[1]}-----\n${body.replace(/.{1,64}/g, '$&\n')}-----END ${match[1]}-----\n`;
}

/** A PEM that was base64-encoded as one line, or undefined when `text` is not that. */
function unwrapBase64Pem(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/=_\-\s]+$/.test(text) || !text.startsWith('LS0tLS1CRUdJT')) return undefined;
  const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8').trim();
  return decoded.startsWith('-----BEGIN') ? normalisePem(decoded) : undefined;
}

async function importPem(pem: string, base64Wrapped: boolean): Promise<KeyImportResult> {
  const label = /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1] ?? '';
  if (label.includes('ENCRYPTED')) {
    return keyError('ERR_KEY_ENCRYPTED', 'This PEM key is encrypted with a passphrase. Decrypt it first (openssl pkey -in key.pem -out plain.pem) and add the plain key.');
  }
  const form = PEM_LABELS[label];
  if (!form) {
    return keyError('ERR_KEY_PEM', `Unsupported PEM block "${label || 'unknown'}". Expected PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE.`);
  }
  if (!new RegExp(`-----END ${label}-----`).test(pem)) {
    return keyError('ERR_KEY_PEM', `The PEM has no "-----END ${label}-----" line; it may be cut short.`);
  }
  let key: KeyObject;
  try {
    if (form === 'x509') key = new X509Certificate(pem).publicKey;
    else if (form === 'spki' || form === 'pkcs1-public') key = createPublicKey(pem);
    else key = createPrivateKey(pem);
  } catch {
    return keyError('ERR_KEY_PEM', `Damaged ${label} PEM: its base64 body or structure could not be read. Copy the whole key again.`);
  }
  return fromKeyObject(key, { form, base64Wrapped });
}

async function importJson(text: string): Promise<KeyImportResult> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Never the parser's own message: it quotes the input, which here is key material.
    const where = parseErrorPlace(text, error);
    return keyError('ERR_KEY_JSON', `The key looks like JSON but does not parse${where}. Expected a JWK object or a JWKS {"keys": [...]}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return keyError('ERR_KEY_JWK', 'Expected a JWK object (with "kty") or a JWKS object (with "keys").');
  }
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.keys)) {
    const keys: ImportedKey[] = [];
    const problems: string[] = [];
    for (const [index, jwk] of record.keys.entries()) {
      const result = await importJwk(jwk, 'jwks');
      if (result.ok) keys.push(...result.keys);
      else problems.push(`key ${index + 1}: ${result.error.message}`);
    }
    if (keys.length === 0) {
      return keyError('ERR_KEY_JWK', problems.length ? `No usable signing key in the JWKS (${problems.join('; ')}).` : 'The JWKS has no keys.');
    }
    return { ok: true, keys };
  }
  return importJwk(record, 'jwk');
}

/** " (line 3, column 12)" from a JSON.parse error that gives a position; numbers only, no text. */
function parseErrorPlace(text: string, error: unknown): string {
  const position = error instanceof SyntaxError ? /at position (\d+)/.exec(error.message)?.[1] : undefined;
  if (position === undefined) return '';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

/** A JWK member's value in a message only when it is shaped like a name (RSA, ES256), never key text. */
function shownName(value: string): string | undefined {
  return /^[A-Za-z0-9-]{1,16}$/.test(value) ? value : undefined;
}

async function importJwk(value: unknown, form: 'jwk' | 'jwks'): Promise<KeyImportResult> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return keyError('ERR_KEY_JWK', 'A JWK must be a JSON object.');
  const jwk = value as JsonWebKey & { kid?: unknown; alg?: unknown; use?: unknown };
  if (typeof jwk.kty !== 'string') return keyError('ERR_KEY_JWK', 'The JWK has no "kty" (key type): expected RSA, EC, OKP or oct.');
  if (jwk.use === 'enc') return keyError('ERR_KEY_NOT_SIGNING', 'The JWK is for encryption ("use": "enc"), not for signing tokens.');
  const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
  const alg = typeof jwk.alg === 'string' ? jwk.alg : undefined;
  if (alg && !keyTypeForAlgorithm(alg)) {
    const name = shownName(alg);
    return keyError('ERR_KEY_UNSUPPORTED', `The JWK's "alg"${name ? ` ${JSON.stringify(name)}` : ''} is not a JWS algorithm JWT Lens supports.`);
  }
  let key: KeyObject;
  try {
    if (jwk.kty === 'oct') {
      if (typeof jwk.k !== 'string') return keyError('ERR_KEY_JWK', 'The oct JWK has no "k" (the secret).');
      key = createSecretKey(Buffer.from(jwk.k, 'base64url'));
    } else if (jwk.d !== undefined) {
      key = createPrivateKey({ key: jwk, format: 'jwk' });
    } else {
      key = createPublicKey({ key: jwk, format: 'jwk' });
    }
  } catch {
    // The kty is named only when it is one of ours: never echo key input.
    if (!['RSA', 'EC', 'OKP'].includes(jwk.kty)) return keyError('ERR_KEY_JWK', 'The JWK\'s "kty" (key type) is not RSA, EC, OKP or oct.');
    return keyError('ERR_KEY_JWK', `A member of the ${jwk.kty} JWK is missing or not base64url, so it could not be read.`);
  }
  return fromKeyObject(key, { form, base64Wrapped: false, kid, alg });
}

async function importSecret(text: string, encoding: 'text' | 'base64'): Promise<KeyImportResult> {
  let bytes: Buffer;
  if (encoding === 'base64') {
    const compact = text.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
      return keyError('ERR_KEY_BASE64', 'The secret is not base64 or base64url. Add it as text instead, or check what was copied.');
    }
    bytes = Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  } else {
    bytes = Buffer.from(text, 'utf8');
  }
  return fromKeyObject(createSecretKey(bytes), { form: encoding === 'base64' ? 'hmac-base64' : 'hmac-text', base64Wrapped: false });
}

interface Origin {
  readonly form: KeyForm;
  readonly base64Wrapped: boolean;
  readonly kid?: string;
  readonly alg?: string;
}

/** Describes a node KeyObject: type, size, public half, thumbprint, algorithms. */
export async function fromKeyObject(key: KeyObject, origin: Origin): Promise<KeyImportResult> {
  if (key.type === 'secret') {
    const bytes = key.symmetricKeySize ?? 0;
    if (bytes === 0) return keyError('ERR_KEY_EMPTY', 'The HMAC secret is empty.');
    const verify = restrict(HMAC_ALGORITHMS, origin.alg);
    if (verify.length === 0) return keyError('ERR_KEY_UNSUPPORTED', `An HMAC secret cannot be used with "alg" ${origin.alg}.`);
    const sign = verify.filter((alg) => bytes >= hmacMinimumBytes(alg));
    return ok({ ...origin, type: 'oct', bits: bytes * 8, isPrivate: true, key, verifyKey: key, algorithms: { sign, verify } });
  }
  const details = key.asymmetricKeyDetails ?? {};
  let type: KeyType;
  let curve: string | undefined;
  let all: string[];
  if (key.asymmetricKeyType === 'rsa-pss') return fromRsaPssKey(key, origin);
  switch (key.asymmetricKeyType) {
    case 'rsa': {
      type = 'RSA';
      const bits = details.modulusLength ?? 0;
      if (bits < MIN_RSA_BITS) {
        return keyError('ERR_KEY_TOO_SMALL', `The RSA key is ${bits} bits; JWS needs ${MIN_RSA_BITS} bits or more (RFC 7518 §3.3). Generate a new key.`);
      }
      all = RSA_ALGORITHMS;
      break;
    }
    case 'ec': {
      type = 'EC';
      curve = NODE_CURVES[details.namedCurve ?? ''];
      if (!curve) return keyError('ERR_KEY_UNSUPPORTED', `The EC curve ${details.namedCurve ?? 'unknown'} is not a JWS curve; use P-256, P-384 or P-521.`);
      all = [EC_ALGORITHMS[curve]];
      break;
    }
    case 'ed25519':
      type = 'OKP';
      curve = 'Ed25519';
      all = OKP_ALGORITHMS;
      break;
    default:
      return keyError('ERR_KEY_UNSUPPORTED', `${key.asymmetricKeyType ?? 'This'} keys cannot sign JWTs here; use RSA, EC (P-256/384/521) or Ed25519.`);
  }
  const verify = restrict(all, origin.alg);
  if (verify.length === 0) return keyError('ERR_KEY_UNSUPPORTED', `This ${type} key cannot be used with its JWK "alg" ${origin.alg}.`);
  const isPrivate = key.type === 'private';
  const verifyKey = isPrivate ? createPublicKey(key) : key;
  const publicJwk = verifyKey.export({ format: 'jwk' }) as JWK;
  const thumbprint = await calculateJwkThumbprint(publicJwk, 'sha256');
  return ok({
    ...origin, type, curve, bits: details.modulusLength, isPrivate, key, verifyKey, publicJwk, thumbprint,
    algorithms: { sign: isPrivate ? verify : [], verify },
  });
}

const PSS_HASHES: Record<string, string> = { sha256: 'PS256', 'sha-256': 'PS256', sha384: 'PS384', 'sha-384': 'PS384', sha512: 'PS512', 'sha-512': 'PS512' };

/**
 * An RSA-PSS key (OID id-RSASSA-PSS), which node cannot export as a JWK: its RSA numbers are read out
 * of the DER into a plain RSA key restricted to the one PS algorithm its parameters allow (PS256
 * when it names none), so it is stored, verified and signed with like any key and never RS*.
 */
async function fromRsaPssKey(key: KeyObject, origin: Origin): Promise<KeyImportResult> {
  const { hashAlgorithm, mgf1HashAlgorithm, saltLength } = key.asymmetricKeyDetails ?? {};
  const alg = hashAlgorithm === undefined ? 'PS256' : PSS_HASHES[hashAlgorithm.toLowerCase()];
  const refuse = (why: string) => keyError('ERR_KEY_UNSUPPORTED', `This RSA-PSS key cannot be used for JWS: ${why}`);
  if (!alg) return refuse(`its hash ${hashAlgorithm} is not SHA-256, SHA-384 or SHA-512.`);
  if (mgf1HashAlgorithm !== undefined && hashAlgorithm !== undefined && mgf1HashAlgorithm.toLowerCase() !== hashAlgorithm.toLowerCase()) {
    return refuse(`its MGF1 hash ${mgf1HashAlgorithm} differs from its hash ${hashAlgorithm}, and ${alg} uses one hash for both.`);
  }
  if (saltLength !== undefined && saltLength > Number(alg.slice(2)) / 8) return refuse(`its minimum salt of ${saltLength} bytes is longer than ${alg}'s.`);
  if (origin.alg !== undefined && origin.alg !== alg) return refuse(`its parameters allow ${alg}, not ${origin.alg}.`);
  const der = key.export({ format: 'der', type: key.type === 'private' ? 'pkcs8' : 'spki' });
  const inner = rsaKeyInside(der, key.type === 'private');
  if (!inner) return refuse('its DER structure could not be read.');
  const rsa = key.type === 'private'
    ? createPrivateKey({ key: inner, format: 'der', type: 'pkcs1' })
    : createPublicKey({ key: inner, format: 'der', type: 'pkcs1' });
  return fromKeyObject(rsa, { ...origin, alg });
}

/** Reads one DER tag-length-value at `at`: where its content starts and ends. */
function derItem(der: Buffer, at: number): { tag: number; start: number; end: number } | undefined {
  if (at + 2 > der.length) return undefined;
  const tag = der[at];
  let length = der[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || start + bytes > der.length) return undefined;
    length = 0;
    for (let k = 0; k < bytes; k++) length = length * 256 + der[start + k];
    start += bytes;
  }
  return start + length > der.length ? undefined : { tag, start, end: start + length };
}

/**
 * The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo (version, algorithm, OCTET STRING), or
 * the RSAPublicKey inside an SPKI (algorithm, BIT STRING).
 */
function rsaKeyInside(der: Buffer, isPrivate: boolean): Buffer | undefined {
  const outer = derItem(der, 0);
  if (!outer || outer.tag !== 0x30) return undefined;
  let at = outer.start;
  const skip = isPrivate ? 2 : 1; // version and algorithm, or the algorithm alone
  for (let k = 0; k < skip; k++) {
    const item = derItem(der, at);
    if (!item) return undefined;
    at = item.end;
  }
  const body = derItem(der, at);
  if (!body) return undefined;
  if (isPrivate) return body.tag === 0x04 ? der.subarray(body.start, body.end) : undefined;
  // A BIT STRING's first content byte counts unused bits: zero for a key.
  return body.tag === 0x03 && der[body.start] === 0 ? der.subarray(body.start + 1, body.end) : undefined;
}

function restrict(algorithms: readonly string[], alg: string | undefined): string[] {
  return alg ? algorithms.filter((candidate) => candidate === alg) : [...algorithms];
}

function ok(key: ImportedKey): KeyImportResult {
  return { ok: true, keys: [key] };
}

/** "RSA 2048", "EC P-256", "Ed25519", "HMAC 256-bit": how the key is shown to people. */
export function describeKey(key: Pick<ImportedKey, 'type' | 'curve' | 'bits'>): string {
  if (key.type === 'RSA') return `RSA ${key.bits ?? ''}`.trim();
  if (key.type === 'EC') return `EC ${key.curve ?? ''}`.trim();
  if (key.type === 'OKP') return key.curve ?? 'OKP';
  return `HMAC ${key.bits ?? 0}-bit`;
}

const FORM_NAMES: Record<KeyForm, string> = {
  pkcs8: 'PKCS#8 private key (PEM)',
  pkcs1: 'PKCS#1 RSA private key (PEM)',
  sec1: 'SEC1 EC private key (PEM)',
  spki: 'SPKI public key (PEM)',
  'pkcs1-public': 'PKCS#1 RSA public key (PEM)',
  x509: 'X.509 certificate (PEM)',
  jwk: 'JWK',
  jwks: 'JWKS',
  'hmac-text': 'HMAC secret (text)',
  'hmac-base64': 'HMAC secret (base64)',
};

/** "PKCS#1 RSA private key (PEM), base64-encoded": the detected form, for messages. */
export function describeForm(key: Pick<ImportedKey, 'form' | 'base64Wrapped'>): string {
  return FORM_NAMES[key.form] + (key.base64Wrapped ? ', base64-encoded' : '');
}

/**
 * The private key (or secret) as a JWK: the one form the key store keeps, since every key type
 * round-trips through it exactly. The `kid` and `alg` restriction travel with it.
 */
export function toStoredJwk(key: ImportedKey): JWK {
  const jwk = key.key.export({ format: 'jwk' }) as JWK;
  if (key.alg) jwk.alg = key.alg;
  return jwk;
}

export const GENERATED_KEY_KINDS = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'P-256', 'Ed25519', 'HMAC-256', 'HMAC-512'] as const;
export type GeneratedKeyKind = (typeof GENERATED_KEY_KINDS)[number];

/** A new key of the given kind, made by node:crypto. */
export async function generateSigningKey(kind: GeneratedKeyKind): Promise<ImportedKey> {
  const origin: Origin = { form: 'pkcs8', base64Wrapped: false };
  let key: KeyObject;
  if (kind.startsWith('RSA-')) {
    key = (await generateKeyPairAsync('rsa', { modulusLength: Number(kind.slice(4)) })).privateKey;
  } else if (kind === 'P-256') {
    key = (await generateKeyPairAsync('ec', { namedCurve: 'P-256' })).privateKey;
  } else if (kind === 'Ed25519') {
    key = (await generateKeyPairAsync('ed25519', {})).privateKey;
  } else {
    const secret = createSecretKey(randomBytes(Number(kind.slice(5)) / 8));
    const result = await fromKeyObject(secret, { form: 'hmac-base64', base64Wrapped: false });
    if (!result.ok) throw new Error(result.error.message);
    return result.keys[0];
  }
  const result = await fromKeyObject(key, origin);
  if (!result.ok) throw new Error(result.error.message);
  return result.keys[0];
}

/** The public half as SPKI PEM (undefined for HMAC secrets, which have none). */
export function publicKeyPem(jwk: JWK | undefined): string | undefined {
  if (!jwk) return undefined;
  return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * How a pasted HMAC secret should be read: 'text' when it cannot be base64 or reads like a typed
 * secret (words, hex), 'ask' when both readings are plausible: random-looking base64 of mixed case
 * and digits, as `openssl rand -base64` prints.
 */
export function secretEncodingGuess(input: string): 'text' | 'ask' {
  const text = input.trim();
  if (text.length < 16 || text.startsWith('LS0tLS1')) return 'text';
  const standard = /^[A-Za-z0-9+/]+={0,2}$/.test(text);
  const url = /^[A-Za-z0-9_-]+$/.test(text);
  if (!standard && !url) return 'text';
  if (text.replace(/=+$/, '').length % 4 === 1) return 'text';
  const mixed = /[A-Z]/.test(text) && /[a-z]/.test(text) && /[0-9]/.test(text);
  return mixed || /[+/]|=$/.test(text) ? 'ask' : 'text';
}
