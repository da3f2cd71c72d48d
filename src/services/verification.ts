// Signatures checked against the stored keys and every other key source: loads the keys once per
// key-set change, verifies through the engine's cache, and in slices for many tokens. Knows nothing
// about documents.
import * as vscode from 'vscode';
import type { DecodedToken } from '../core/token/decode';
import { CachedVerifier, tokenKid, verifyToken, type VerificationKey, type VerifyResult } from '../core/judge/verify';
import { planResign } from '../core/sign/resign';
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
  cached(decoded: DecodedToken): VerifyResult | undefined;
  verify(decoded: DecodedToken): Promise<VerifyResult>;
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

export class Verification implements vscode.Disposable {
  private readonly providers: KeyProvider[] = [];
  private readonly verifier = new CachedVerifier();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private keysLoaded: Promise<void> | undefined;
  /** Bumped on every key change: a key load started before it is stale and must not be applied. */
  private keyGeneration = 0;
  private newResults = 0;
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
  cached(decoded: DecodedToken): VerifyResult | undefined {
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

  async verify(decoded: DecodedToken): Promise<VerifyResult> {
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
      const result = known ?? (await this.verifier.verify(decoded));
      // No known key has the token's kid: a provider may look it up, and then it is verified again.
      if (result.status === 'no-key' && result.kid !== undefined && (await this.lookUp(decoded))) {
        continue;
      }
      // Keys changed meanwhile: the result may come from a key that is gone. Ask again.
      if (generation === this.keyGeneration) {
        if (!known) {
          this.newResults++;
        }
        return result;
      }
    }
  }

  /**
   * Verifies many tokens in slices, yielding between them so hovers, lenses and typing are not held
   * up behind a document with thousands of tokens.
   */
  async verifyAll(tokens: readonly DecodedToken[], slice = 64): Promise<void> {
    for (let start = 0; start < tokens.length; start += slice) {
      if (start > 0) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      await Promise.all(tokens.slice(start, start + slice).map((token) => this.verify(token)));
    }
  }

  /**
   * The stored key that may re-sign this token: one that carries its kid, can sign its alg, and
   * verifies its signature. Undefined for any other token: re-signing a token whose signature does
   * not verify would put the stored key's signature on claims anyone could have written.
   */
  async resignKey(decoded: DecodedToken): Promise<StoredKey | undefined> {
    // Only a JWT's claims can be re-signed: not a text payload or a nested JWT's wrapper.
    if (decoded.kind !== 'jws' || decoded.error || !decoded.header || !decoded.payload || !planResign(decoded, 0)) {
      return undefined;
    }
    const signers = this.keyStore.signersFor(tokenKid(decoded), String(decoded.header.alg));
    if (signers.length === 0) {
      return undefined;
    }
    const verified = await this.verify(decoded);
    if (verified.status !== 'valid') {
      return undefined;
    }
    const byVerifier = signers.find((key) => key.id === verified.key?.id);
    if (byVerifier) {
      return byVerifier;
    }
    // Another key with this kid verified (a public half listed first): check each signer's own key.
    const keys = await this.keyStore.verificationKeys();
    for (const signer of signers) {
      const own = keys.filter((key) => key.id === signer.id);
      if (own.length > 0 && (await verifyToken(decoded, own)).status === 'valid') {
        return signer;
      }
    }
    return undefined;
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
