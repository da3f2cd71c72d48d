// Signing keys: material only in SecretStorage (one entry per key, as a JWK); metadata (label, kid,
// type, public JWK, thumbprint, provenance) in globalState so listing never reads a secret. Keys are
// the user's, in every workspace; changes in another window arrive through secrets.onDidChange.
import type { JWK } from 'jose';
import * as vscode from 'vscode';
import { importKeyText, type ImportedKey, type KeyForm, type KeyMaterial } from '../core/keys/importKey';
import { toStoredJwk } from '../core/keys/exportKey';
import { type KeyAlgorithms, type KeyType } from '../core/keys/algorithms';
import { decryptAlgorithms, type DecryptionKey } from '../core/judge/decrypt';
import { secretKeyCheck } from '../core/keys/secretCheck';
import { JwtLensError } from '../util/errors';
import { canSign, type SigningKey } from '../core/sign/sign';
import type { VerificationKey } from '../core/judge/verify';
import type { AccountProvider } from '../core/providers/providerApi';
import { disposeAll } from '../util/disposables';

/** The platform a key belongs to: Mux and FastPix keys get their own names and claims. */
export type KeyPlatform = AccountProvider | 'other';
/** How a key arrived; 'created': made through a connected Mux or FastPix account, its private key never shown. */
export type KeyOrigin = 'pasted' | 'file' | 'generated' | 'created';

/** What is known of a key without reading its secret. Never holds private material. */
export interface StoredKey {
  readonly id: string;
  readonly label: string;
  readonly kid?: string;
  readonly type: KeyType;
  readonly curve?: string;
  readonly bits?: number;
  readonly isPrivate: boolean;
  readonly form: KeyForm;
  readonly base64Wrapped: boolean;
  readonly publicJwk?: JWK;
  readonly thumbprint?: string;
  /** For HMAC secrets: a keyed check value (core/keys/secretCheck.ts), so a restore can tell the same secret. */
  readonly secretCheck?: string;
  readonly alg?: string;
  readonly algorithms: KeyAlgorithms;
  readonly created: string;
  readonly source: KeyOrigin;
  readonly provider: KeyPlatform;
  /** Epoch ms of the last signing, for "last used first". */
  readonly lastUsed?: number;
  /** When the provider revoked it (ISO time): it still verifies the tokens it signed, and never signs again. */
  readonly revoked?: string;
}

export interface NewKeyDetails {
  readonly label: string;
  readonly kid?: string;
  readonly source: KeyOrigin;
  readonly provider?: KeyPlatform;
}

/** SecretStorage failed (no keyring, locked keychain): the message says what to do. */
export class KeyStoreError extends JwtLensError {
  override readonly name = 'KeyStoreError';
  constructor(action: string, cause: unknown) {
    super(
      'ERR_SECRET_STORAGE',
      `Could not ${action}: VS Code's secret storage (the OS keychain) is not available. ` +
        'On Linux, install and unlock a keyring such as gnome-keyring or KWallet, or start VS Code with --password-store=basic.',
      { cause },
    );
  }
}

const METADATA_KEY = 'jwtLens.keys';
const SECRET_PREFIX = 'jwtLens.key.';

export class KeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private verificationCache: Promise<VerificationKey[]> | undefined;
  private decryptionCache: Promise<DecryptionKey[]> | undefined;
  /** Keys read from SecretStorage this session, as key objects (never as text); dropped on any change. */
  private readonly loaded = new Map<string, ImportedKey>();
  /** Ids whose secret was found missing (another machine, a wiped keychain). */
  private readonly missing = new Set<string>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      this.changed,
      secrets.onDidChange((event) => {
        if (event.key.startsWith(SECRET_PREFIX)) {
          this.fireChanged();
        }
      }),
    ];
  }

  list(): StoredKey[] {
    return [...(this.state.get<StoredKey[]>(METADATA_KEY) ?? [])];
  }

  get(id: string): StoredKey | undefined {
    return this.list().find((key) => key.id === id);
  }

  /** A key by label, kid or id, as claims files and command arguments name them. */
  find(name: string): StoredKey | undefined {
    const keys = this.list();
    return keys.find((key) => key.id === name) ?? keys.find((key) => key.label === name) ?? keys.find((key) => key.kid === name);
  }

  /** A key named by label, kid or id, or given as a Keys view element (anything with an id). */
  resolve(reference: string | { readonly id: string }): StoredKey | undefined {
    return typeof reference === 'string' ? this.find(reference) : this.get(reference.id);
  }

  isMissing(id: string): boolean {
    return this.missing.has(id);
  }

  async add(key: ImportedKey, details: NewKeyDetails): Promise<StoredKey> {
    const stored: StoredKey = {
      id: globalThis.crypto.randomUUID(),
      label: details.label,
      kid: details.kid,
      type: key.type,
      curve: key.curve,
      bits: key.bits,
      isPrivate: key.isPrivate,
      form: key.form,
      base64Wrapped: key.base64Wrapped,
      publicJwk: key.publicJwk,
      thumbprint: key.thumbprint,
      secretCheck: key.material instanceof Uint8Array ? await secretKeyCheck(key.material) : undefined,
      alg: key.alg,
      algorithms: key.algorithms,
      created: new Date().toISOString(),
      source: details.source,
      provider: details.provider ?? 'other',
    };
    await this.writeSecret(stored.id, JSON.stringify(toStoredJwk(key)), 'save the key');
    await this.state.update(METADATA_KEY, [...this.list(), stored]);
    this.log.info(`Added key ${stored.label} (${stored.type}, ${stored.isPrivate ? 'private' : 'public-only'}).`);
    this.fireChanged();
    return stored;
  }

  async rename(id: string, label: string): Promise<StoredKey | undefined> {
    return this.updateMetadata(id, { label });
  }

  async setKid(id: string, kid: string): Promise<StoredKey | undefined> {
    return this.updateMetadata(id, { kid });
  }

  /** Marks the keys of `provider` with this kid revoked at the provider; returns how many were marked. */
  async markRevoked(provider: KeyPlatform, kid: string): Promise<number> {
    const revoked = new Date().toISOString();
    let marked = 0;
    const keys = this.list().map((key) => {
      if (key.provider !== provider || key.kid !== kid || key.revoked) {
        return key;
      }
      marked++;
      return { ...key, revoked };
    });
    if (marked > 0) {
      await this.state.update(METADATA_KEY, keys);
      this.log.info(`Marked ${marked} stored key${marked === 1 ? '' : 's'} revoked.`);
      this.fireChanged();
    }
    return marked;
  }

  /** Records a signing for "last used first"; at most once a minute per key (a globalState write each time is wasted IPC). */
  async markUsed(id: string): Promise<void> {
    const now = Date.now();
    if (now - (this.get(id)?.lastUsed ?? 0) < 60_000) {
      return;
    }
    await this.updateMetadata(id, { lastUsed: now }, false);
  }

  async delete(id: string): Promise<boolean> {
    const key = this.get(id);
    if (!key) {
      return false;
    }
    try {
      await this.secrets.delete(SECRET_PREFIX + id);
    } catch (cause) {
      throw new KeyStoreError('delete the key', cause);
    }
    await this.state.update(
      METADATA_KEY,
      this.list().filter((candidate) => candidate.id !== id),
    );
    this.missing.delete(id);
    this.loaded.delete(id);
    this.log.info(`Deleted key ${key.label}.`);
    this.fireChanged();
    return true;
  }

  /** The key with its material, read from SecretStorage; undefined when its secret is gone. */
  async load(id: string): Promise<ImportedKey | undefined> {
    const cached = this.loaded.get(id);
    if (cached) {
      return cached;
    }
    let secret: string | undefined;
    try {
      secret = await this.secrets.get(SECRET_PREFIX + id);
    } catch (cause) {
      throw new KeyStoreError('read the key', cause);
    }
    if (secret === undefined) {
      if (!this.missing.has(id)) {
        this.missing.add(id);
        this.log.warn(`The secret of key ${this.get(id)?.label ?? id} is missing from secret storage.`);
        this.changed.fire();
      }
      return undefined;
    }
    this.missing.delete(id);
    const result = await importKeyText(secret);
    if (!result.ok) {
      return undefined;
    }
    const key = result.keys[0];
    const stored = this.get(id);
    // A key deleted while its secret was being read is not kept in memory.
    if (!stored) {
      return key;
    }
    this.loaded.set(id, key);
    // HMAC keys stored before check values were kept get theirs the first time the secret is read.
    if (stored.type === 'oct' && stored.secretCheck === undefined && key.material instanceof Uint8Array) {
      await this.updateMetadata(id, { secretCheck: await secretKeyCheck(key.material) }, false);
    }
    return key;
  }

  /**
   * The stored keys that can sign `alg` (anything, without one), carrying `kid` when one is given,
   * whose secrets are not known to be missing: the one query for signers.
   */
  signers(filter: { readonly alg?: string; readonly kid?: string } = {}): StoredKey[] {
    return this.list().filter(
      (key) => !this.missing.has(key.id) && (filter.kid === undefined || key.kid === filter.kid) && canSign(key, filter.alg),
    );
  }

  /** The key ready for signing (material read from SecretStorage), or undefined when its secret is gone. */
  async signingKey(id: string): Promise<SigningKey | undefined> {
    const stored = this.get(id);
    const loaded = stored && (await this.load(id));
    return loaded && { ...loaded, label: stored.label, revoked: stored.revoked };
  }

  /** Checks which keys' secrets are present (for the Keys view); reads nothing else. */
  async checkAvailability(): Promise<void> {
    for (const key of this.list()) {
      try {
        await this.load(key.id);
      } catch {
        // Secret storage itself is down: reported where a command needs it.
        return;
      }
    }
  }

  /**
   * Keys for verification. Public halves come from metadata (no secret read); HMAC secrets are read
   * once, when a token first needs verifying, and cached until the keys change.
   */
  verificationKeys(): Promise<VerificationKey[]> {
    this.verificationCache ??= this.buildVerificationKeys().catch((error: unknown) => {
      this.log.warn(
        `Keys for verification are unavailable: ${error instanceof KeyStoreError ? 'secret storage failed' : 'unknown error'}.`,
      );
      this.verificationCache = undefined;
      return [];
    });
    return this.verificationCache;
  }

  /**
   * Keys that can decrypt a JWE, with their private material: read from SecretStorage only when a
   * JWE first needs them, and cached until the keys change.
   */
  decryptionKeys(): Promise<DecryptionKey[]> {
    this.decryptionCache ??= this.buildDecryptionKeys().catch(() => {
      this.log.warn('Keys for decryption are unavailable: secret storage failed.');
      this.decryptionCache = undefined;
      return [];
    });
    return this.decryptionCache;
  }

  private async buildDecryptionKeys(): Promise<DecryptionKey[]> {
    const keys: DecryptionKey[] = [];
    for (const stored of this.list()) {
      const algorithms = decryptAlgorithms(stored);
      const loaded = algorithms.length > 0 ? await this.load(stored.id) : undefined;
      if (loaded) {
        keys.push({ id: stored.id, label: stored.label, kid: stored.kid, material: loaded.material, algorithms });
      }
    }
    return keys;
  }

  private async buildVerificationKeys(): Promise<VerificationKey[]> {
    const keys: VerificationKey[] = [];
    for (const stored of this.list()) {
      let verifyKey: KeyMaterial | undefined;
      if (stored.publicJwk) {
        // A copy: jose freezes the JWK it verifies with and caches its CryptoKeys on it.
        verifyKey = { ...stored.publicJwk };
      } else {
        verifyKey = (await this.load(stored.id))?.verifyMaterial;
      }
      if (!verifyKey) {
        continue;
      }
      keys.push({
        id: stored.id,
        // Kept to verify what it signed: the verdict says the signer is revoked.
        label: stored.revoked ? `${stored.label} (revoked)` : stored.label,
        kid: stored.kid,
        type: stored.type,
        verifyKey,
        verifyAlgorithms: stored.algorithms.verify,
        secretBytes: stored.type === 'oct' ? (stored.bits ?? 0) / 8 : undefined,
      });
    }
    return keys;
  }

  private async writeSecret(id: string, value: string, action: string): Promise<void> {
    try {
      await this.secrets.store(SECRET_PREFIX + id, value);
    } catch (cause) {
      throw new KeyStoreError(action, cause);
    }
  }

  private async updateMetadata(id: string, change: Partial<StoredKey>, notify = true): Promise<StoredKey | undefined> {
    let updated: StoredKey | undefined;
    const keys = this.list().map((key) => (key.id === id ? (updated = { ...key, ...change }) : key));
    if (!updated) {
      return undefined;
    }
    await this.state.update(METADATA_KEY, keys);
    if (notify) {
      this.fireChanged();
    }
    return updated;
  }

  private fireChanged(): void {
    this.verificationCache = undefined;
    this.decryptionCache = undefined;
    this.loaded.clear();
    this.changed.fire();
  }

  dispose(): void {
    disposeAll(this.subscriptions);
  }
}
