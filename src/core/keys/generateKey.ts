// New keys, made by Web Crypto through jose.
import { exportJWK, generateKeyPair } from 'jose';
import { fromJwk, fromSecret, type ImportedKey, type KeyImportResult } from './importKey';
import { EC_ALGORITHMS } from './algorithms';

export const GENERATED_KEY_KINDS = [
  'RSA-2048',
  'RSA-3072',
  'RSA-4096',
  'P-256',
  'P-384',
  'P-521',
  'Ed25519',
  'HMAC-256',
  'HMAC-512',
] as const;
export type GeneratedKeyKind = (typeof GENERATED_KEY_KINDS)[number];

/** A new key of the given kind, made by Web Crypto through jose. */
export async function generateSigningKey(kind: GeneratedKeyKind): Promise<ImportedKey> {
  let result: KeyImportResult;
  if (kind.startsWith('HMAC-')) {
    result = fromSecret(globalThis.crypto.getRandomValues(new Uint8Array(Number(kind.slice(5)) / 8)), {
      form: 'hmac-base64',
      base64Wrapped: false,
    });
  } else {
    const alg = kind.startsWith('RSA-') ? 'RS256' : kind.startsWith('P-') ? EC_ALGORITHMS[kind] : 'Ed25519';
    const options = kind.startsWith('RSA-') ? { modulusLength: Number(kind.slice(4)), extractable: true } : { extractable: true };
    const { privateKey } = await generateKeyPair(alg, options);
    result = await fromJwk(await exportJWK(privateKey), { form: 'pkcs8', base64Wrapped: false });
  }
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  return result.keys[0];
}
