// Every secret the integration suite hands the extension, so the hygiene test can look for each
// one everywhere VS Code and the extension write. Fragments are long enough never to match by chance.
import { createPrivateKey, createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';

// Each test file is bundled on its own, each with a copy of this module: the registry lives on
// globalThis so every copy in the extension host shares it.
const REGISTRY = Symbol.for('jwt-lens.test.used-secrets');
const holder = globalThis as { [REGISTRY]?: Set<string> };
const used: Set<string> = (holder[REGISTRY] ??= new Set<string>());
const KINDS = Symbol.for('jwt-lens.test.used-secret-kinds');
const kindHolder = globalThis as { [KINDS]?: Map<string, number> };
const kinds: Map<string, number> = (kindHolder[KINDS] ??= new Map<string, number>());

/**
 * Remembers a secret in each form it may leak: as given, its PEM body lines, its base64. `kind`
 * counts what sort of secret it is (the hygiene test checks each sort was searched for).
 */
export function rememberSecret(text: string, kind = 'key'): void {
  const trimmed = text.trim();
  if (trimmed.length < 12) {
    return;
  }
  kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  used.add(trimmed.slice(0, 64));
  used.add(Buffer.from(trimmed).toString('base64').slice(8, 72));
  for (const line of trimmed.split('\n')) {
    if (/^[A-Za-z0-9+/=]{40,}$/.test(line)) {
      used.add(line);
    }
  }
}

/** Remembers the private members of a key as a JWK (RSA d/p/q, EC/OKP d, oct k). */
export function rememberPrivateKey(material: KeyObject | JsonWebKey | Uint8Array): void {
  const key = asKeyObject(material);
  const jwk = key.export({ format: 'jwk' }) as Record<string, string>;
  for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
    if (typeof jwk[member] === 'string' && jwk[member].length >= 16) {
      used.add(jwk[member].slice(0, 40));
    }
  }
  if (key.type === 'private') {
    rememberSecret(key.export({ type: 'pkcs8', format: 'pem' }).toString());
  }
}

/** The extension holds keys as JWKs and secrets as bytes; node's KeyObject exports every form. */
function asKeyObject(material: KeyObject | JsonWebKey | Uint8Array): KeyObject {
  if (material instanceof Uint8Array) {
    return createSecretKey(material);
  }
  if (typeof (material as KeyObject).export === 'function') {
    return material as KeyObject;
  }
  const jwk = material as JsonWebKey;
  return jwk.d !== undefined ? createPrivateKey({ key: jwk, format: 'jwk' }) : createPublicKey({ key: jwk, format: 'jwk' });
}

/** How many secrets of each kind were remembered ("key", "access-token", "created-key"). */
export function usedSecretKinds(): ReadonlyMap<string, number> {
  return kinds;
}

export function usedSecrets(): string[] {
  return [...used];
}
