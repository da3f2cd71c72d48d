// `npm run demo` (and F5 on sample/) start VS Code with JWT_LENS_DEMO_SECRET set, so the sample
// workspace opens ready: its tokens verify and its claims file signs. Only that variable seeds
// anything; a workspace cannot set it. The keys are labelled as demo keys, live in SecretStorage
// like any other, and the HMAC secret is the sample's public, documented one.
import * as vscode from 'vscode';
import { generateSigningKey } from '../core/keys/generateKey';
import { importKeyText } from '../core/keys/importKey';
import type { KeyStore } from '../services/keyStore';

export const DEMO_SECRET_VARIABLE = 'JWT_LENS_DEMO_SECRET';
/** The kids the sample workspace uses: its tokens' HMAC key and its claims file's Mux-style key. */
export const DEMO_HMAC_KID = 'demo-hs256';
export const DEMO_RSA_KID = 'mux-demo';

/**
 * The demo secret from the environment, where there is one: a web worker host (vscode.dev) has no
 * `process`, or a shim without `env`, and no demo.
 */
export function demoSecretFromEnvironment(): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[DEMO_SECRET_VARIABLE];
  return value && value.length > 0 ? value : undefined;
}

/** Adds the demo keys that are not stored yet; returns the labels added. */
export async function seedDemoKeys(store: KeyStore, secret: string, log: vscode.LogOutputChannel): Promise<string[]> {
  const added: string[] = [];
  const has = (kid: string) => store.list().some((key) => key.kid === kid);
  if (!has(DEMO_HMAC_KID)) {
    const result = await importKeyText(secret, { secretEncoding: 'text' });
    if (!result.ok) {
      log.warn(`The demo secret in ${DEMO_SECRET_VARIABLE} is not usable: ${result.error.code}.`);
    } else {
      const label = `${DEMO_HMAC_KID} (demo key)`;
      await store.add(result.keys[0], { label, kid: DEMO_HMAC_KID, source: 'pasted' });
      added.push(label);
    }
  }
  if (!has(DEMO_RSA_KID)) {
    const label = `${DEMO_RSA_KID} (demo key)`;
    await store.add(await generateSigningKey('RSA-2048'), { label, kid: DEMO_RSA_KID, source: 'generated', provider: 'mux' });
    added.push(label);
  }
  if (added.length > 0) {
    log.info(`Demo mode: added ${added.join(', ')}.`);
  }
  return added;
}
