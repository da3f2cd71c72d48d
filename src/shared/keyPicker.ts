// Choosing a stored key, and the way out when none fits: pick lists of the keys able to do the job,
// and buttons that add or generate one. Signing, verifying and re-signing all choose keys this way.
import * as vscode from 'vscode';
import { playbackPlatform } from '../core/judge/platforms';
import type { DecodedToken } from '../core/token/decode';
import { describeKey } from '../core/keys/describeKey';
import { keyTypeForAlgorithm } from '../core/keys/algorithms';
import { type GeneratedKeyKind } from '../core/keys/generateKey';
import { JwtLensError, missingSecret, type ErrorAction } from '../util/errors';
import type { KeyPlatform, KeyStore, StoredKey } from '../services/keyStore';
import { PROVIDER_NAMES } from '../core/providers/providerApi';

import { COMMANDS } from '../util/commandIds';
/** A key named by id/label/kid, or a Keys view element. */
export type KeyArgument = string | { readonly id: string };

/** An action that makes a dead end passable: a command with its arguments, as a message button. */
export type KeyFix = ErrorAction;

const KIND_NAMES: Partial<Record<GeneratedKeyKind, string>> = {
  'RSA-2048': 'RSA',
  'P-256': 'P-256',
  'P-384': 'P-384',
  'P-521': 'P-521',
  Ed25519: 'Ed25519',
  'HMAC-256': 'HMAC',
  'HMAC-512': 'HMAC-512',
};
export const FIX_ADD = (kid?: string, label?: string): KeyFix => ({
  title: 'Add Signing Key',
  command: COMMANDS.addKey,
  args: { kid, label },
});
export const FIX_GENERATE = (kind: GeneratedKeyKind, kid?: string): KeyFix => ({
  title: `Generate ${KIND_NAMES[kind] ?? kind} Key`,
  command: COMMANDS.generateKey,
  args: { kind, kid },
});
export const FIX_MUX = (kid?: string): KeyFix => ({ title: 'Add Mux Key', command: COMMANDS.addMuxKey, args: { kid } });

/** The actions that give a key for `alg` (and `kid`, when a token names one). */
export function fixesFor(alg: string | undefined, kid?: string): KeyFix[] {
  switch (alg === undefined ? undefined : keyTypeForAlgorithm(alg)) {
    case 'RSA':
      return [FIX_GENERATE('RSA-2048', kid), FIX_MUX(kid), FIX_ADD(kid)];
    case 'EC':
      return [FIX_GENERATE(alg === 'ES384' ? 'P-384' : alg === 'ES512' ? 'P-521' : 'P-256', kid), FIX_ADD(kid)];
    case 'OKP':
      return alg === 'Ed448' ? [FIX_ADD(kid)] : [FIX_GENERATE('Ed25519', kid), FIX_ADD(kid)];
    case 'AKP':
      return [FIX_ADD(kid)];
    case 'oct':
      return [FIX_GENERATE(alg === 'HS256' ? 'HMAC-256' : 'HMAC-512', kid), FIX_ADD(kid)];
    default:
      return [FIX_ADD(kid), FIX_GENERATE('RSA-2048', kid)];
  }
}

/**
 * The command that adds the key a token names: Add Mux / FastPix Signing Key for a kid in the
 * claims of a Mux or FastPix token (their SDKs put it there), else Add Signing Key; the kid pre-filled.
 */
export function addKeyCommandFor(decoded: DecodedToken, kid: string): { command: string; arguments: [object] } {
  const inPayloadOnly = decoded.header?.kid === undefined && decoded.payload?.kid === kid;
  if (inPayloadOnly && decoded.payload && playbackPlatform(decoded.payload) === 'FastPix') {
    return { command: COMMANDS.addFastPixKey, arguments: [{ kid }] };
  }
  if (inPayloadOnly) {
    return { command: COMMANDS.addMuxKey, arguments: [{ kid }] };
  }
  return { command: COMMANDS.addKey, arguments: [{ kid }] };
}

/** Why no key fits, with the buttons that fix it (the command table shows it). */
export function noSuitableKey(message: string, fixes: readonly KeyFix[]): JwtLensError {
  return new JwtLensError('ERR_NO_SUITABLE_KEY', message, { actions: fixes });
}

/** A listed key whose secret is gone, with the button that restores it. */
export function secretMissing(key: StoredKey): JwtLensError {
  return missingSecret(key.label, [{ title: 'Restore Key', command: COMMANDS.restoreKey, args: key.id }]);
}

/** The stored key an argument names; a failure saying so when none has that label, kid or id. */
export function namedKey(store: KeyStore, reference: KeyArgument): StoredKey {
  const key = store.resolve(reference);
  if (!key) {
    const name = typeof reference === 'string' ? reference : reference.id;
    throw new JwtLensError('ERR_KEY_NOT_FOUND', `No stored key named ${name}.`, { actions: [FIX_ADD()] });
  }
  return key;
}

/**
 * A quick pick of the stored keys able to do the job (`filter`), the preferred ones (a token's kid)
 * then the last used first; undefined when the pick is cancelled. When none can, throws why, with
 * the actions that fix it.
 */
export async function pickKey(
  store: KeyStore,
  title: string,
  filter: (key: StoredKey) => boolean = () => true,
  none: { message: string; fixes: readonly KeyFix[] } = {
    message: 'No suitable key is stored yet.',
    fixes: [FIX_ADD(), FIX_GENERATE('RSA-2048')],
  },
  preferred: (key: StoredKey) => boolean = () => false,
): Promise<StoredKey | undefined> {
  const keys = store.list().filter(filter);
  if (keys.length === 0) {
    throw noSuitableKey(none.message, none.fixes);
  }
  return pickFrom(keys, title, preferred);
}

/** Why no stored key can sign `alg` (or sign at all), with the buttons that add or generate one. */
export function noSigner(alg?: string): JwtLensError {
  return noSuitableKey(alg ? `No stored key can sign ${alg}.` : 'No stored key can sign yet.', fixesFor(alg ?? 'RS256'));
}

/**
 * "Choose a key that can sign `alg`" (any algorithm, without one): the stored signers offered, the
 * keys of `platform` first (a Mux claims file: the account's Mux keys above unrelated RSA keys), then
 * last used first; undefined when the pick is cancelled; `noSigner` when none can.
 */
export async function pickSigner(
  store: KeyStore,
  alg?: string,
  options: {
    /** Its keys are listed first (a Mux claims file: the account's Mux keys above unrelated RSA keys). */
    readonly platform?: KeyPlatform;
    /** Only keys with a kid; with none among the signers, this is thrown. */
    readonly kidRequired?: JwtLensError;
    /** Only keys this accepts (re-signing: keys the token verifies with); with none, this is thrown. */
    readonly only?: { readonly accepts: (key: StoredKey) => Promise<boolean>; readonly none: JwtLensError };
  } = {},
): Promise<StoredKey | undefined> {
  const signers = store.signers({ alg });
  if (signers.length === 0) {
    throw noSigner(alg);
  }
  let keys = options.kidRequired ? signers.filter((key) => key.kid) : signers;
  if (keys.length === 0) {
    throw options.kidRequired;
  }
  if (options.only) {
    const accepted = await Promise.all(keys.map((key) => options.only!.accepts(key)));
    keys = keys.filter((_, index) => accepted[index]);
    if (keys.length === 0) {
      throw options.only.none;
    }
  }
  return pickFrom(
    keys,
    alg ? `Sign ${alg} with which key?` : 'Sign with which key?',
    (key) => options.platform !== undefined && key.provider === options.platform,
  );
}

async function pickFrom(
  candidates: readonly StoredKey[],
  title: string,
  preferred: (key: StoredKey) => boolean = () => false,
): Promise<StoredKey | undefined> {
  const keys = [...candidates].sort((a, b) => Number(preferred(b)) - Number(preferred(a)) || (b.lastUsed ?? 0) - (a.lastUsed ?? 0));
  const picked = await vscode.window.showQuickPick(
    keys.map((key) => ({
      label: `$(${key.isPrivate ? 'key' : 'unlock'}) ${key.label}`,
      description: [
        key.provider === 'other' ? undefined : `${PROVIDER_NAMES[key.provider]} key`,
        key.kid && !key.label.includes(key.kid) ? `kid ${key.kid}` : undefined,
        describeKey(key),
        key.isPrivate ? undefined : 'public only',
      ]
        .filter(Boolean)
        .join(' · '),
      key,
    })),
    { title, matchOnDescription: true },
  );
  return picked?.key;
}
