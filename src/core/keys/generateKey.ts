// New keys, made by Web Crypto through jose (Ed448 by Web Crypto itself, where the runtime has it).
import { exportJWK, generateKeyPair, type GenerateKeyPairResult } from 'jose';
import { fromJwk, fromSecret, importRuntimeDependentJwk, type ImportedKey, type KeyImportResult } from './importKey';
import { EC_ALGORITHMS } from './algorithms';
import { runtimeSupports } from './runtimeSupport';

export const GENERATED_KEY_KINDS = [
  'RSA-2048',
  'RSA-3072',
  'RSA-4096',
  'P-256',
  'P-384',
  'P-521',
  'Ed25519',
  'Ed448',
  'HMAC-256',
  'HMAC-512',
] as const;
export type GeneratedKeyKind = (typeof GENERATED_KEY_KINDS)[number];

/** The kinds this runtime can make: Ed448 only where its Web Crypto has it. */
export async function availableKeyKinds(): Promise<GeneratedKeyKind[]> {
  const ed448 = await runtimeSupports('Ed448');
  return GENERATED_KEY_KINDS.filter((kind) => kind !== 'Ed448' || ed448);
}

/** A new key of the given kind, made by Web Crypto through jose. */
export async function generateSigningKey(kind: GeneratedKeyKind): Promise<ImportedKey> {
  let result: KeyImportResult;
  if (kind === 'Ed448') {
    if (!(await runtimeSupports('Ed448'))) {
      throw new Error("This runtime's Web Crypto has no Ed448: generate an Ed25519 key instead.");
    }
    const pair = (await globalThis.crypto.subtle.generateKey({ name: 'Ed448' }, true, ['sign', 'verify'])) as GenerateKeyPairResult;
    const jwk = { ...(await globalThis.crypto.subtle.exportKey('jwk', pair.privateKey)) };
    result = await importRuntimeDependentJwk(jwk, { form: 'pkcs8', base64Wrapped: false });
  } else if (kind.startsWith('HMAC-')) {
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
