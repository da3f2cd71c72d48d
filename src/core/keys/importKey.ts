// Key import in every form users have: PEM (PKCS#8, PKCS#1, SEC1, SPKI, X.509), a PEM base64-encoded
// on one line, JWK, JWKS and HMAC secrets; the form detected, the public half and its JWK thumbprint.
// One crypto layer on Web Crypto through jose, so the engine runs on vscode.dev too: PEM bodies are
// read by der.ts (which wraps PKCS#1 and SEC1, neither of which jose reads, into PKCS#8 and SPKI),
// imported by jose and held as JWKs; HMAC secrets are held as bytes.
import { calculateJwkThumbprint, exportJWK, importJWK, importPKCS8, importSPKI, type JWK } from 'jose';
import { base64Bytes, base64Text, isBase64Text, utf8Bytes, utf8Text } from '../text/base64';
import { knownSecret } from './knownSecretList';
import type { Result } from '../text/result';
import { certificateSpki, keyInfo, pkcs1PrivateToPkcs8, pkcs1PublicToSpki, rsaPssAsRsa, sec1ToPkcs8, type KeyInfo } from '../text/der';
import {
  EC_ALGORITHMS,
  HMAC_ALGORITHMS,
  hmacMinimumBytes,
  keyTypeForAlgorithm,
  MIN_RSA_BITS,
  EDDSA_ALGORITHMS,
  restrictAlgorithms,
  RSA_ALGORITHMS,
  type KeyAlgorithms,
  type KeyType,
} from './algorithms';
import { isRuntimeDependent, runtimeSupports } from './runtimeSupport';
import { jwkThumbprint } from './thumbprint';

export type KeyForm = 'pkcs8' | 'pkcs1' | 'sec1' | 'spki' | 'pkcs1-public' | 'x509' | 'jwk' | 'jwks' | 'hmac-text' | 'hmac-base64';

/**
 * Key material as jose takes it: a JWK for RSA, EC and OKP keys (jose imports it to a CryptoKey once
 * per algorithm and caches it on the object), the secret's bytes for HMAC.
 */
export type KeyMaterial = JWK | Uint8Array;

export type KeyErrorCode =
  | 'ERR_KEY_EMPTY'
  | 'ERR_KEY_PEM'
  | 'ERR_KEY_ENCRYPTED'
  | 'ERR_KEY_JSON'
  | 'ERR_KEY_JWK'
  | 'ERR_KEY_UNSUPPORTED'
  | 'ERR_KEY_TOO_SMALL'
  | 'ERR_KEY_BASE64'
  | 'ERR_KEY_NOT_SIGNING'
  | 'ERR_KEY_KNOWN_SECRET';

export interface KeyError {
  readonly code: KeyErrorCode;
  readonly message: string;
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
  /** The private key (a private JWK), the public key (a public JWK) or the secret's bytes. */
  readonly material: KeyMaterial;
  /** What verifies: the public JWK, or the secret's bytes for HMAC. */
  readonly verifyMaterial: KeyMaterial;
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

export type KeyImportResult = Result<{ keys: readonly ImportedKey[] }, KeyError>;

export interface KeyImportOptions {
  /** How text that is not a PEM or JWK is read as an HMAC secret: its UTF-8 bytes, or base64(url). */
  readonly secretEncoding?: 'text' | 'base64';
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
    // Only the error's code: a crypto message could one day quote its input.
    const code = (error as { code?: unknown }).code;
    return keyError(
      'ERR_KEY_UNSUPPORTED',
      `This key could not be imported${typeof code === 'string' ? ` (${code})` : ''}. Use an RSA, EC (P-256/384/521) or Ed25519 key, a JWK, or an HMAC secret.`,
    );
  }
}

async function importKeyTextUnguarded(input: string, options: KeyImportOptions): Promise<KeyImportResult> {
  const text = input.trim();
  if (text.length === 0) {
    return keyError('ERR_KEY_EMPTY', 'No key: the text is empty. Paste a PEM, a JWK or JWKS, or a secret.');
  }
  if (text.startsWith('-----BEGIN')) {
    return importPem(normalisePem(text), false);
  }
  if (text.startsWith('{') || text.startsWith('[')) {
    return importJson(text);
  }
  const unwrapped = unwrapBase64Pem(text);
  if (unwrapped) {
    return importPem(unwrapped, true);
  }
  return importSecret(text, options.secretEncoding ?? 'text');
}

/**
 * Rebuilds a PEM whose line breaks were lost (pasted into a one-line input, or joined with spaces)
 * into the 64-column form OpenSSL reads. A PEM with its lines intact is returned as it is.
 */
export function normalisePem(pem: string): string {
  const match = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem.trim());
  if (!match || /\n[A-Za-z0-9+/=]{8,}\n/.test(match[2])) {
    return pem;
  }
  const body = match[2].replace(/\s+/g, '');
  return `-----BEGIN ${match[1]}-----\n${body.replace(/.{1,64}/g, '$&\n')}-----END ${match[1]}-----\n`;
}

/** A PEM that was base64-encoded as one line, or undefined when `text` is not that. */
function unwrapBase64Pem(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/=_\-\s]+$/.test(text) || !text.startsWith('LS0tLS1CRUdJT')) {
    return undefined;
  }
  const decoded = utf8Text(base64Bytes(text.replace(/\s+/g, '')))?.trim() ?? '';
  return decoded.startsWith('-----BEGIN') ? normalisePem(decoded) : undefined;
}

async function importPem(pem: string, base64Wrapped: boolean): Promise<KeyImportResult> {
  const label = /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1] ?? '';
  if (label.includes('ENCRYPTED')) {
    return keyError(
      'ERR_KEY_ENCRYPTED',
      'This PEM key is encrypted with a passphrase. Decrypt it first (openssl pkey -in key.pem -out plain.pem) and add the plain key.',
    );
  }
  const form = PEM_LABELS[label];
  if (!form) {
    return keyError(
      'ERR_KEY_PEM',
      `Unsupported PEM block "${label || 'unknown'}". Expected PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE.`,
    );
  }
  if (!new RegExp(`-----END ${label}-----`).test(pem)) {
    return keyError('ERR_KEY_PEM', `The PEM has no "-----END ${label}-----" line; it may be cut short.`);
  }
  // The first block only, as OpenSSL reads a file holding a key and its certificate.
  const body = (/-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END /.exec(pem)?.[1] ?? '').replace(/\s+/g, '');
  const damaged = keyError(
    'ERR_KEY_PEM',
    `Damaged ${label} PEM: its base64 body or structure could not be read. Copy the whole key again.`,
  );
  if (body.length === 0 || !isBase64Text(body)) {
    return damaged;
  }
  const der = base64Bytes(body.replace(/=+$/, ''));
  const isPrivate = form === 'pkcs8' || form === 'pkcs1' || form === 'sec1';
  const container =
    form === 'pkcs1'
      ? pkcs1PrivateToPkcs8(der)
      : form === 'sec1'
        ? sec1ToPkcs8(der)
        : form === 'pkcs1-public'
          ? pkcs1PublicToSpki(der)
          : form === 'x509'
            ? certificateSpki(der)
            : der;
  const info = container && keyInfo(container, isPrivate);
  if (!container || !info) {
    return damaged;
  }
  return importContainer(container, info, isPrivate, { form, base64Wrapped }, damaged);
}

/** The Web Crypto algorithm jose imports a key container under: any one its type allows. */
function importAlgorithm(info: KeyInfo): string | KeyImportResult {
  switch (info.algorithm) {
    case 'rsa':
      return 'RS256';
    case 'ec': {
      const alg = EC_ALGORITHMS[info.curve ?? ''];
      return (
        alg ??
        keyError(
          'ERR_KEY_UNSUPPORTED',
          `The EC curve ${shownName(info.curve ?? '') ?? 'unknown'} is not a JWS curve; use P-256, P-384 or P-521.`,
        )
      );
    }
    case 'ed25519':
      return 'Ed25519';
    default:
      return keyError(
        'ERR_KEY_UNSUPPORTED',
        `${shownName(info.algorithm) ?? 'This'} keys cannot sign JWTs here; use RSA, EC (P-256/384/521) or Ed25519.`,
      );
  }
}

/** Imports a PKCS#8 or SPKI container through jose and describes the key from its JWK. */
async function importContainer(
  der: Uint8Array,
  info: KeyInfo,
  isPrivate: boolean,
  origin: Origin,
  damaged: KeyImportResult,
): Promise<KeyImportResult> {
  if (info.algorithm === 'rsa-pss') {
    const alg = pssAlgorithm(info, origin.alg);
    if (typeof alg !== 'string') {
      return alg;
    }
    const rsa = rsaPssAsRsa(der, isPrivate);
    if (!rsa) {
      return refusePss('its DER structure could not be read.');
    }
    return importContainer(rsa, { algorithm: 'rsa' }, isPrivate, { ...origin, alg }, damaged);
  }
  if (info.algorithm === 'ed448') {
    return importEd448Container(der, isPrivate, origin, damaged);
  }
  const alg = importAlgorithm(info);
  if (typeof alg !== 'string') {
    return alg;
  }
  let jwk: JWK;
  try {
    const pem = `-----BEGIN ${isPrivate ? 'PRIVATE' : 'PUBLIC'} KEY-----\n${base64Text(der)}\n-----END ${isPrivate ? 'PRIVATE' : 'PUBLIC'} KEY-----`;
    const key = isPrivate ? await importPKCS8(pem, alg, { extractable: true }) : await importSPKI(pem, alg, { extractable: true });
    jwk = await exportJWK(key);
  } catch {
    return damaged;
  }
  return fromJwk(jwk, origin);
}

/** An Ed448 PKCS#8 or SPKI container, read by Web Crypto itself (jose has no Ed448), where it has Ed448. */
async function importEd448Container(
  der: Uint8Array,
  isPrivate: boolean,
  origin: Origin,
  damaged: KeyImportResult,
): Promise<KeyImportResult> {
  if (!(await runtimeSupports('Ed448'))) {
    return ed448Missing();
  }
  let jwk: Record<string, unknown>;
  try {
    const key = await globalThis.crypto.subtle.importKey(isPrivate ? 'pkcs8' : 'spki', der, { name: 'Ed448' }, true, [
      isPrivate ? 'sign' : 'verify',
    ]);
    jwk = { ...(await globalThis.crypto.subtle.exportKey('jwk', key)) };
  } catch {
    return damaged;
  }
  return importRuntimeDependentJwk(jwk, origin);
}

function ed448Missing(): KeyImportResult {
  return keyError('ERR_KEY_UNSUPPORTED', "This runtime's Web Crypto has no Ed448, so the key cannot be used here.");
}

const PSS_HASHES: Record<string, string> = { sha256: 'PS256', sha384: 'PS384', sha512: 'PS512' };

function refusePss(why: string): KeyImportResult {
  return keyError('ERR_KEY_UNSUPPORTED', `This RSA-PSS key cannot be used for JWS: ${why}`);
}

/**
 * The one PS algorithm an RSA-PSS key (OID id-RSASSA-PSS) allows: its parameters' hash, or PS256
 * when it names none. It is then kept as a plain RSA key restricted to that algorithm, so it is
 * stored, verified and signed with like any key and never with RS*.
 */
function pssAlgorithm(info: KeyInfo, restriction: string | undefined): string | KeyImportResult {
  const { hash, mgf1Hash, saltLength } = info.pss ?? {};
  const alg = hash === undefined ? 'PS256' : PSS_HASHES[hash];
  if (!alg) {
    return refusePss(`its hash ${shownName(hash ?? '') ?? 'unknown'} is not SHA-256, SHA-384 or SHA-512.`);
  }
  if (mgf1Hash !== undefined && hash !== undefined && mgf1Hash !== hash) {
    return refusePss(`its MGF1 hash ${shownName(mgf1Hash) ?? 'unknown'} differs from its hash ${hash}, and ${alg} uses one hash for both.`);
  }
  if (saltLength !== undefined && saltLength > Number(alg.slice(2)) / 8) {
    return refusePss(`its minimum salt of ${saltLength} bytes is longer than ${alg}'s.`);
  }
  if (restriction !== undefined && restriction !== alg) {
    return refusePss(`its parameters allow ${alg}, not ${restriction}.`);
  }
  return alg;
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
      if (result.ok) {
        keys.push(...result.keys);
      } else {
        problems.push(`key ${index + 1}: ${result.error.message}`);
      }
    }
    if (keys.length === 0) {
      return keyError(
        'ERR_KEY_JWK',
        problems.length ? `No usable signing key in the JWKS (${problems.join('; ')}).` : 'The JWKS has no keys.',
      );
    }
    return { ok: true, keys };
  }
  return importJwk(record, 'jwk');
}

/** " (line 3, column 12)" from a JSON.parse error that gives a position; numbers only, no text. */
function parseErrorPlace(text: string, error: unknown): string {
  const position = error instanceof SyntaxError ? /at position (\d+)/.exec(error.message)?.[1] : undefined;
  if (position === undefined) {
    return '';
  }
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

/** A JWK member's value in a message only when it is shaped like a name (RSA, ES256), never key text. */
function shownName(value: string): string | undefined {
  return /^[A-Za-z0-9-]{1,16}$/.test(value) ? value : undefined;
}

/**
 * One member of a JWKS's "keys", read exactly as a pasted JWKS's members are (the identity
 * provider's keys go through the same checks as stored keys).
 */
export function importJwksMember(value: unknown): Promise<KeyImportResult> {
  return importJwk(value, 'jwks');
}

async function importJwk(value: unknown, form: 'jwk' | 'jwks'): Promise<KeyImportResult> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return keyError('ERR_KEY_JWK', 'A JWK must be a JSON object.');
  }
  const jwk = value as JWK & { kid?: unknown; alg?: unknown; use?: unknown };
  if (typeof jwk.kty !== 'string') {
    return keyError('ERR_KEY_JWK', 'The JWK has no "kty" (key type): expected RSA, EC, OKP or oct.');
  }
  if (jwk.use === 'enc') {
    return keyError('ERR_KEY_NOT_SIGNING', 'The JWK is for encryption ("use": "enc"), not for signing tokens.');
  }
  const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
  const alg = typeof jwk.alg === 'string' ? jwk.alg : undefined;
  if (alg && !keyTypeForAlgorithm(alg)) {
    const name = shownName(alg);
    return keyError(
      'ERR_KEY_UNSUPPORTED',
      `The JWK's "alg"${name ? ` ${JSON.stringify(name)}` : ''} is not a JWS algorithm JWT Lens supports.`,
    );
  }
  const origin: Origin = { form, base64Wrapped: false, kid, alg };
  if (jwk.kty === 'AKP' || (jwk.kty === 'OKP' && jwk.crv === 'Ed448')) {
    return importRuntimeDependentJwk(jwk as unknown as Record<string, unknown>, origin);
  }
  if (jwk.kty === 'oct') {
    if (typeof jwk.k !== 'string') {
      return keyError('ERR_KEY_JWK', 'The oct JWK has no "k" (the secret).');
    }
    // Padding and the standard alphabet are let through, as node's decoder did before.
    if (!isBase64Text(jwk.k)) {
      return keyError('ERR_KEY_JWK', 'A member of the oct JWK is missing or not base64url, so it could not be read.');
    }
    return fromSecret(base64Bytes(jwk.k.replace(/=+$/, '')), origin);
  }
  // The kty is named only when it is one of ours: never echo key input.
  if (!['RSA', 'EC', 'OKP'].includes(jwk.kty)) {
    return keyError('ERR_KEY_JWK', 'The JWK\'s "kty" (key type) is not RSA, EC, OKP or oct.');
  }
  if (jwk.kty !== 'RSA' && typeof jwk.crv !== 'string') {
    return keyError('ERR_KEY_JWK', `A member of the ${jwk.kty} JWK is missing or not base64url, so it could not be read.`);
  }
  const importAs =
    jwk.kty === 'RSA'
      ? { algorithm: 'rsa' }
      : jwk.kty === 'EC'
        ? { algorithm: 'ec', curve: jwk.crv }
        : jwk.crv === 'Ed25519'
          ? { algorithm: 'ed25519' }
          : { algorithm: String(jwk.crv).toLowerCase() };
  const importWith = importAlgorithm(importAs);
  if (typeof importWith !== 'string') {
    return importWith;
  }
  let canonical: JWK;
  try {
    // Through Web Crypto and back: checks every member and keeps only the key's own.
    const { kid: _kid, alg: _alg, use: _use, key_ops: _ops, ext: _ext, ...members } = jwk;
    canonical = await exportJWK(await importJWK(members, importWith, { extractable: true }));
  } catch {
    return keyError('ERR_KEY_JWK', `A member of the ${jwk.kty} JWK is missing or not base64url, so it could not be read.`);
  }
  return fromJwk(canonical, origin);
}

/**
 * An ML-DSA (AKP) or Ed448 JWK: usable only where this runtime's Web Crypto has the algorithm, and
 * read by Web Crypto itself (jose has no Ed448). Both sign and verify; an Ed448 key allows EdDSA
 * (RFC 8037) and Ed448 (RFC 9864), never Ed25519.
 */
export async function importRuntimeDependentJwk(jwk: Record<string, unknown>, origin: Origin): Promise<KeyImportResult> {
  const akp = jwk.kty === 'AKP';
  const alg = akp ? jwk.alg : 'Ed448';
  if (typeof alg !== 'string' || !isRuntimeDependent(alg)) {
    return keyError('ERR_KEY_JWK', 'An AKP JWK needs an "alg" of ML-DSA-44, ML-DSA-65 or ML-DSA-87.');
  }
  if (!(await runtimeSupports(alg))) {
    return akp
      ? keyError('ERR_KEY_UNSUPPORTED', `This runtime's Web Crypto has no ${alg}, so the key cannot be used here.`)
      : ed448Missing();
  }
  const all = akp ? [alg] : [...EDDSA_ALGORITHMS.Ed448];
  const verify = restrictAlgorithms(all, origin.alg);
  if (verify.length === 0) {
    return keyError('ERR_KEY_UNSUPPORTED', `This ${alg} key cannot be used with its JWK "alg" ${origin.alg}.`);
  }
  const publicJwk = (akp ? { kty: 'AKP', alg, pub: jwk.pub } : { kty: 'OKP', crv: 'Ed448', x: jwk.x }) as JWK;
  const isPrivate = typeof jwk.priv === 'string' || typeof jwk.d === 'string';
  // Only the key's own members are kept, and a private half is read too, so a key that would fail
  // to sign is refused here rather than at its first signing.
  const privateJwk = (akp ? { ...publicJwk, priv: jwk.priv } : { ...publicJwk, d: jwk.d }) as JWK;
  try {
    await globalThis.crypto.subtle.importKey('jwk', { ...publicJwk }, { name: alg }, false, ['verify']);
    if (isPrivate) {
      await globalThis.crypto.subtle.importKey('jwk', { ...privateJwk }, { name: alg }, false, ['sign']);
    }
  } catch {
    return keyError('ERR_KEY_JWK', `A member of the ${alg} JWK is missing or not base64url, so it could not be read.`);
  }
  return ok({
    ...origin,
    type: akp ? 'AKP' : 'OKP',
    curve: alg,
    isPrivate,
    material: isPrivate ? privateJwk : publicJwk,
    verifyMaterial: publicJwk,
    publicJwk,
    thumbprint: jwkThumbprint(publicJwk),
    algorithms: { sign: isPrivate ? verify : [], verify },
  });
}

async function importSecret(text: string, encoding: 'text' | 'base64'): Promise<KeyImportResult> {
  let bytes: Uint8Array;
  if (encoding === 'base64') {
    const compact = text.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
      return keyError('ERR_KEY_BASE64', 'The secret is not base64 or base64url. Add it as text instead, or check what was copied.');
    }
    bytes = base64Bytes(compact.replace(/=+$/, ''));
  } else {
    bytes = utf8Bytes(text);
  }
  return fromSecret(bytes, { form: encoding === 'base64' ? 'hmac-base64' : 'hmac-text', base64Wrapped: false });
}

export interface Origin {
  readonly form: KeyForm;
  readonly base64Wrapped: boolean;
  readonly kid?: string;
  readonly alg?: string;
}

/** Describes an HMAC secret: its size and the HS* algorithms it may verify and sign. */
export function fromSecret(bytes: Uint8Array, origin: Origin): KeyImportResult {
  if (bytes.length === 0) {
    return keyError('ERR_KEY_EMPTY', 'The HMAC secret is empty.');
  }
  // Refused outright, not kept to verify: a token it verifies proves nothing, and a stored key that
  // signs nothing would still read as trusted. The judge flags such tokens without any stored key.
  const text = utf8Text(bytes);
  const known = text === undefined ? undefined : knownSecret(text);
  if (known) {
    return keyError(
      'ERR_KEY_KNOWN_SECRET',
      `Refused: this secret is publicly known (entry ${known.entry} of JWT Lens's known-secrets list, from ${known.source}), so anyone can forge tokens signed with it. Generate a new random secret.`,
    );
  }
  const verify = restrictAlgorithms(HMAC_ALGORITHMS, origin.alg);
  if (verify.length === 0) {
    return keyError('ERR_KEY_UNSUPPORTED', `An HMAC secret cannot be used with "alg" ${origin.alg}.`);
  }
  const sign = verify.filter((alg) => bytes.length >= hmacMinimumBytes(alg));
  return ok({
    ...origin,
    type: 'oct',
    bits: bytes.length * 8,
    isPrivate: true,
    material: bytes,
    verifyMaterial: bytes,
    algorithms: { sign, verify },
  });
}

/** Bits of an RSA modulus given as base64url. */
function modulusBits(n: string | undefined): number {
  const bytes = base64Bytes(n ?? '');
  let first = 0;
  while (first < bytes.length && bytes[first] === 0) {
    first++;
  }
  if (first === bytes.length) {
    return 0;
  }
  return (bytes.length - first - 1) * 8 + (32 - Math.clz32(bytes[first]));
}

const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  RSA: ['kty', 'n', 'e'],
  EC: ['kty', 'crv', 'x', 'y'],
  OKP: ['kty', 'crv', 'x'],
  AKP: ['kty', 'alg', 'pub'],
};

/** The public members of a JWK, in RFC 7638's set: what verifies and what is shown. */
export function publicPart(jwk: JWK): JWK {
  const members: Record<string, unknown> = {};
  for (const name of PUBLIC_MEMBERS[jwk.kty ?? ''] ?? []) {
    members[name] = (jwk as Record<string, unknown>)[name];
  }
  return members as JWK;
}

/** Describes an RSA, EC or Ed25519 key (a private or public JWK, already read by Web Crypto). */
export async function fromJwk(jwk: JWK, origin: Origin): Promise<KeyImportResult> {
  let type: KeyType;
  let curve: string | undefined;
  let bits: number | undefined;
  let all: string[];
  if (jwk.kty === 'RSA') {
    type = 'RSA';
    bits = modulusBits(jwk.n);
    if (bits < MIN_RSA_BITS) {
      return keyError(
        'ERR_KEY_TOO_SMALL',
        `The RSA key is ${bits} bits; JWS needs ${MIN_RSA_BITS} bits or more (RFC 7518 §3.3). Generate a new key.`,
      );
    }
    all = RSA_ALGORITHMS;
  } else if (jwk.kty === 'EC' && EC_ALGORITHMS[jwk.crv ?? '']) {
    type = 'EC';
    curve = jwk.crv;
    all = [EC_ALGORITHMS[jwk.crv ?? '']];
  } else if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    type = 'OKP';
    curve = 'Ed25519';
    all = [...EDDSA_ALGORITHMS.Ed25519];
  } else {
    return keyError('ERR_KEY_UNSUPPORTED', 'This key cannot sign JWTs here; use RSA, EC (P-256/384/521) or Ed25519.');
  }
  const verify = restrictAlgorithms(all, origin.alg);
  if (verify.length === 0) {
    return keyError('ERR_KEY_UNSUPPORTED', `This ${type} key cannot be used with its JWK "alg" ${origin.alg}.`);
  }
  const isPrivate = typeof jwk.d === 'string';
  // Separate objects: jose freezes a JWK it is handed and caches its CryptoKeys on it.
  const publicJwk = publicPart(jwk);
  const thumbprint = await calculateJwkThumbprint(publicJwk, 'sha256');
  return ok({
    ...origin,
    type,
    curve,
    bits,
    isPrivate,
    material: isPrivate ? jwk : publicPart(jwk),
    verifyMaterial: publicPart(jwk),
    publicJwk,
    thumbprint,
    algorithms: { sign: isPrivate ? verify : [], verify },
  });
}

function ok(key: ImportedKey): KeyImportResult {
  return { ok: true, keys: [key] };
}

/**
 * How a pasted HMAC secret should be read: 'text' when it cannot be base64 or reads like a typed
 * secret (words, hex), 'ask' when both readings are plausible: random-looking base64 of mixed case
 * and digits, as `openssl rand -base64` prints.
 */
export function secretEncodingGuess(input: string): 'text' | 'ask' {
  const text = input.trim();
  if (text.length < 16 || text.startsWith('LS0tLS1')) {
    return 'text';
  }
  const standard = /^[A-Za-z0-9+/]+={0,2}$/.test(text);
  const url = /^[A-Za-z0-9_-]+$/.test(text);
  if (!standard && !url) {
    return 'text';
  }
  if (text.replace(/=+$/, '').length % 4 === 1) {
    return 'text';
  }
  const mixed = /[A-Z]/.test(text) && /[a-z]/.test(text) && /[0-9]/.test(text);
  return mixed || /[+/]|=$/.test(text) ? 'ask' : 'text';
}
