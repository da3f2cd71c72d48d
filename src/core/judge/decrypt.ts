// JWE decryption with stored keys (jose's compactDecrypt): which keys can decrypt which key
// management algorithms, and the decrypted content as a token the verdict can judge (a nested JWS,
// or the claims themselves). Never throws: a key that does not open the token is simply not the one.
import { compactDecrypt } from 'jose';
import { decodeToken, isJsonObject, type DecodedToken } from '../token/decode';
import type { KeyMaterial } from '../keys/importKey';
import type { KeyType } from '../keys/algorithms';

/** What decryption needs of a stored key: its private material, read only when a JWE needs it. */
export interface DecryptionKey {
  readonly id: string;
  readonly label: string;
  readonly kid?: string;
  readonly material: KeyMaterial;
  readonly algorithms: readonly string[];
}

/** What a key is, as the key store's metadata says it (no secret read). */
export interface KeyShape {
  readonly type: KeyType;
  readonly isPrivate: boolean;
  /** RSA modulus or secret length, in bits. */
  readonly bits?: number;
  readonly curve?: string;
  /** A JWK's own alg: it restricts the key to that algorithm. */
  readonly alg?: string;
}

const AES_KW: Record<number, string[]> = {
  128: ['A128KW', 'A128GCMKW'],
  192: ['A192KW', 'A192GCMKW'],
  256: ['A256KW', 'A256GCMKW'],
};
const RSA_OAEP = ['RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'];
const ECDH = ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'];
const CONTENT_ENCRYPTION = ['A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'];
/** Secret lengths "dir" can use: the content encryption key is the secret itself. */
const DIR_BITS = [128, 192, 256, 384, 512];

/**
 * The JWE key management algorithms a key can decrypt (RFC 7518 §4): dir and AES key wrap for a
 * secret of the right length, RSA-OAEP for an RSA private key, ECDH-ES for an EC (or X25519) private
 * key. A JWK restricted to one algorithm decrypts only with that one; public keys decrypt nothing.
 */
export function decryptAlgorithms(key: KeyShape): string[] {
  if (!key.isPrivate) {
    return [];
  }
  let algorithms: string[] = [];
  if (key.type === 'oct' && key.bits !== undefined) {
    algorithms = [...(DIR_BITS.includes(key.bits) ? ['dir'] : []), ...(AES_KW[key.bits] ?? [])];
  } else if (key.type === 'RSA') {
    algorithms = RSA_OAEP;
  } else if (key.type === 'EC' || (key.type === 'OKP' && key.curve === 'X25519')) {
    algorithms = ECDH;
  }
  if (key.alg === undefined) {
    return algorithms;
  }
  // A dir key's JWK names its content encryption algorithm (RFC 7520 §5.6: "alg": "A128GCM").
  return CONTENT_ENCRYPTION.includes(key.alg) ? algorithms.filter((alg) => alg === 'dir') : algorithms.filter((alg) => alg === key.alg);
}

export interface Decrypted {
  /** The key that decrypted it, by label only. */
  readonly keyLabel: string;
  /** The plaintext as a token: a nested JWS (cty "JWT" or a compact JWS), or the claims themselves. */
  readonly decoded: DecodedToken;
}

/** Plaintexts larger than this are not kept (jose inflates nothing: "zip" is refused by default). */
const MAX_PLAINTEXT_CHARS = 1_000_000;

/**
 * The keys that may open a JWE, in the order to try them: those allowing its alg and, when it names
 * a kid, only those with that kid and then those stored without one. A key stored with another kid
 * is another recipient's: trying it would spend a private-key operation (milliseconds for RSA) on
 * a JWE that names someone else.
 */
export function decryptionCandidates(decoded: DecodedToken, keys: readonly DecryptionKey[]): DecryptionKey[] {
  const alg = decoded.header?.alg;
  if (decoded.kind !== 'jwe' || typeof alg !== 'string' || typeof decoded.header?.enc !== 'string') {
    return [];
  }
  const kid = typeof decoded.header.kid === 'string' ? decoded.header.kid : undefined;
  const able = keys.filter((key) => key.algorithms.includes(alg));
  if (kid === undefined) {
    return able;
  }
  return [...able.filter((key) => key.kid === kid), ...able.filter((key) => key.kid === undefined)];
}

/**
 * Decrypts a compact JWE with the first of its candidate keys (decryptionCandidates) that opens it.
 * Undefined when none does (or it is no JWE).
 */
export async function decryptToken(decoded: DecodedToken, keys: readonly DecryptionKey[]): Promise<Decrypted | undefined> {
  const alg = String(decoded.header?.alg);
  for (const key of decryptionCandidates(decoded, keys)) {
    try {
      const { plaintext } = await compactDecrypt(decoded.text, key.material, { keyManagementAlgorithms: [alg] });
      const text = new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
      if (text.length > MAX_PLAINTEXT_CHARS) {
        return undefined;
      }
      return { keyLabel: key.label, decoded: plaintextToken(decoded, text) };
    } catch {
      // Not this key (or not UTF-8): try the next.
    }
  }
  return undefined;
}

/** The decrypted plaintext as a token: a nested JWS when it is one, else the claims (or text) under the JWE's header. */
function plaintextToken(jwe: DecodedToken, text: string): DecodedToken {
  const cty = jwe.header?.cty;
  const looksCompact = /^[\w-]+\.[\w-]*\.[\w-]*$/.test(text.trim());
  if ((typeof cty === 'string' && cty.toUpperCase() === 'JWT') || looksCompact) {
    return decodeToken(text.trim(), Infinity, 1);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const header = { ...jwe.header };
  return isJsonObject(value)
    ? { kind: 'jws', text: '', parts: [], header, payload: value }
    : { kind: 'jws', text: '', parts: [], header, payloadText: text, notJwt: 'not a JWT (payload is not JSON)' };
}
