// Builds tokens for tests: signed with the test keys, or assembled by hand to be broken on purpose.
import { decodeToken, type DecodedToken } from '../../src/core/token/decode';
import { importKeyText, type ImportedKey } from '../../src/core/keys/importKey';
import { signToken, type KidPlacement } from '../../src/core/sign/sign';
import type { VerificationKey } from '../../src/core/judge/verify';

export const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** header.payload.signature from parts given as objects or raw strings. */
export function assemble(header: unknown, payload: unknown, signature = 'c2ln'): string {
  return `${b64(header)}.${b64(payload)}.${signature}`;
}

export async function importedKey(text: string): Promise<ImportedKey> {
  const result = await importKeyText(text);
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  return result.keys[0];
}

/** A key-store-like verification key from key text. */
export async function verificationKey(text: string, label: string, kid?: string): Promise<VerificationKey> {
  const result = await importKeyText(text);
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  // From a JWKS, the member with that kid.
  const key = result.keys.find((candidate) => kid !== undefined && candidate.kid === kid) ?? result.keys[0];
  return {
    id: label,
    label,
    kid: kid ?? key.kid,
    type: key.type,
    verifyKey: key.verifyMaterial,
    verifyAlgorithms: key.algorithms.verify,
    secretBytes: key.type === 'oct' ? (key.bits ?? 0) / 8 : undefined,
  };
}

export async function signWith(
  text: string,
  payload: Record<string, unknown>,
  alg: string,
  options: { kid?: string; kidIn?: KidPlacement; header?: Record<string, unknown> } = {},
): Promise<string> {
  const key = await importedKey(text);
  const result = await signToken({ payload, alg, key: { ...key, label: 'test' }, ...options });
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  return result.jwt;
}

export function decoded(token: string): DecodedToken {
  return decodeToken(token);
}
