// Signatures checked against the stored keys and every other key source: loads the keys once per
// key-set change, verifies through the engine's cache, and in slices for many tokens. Knows nothing
// about documents.
import * as vscode from 'vscode';
import type { DecodedToken } from '../core/token/decode';
import { CachedVerifier, type VerificationKey, type VerifyOptions, type SignatureCheck } from '../core/judge/verify';
import { resigner, type ResignAnswer } from '../core/sign/resign';
import type { KeyStore, StoredKey } from './keyStore';
import { disposeAll } from '../util/disposables';

/**
 * Another way to verify a token than the stored keys, and the one place they are joined:
 *
 * - A `SignatureAuthority` decides the signature of the tokens it handles, with its own keys and rules
 *   (a trusted issuer: its JWKS, its `iss`, its `aud`). The first that handles a token decides it.
 * - A `KeyProvider` adds keys used exactly like stored keys (a connected FastPix account's
 *   published public keys); a change in one drops every cached result, as a key-store change does.
 */
export interface SignatureAuthority {
  /** True when this authority decides the token's signature. Cheap and synchronous: no fetch. */
  handles(decoded: DecodedToken): boolean;
  /** Its answer known now; undefined while not checked yet. */
  cached(decoded: DecodedToken): SignatureCheck | undefined;
  verify(decoded: DecodedToken): Promise<SignatureCheck>;
  /** Changes whenever `cached` may answer differently. */
  readonly version: number;
  /** Fires when its keys change: results are stale. */
  readonly onDidChange: vscode.Event<void>;
}

export interface KeyProvider {
  readonly onDidChange: vscode.Event<void>;
  /** The keys the provider holds now, without a request. */
  keys(): readonly VerificationKey[];
  /**
   * Asked when no known key has the token's kid: may fetch it (bounded, cached and rate-limited by
   * the provider). Resolves true when `keys()` now holds a key for it, after firing onDidChange.
   */
  lookUp?(token: DecodedToken): Promise<boolean>;
}

/**
 * Background work (diagnostics, CodeLens, the status bar, Find Tokens) decrypts at most this many
 * JWEs per document, each with at most BACKGROUND_KEYS_PER_JWE keys: a file of junk JWEs would
 * otherwise cost a private-key operation (milliseconds for RSA) per JWE per stored key. The rest
 * read "encrypted" until asked for (hover, decoded view, Verify Token), which tries every key.
 * Background decryption stays, within these bounds, because what a JWE carries (an unsigned inner
 * token, bare claims) belongs in Problems without a hover.
 */
export const BACKGROUND_DECRYPTIONS_PER_DOCUMENT = 16;
const BACKGROUND_KEYS_PER_JWE = 3;
const BACKGROUND: VerifyOptions = { maxDecryptionAttempts: BACKGROUND_KEYS_PER_JWE };
const NO_DECRYPTION: VerifyOptions = { decrypt: false };

/** What is left of a document's background decryptions (BACKGROUND_DECRYPTIONS_PER_DOCUMENT to start). */
export interface DecryptionBudget {
  left: number;
}

export class Verification implements vscode.Disposable {
  private readonly providers: KeyProvider[] = [];
  private readonly verifier = new CachedVerifier();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private keysLoaded: Promise<void> | undefined;
  /** Bumped on every key change: a key load started before it is stale and must not be applied. */
  private keyGeneration = 0;
  private newResults = 0;
  /** Background verifications under way: passes that overlap share them instead of repeating the work. */
  private readonly inBackground = new Map<DecodedToken, Promise<SignatureCheck>>();
  /** Fires when the stored keys change: every cached result is dropped. */
  readonly onDidChangeKeys = this.changed.event;

  constructor(
    private readonly keyStore: KeyStore,
    private readonly authorities: readonly SignatureAuthority[] = [],
  ) {
    this.subscriptions = [
      this.changed,
      ...authorities.map((authority) => authority.onDidChange(() => this.changed.fire())),
      keyStore.onDidChange(() => this.keysChanged()),
    ];
  }

  /** Joins a provider of more verification keys; disposing the result leaves it out again. */
  addKeyProvider(provider: KeyProvider): vscode.Disposable {
    this.providers.push(provider);
    const subscription = provider.onDidChange(() => this.keysChanged());
    this.keysChanged();
    return new vscode.Disposable(() => {
      subscription.dispose();
      this.providers.splice(this.providers.indexOf(provider), 1);
      this.keysChanged();
    });
  }

  private keysChanged(): void {
    // A removed key stops verifying now, not when a load that was in flight finishes.
    this.keyGeneration++;
    this.keysLoaded = undefined;
    this.verifier.setKeys([]);
    this.changed.fire();
  }

  /**
   * Changes whenever `cached` may answer differently (a new result, or the keys changed), so an
   * inspection knows when its verdicts are stale without re-judging on every read.
   */
  get resultsVersion(): string {
    const authorities = this.authorities.map((authority) => authority.version).join(':');
    return `${this.keyGeneration}:${this.verifier.keySetVersion}:${this.newResults}:${authorities}`;
  }

  /** The result known now; undefined when the signature is not checked yet. */
  cached(decoded: DecodedToken): SignatureCheck | undefined {
    const authority = this.authorityFor(decoded);
    if (authority) {
      return authority.cached(decoded);
    }
    return this.keysLoaded ? this.verifier.cached(decoded) : undefined;
  }

  /** The signature authority that decides this token, if one does (else the stored keys do). */
  authorityFor(decoded: DecodedToken): SignatureAuthority | undefined {
    return this.authorities.find((authority) => authority.handles(decoded));
  }

  /** Verifies one token; without options (a person asked for it) every key is tried on a JWE. */
  async verify(decoded: DecodedToken, options: VerifyOptions = {}): Promise<SignatureCheck> {
    if (options === BACKGROUND || options === NO_DECRYPTION) {
      const pending = this.inBackground.get(decoded);
      if (pending) {
        return pending;
      }
      const started = this.verifyOnce(decoded, options).finally(() => this.inBackground.delete(decoded));
      this.inBackground.set(decoded, started);
      return started;
    }
    return this.verifyOnce(decoded, options);
  }

  private async verifyOnce(decoded: DecodedToken, options: VerifyOptions): Promise<SignatureCheck> {
    const authority = this.authorityFor(decoded);
    if (authority) {
      const known = authority.cached(decoded);
      if (known) {
        return known;
      }
      const result = await authority.verify(decoded);
      this.newResults++;
      return result;
    }
    for (;;) {
      const generation = this.keyGeneration;
      await this.loadKeys();
      const known = this.verifier.cached(decoded);
      // The cached result, unless it was deferred and these options may decrypt it now.
      const result = await this.verifier.verify(decoded, options);
      // No known key has the token's kid: a provider may look it up, and then it is verified again.
      if (result.status === 'no-key' && result.kid !== undefined && (await this.lookUp(decoded))) {
        continue;
      }
      // Keys changed meanwhile: the result may come from a key that is gone. Ask again.
      if (generation === this.keyGeneration) {
        if (result !== known) {
          this.newResults++;
        }
        return result;
      }
    }
  }

  /**
   * Verifies many tokens in slices as background work, yielding between them so hovers, lenses and
   * typing are not held up behind a document with thousands of tokens. A JWE not judged yet is
   * decrypted only while the budget of its document lasts.
   */
  async verifyAll(tokens: readonly DecodedToken[], budgetOf: (decoded: DecodedToken) => DecryptionBudget, slice = 64): Promise<void> {
    for (let start = 0; start < tokens.length; start += slice) {
      if (start > 0) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      const batch = tokens.slice(start, start + slice);
      const options = batch.map((decoded) => this.backgroundOptions(decoded, budgetOf(decoded)));
      await Promise.all(batch.map((decoded, index) => this.verify(decoded, options[index])));
    }
  }

  /** Verifies as background work does: a JWE not judged yet is decrypted only while its document's budget lasts. */
  verifyInBackground(decoded: DecodedToken, budget: DecryptionBudget): Promise<SignatureCheck> {
    return this.verify(decoded, this.backgroundOptions(decoded, budget));
  }

  private backgroundOptions(decoded: DecodedToken, budget: DecryptionBudget): VerifyOptions {
    if (decoded.kind !== 'jwe' || this.cached(decoded) !== undefined) {
      return BACKGROUND;
    }
    if (budget.left <= 0) {
      return NO_DECRYPTION;
    }
    budget.left--;
    return BACKGROUND;
  }

  /**
   * The stored key that may re-sign this token, or why none may: core/sign/resign.ts decides, asking
   * the key store for the signers the token's kid names (or taking `key`, a key the caller chose)
   * and each one's own verification material. No private material is read: public halves come
   * from metadata, HMAC secrets from the verification keys.
   */
  resigner(decoded: DecodedToken, options: { readonly key?: StoredKey } = {}): Promise<ResignAnswer<StoredKey>> {
    return resigner(
      decoded,
      {
        signers: (query) => this.keyStore.signers(query),
        material: async (key) =>
          this.keyStore.isMissing(key.id)
            ? undefined
            : (await this.keyStore.verificationKeys()).find((candidate) => candidate.id === key.id),
      },
      options.key,
    );
  }

  /** True when a provider found a key for the token's kid (each answers true once per kid). */
  private async lookUp(decoded: DecodedToken): Promise<boolean> {
    for (const provider of this.providers) {
      if (provider.lookUp && (await provider.lookUp(decoded))) {
        return true;
      }
    }
    return false;
  }

  private loadKeys(): Promise<void> {
    if (!this.keysLoaded) {
      const generation = this.keyGeneration;
      this.keysLoaded = this.keyStore.verificationKeys().then((keys) => {
        if (generation === this.keyGeneration) {
          // Private keys are read for decryption only when a JWE first needs them.
          this.verifier.setKeys([...keys, ...this.providers.flatMap((provider) => provider.keys())], () => this.keyStore.decryptionKeys());
        }
      });
    }
    return this.keysLoaded;
  }

  dispose(): void {
    disposeAll(this.subscriptions);
  }
}
