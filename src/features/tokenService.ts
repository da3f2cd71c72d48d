// The shared inspection service: finds tokens in documents (cached per document version), decodes
// them, and judges them against the stored keys and the clock. Hover, CodeLens, status bar,
// diagnostics and the decoded view all read through it, so each token is verified once per key set.
import * as vscode from 'vscode';
import type { DecodedToken } from '../core/decode';
import { decodeMatch, scanTokens, tokenAt, type TokenMatch } from '../core/scan';
import { secondsUntilNextChange, systemClock, type Clock } from '../core/time';
import { CachedVerifier, tokenKid, verifyToken, type VerifyResult } from '../core/verify';
import { judge, type JudgeOptions, type Verdict } from '../core/verdict';
import { readConfig, onConfigChange } from '../config';
import type { KeyStore, StoredKey } from './keyStore';

export interface DocumentToken {
  readonly range: vscode.Range;
  readonly match: TokenMatch;
}

export type SkipReason = 'disabled' | 'too-large';

export interface DocumentScan {
  readonly version: number;
  readonly tokens: readonly DocumentToken[];
  /** Why the document was not scanned, when it was not. */
  readonly skipped?: SkipReason;
  readonly truncated: boolean;
}

/** Tokens found in documents, and verdicts on them. */
export class TokenService implements vscode.Disposable {
  private readonly verifier = new CachedVerifier();
  private readonly scans = new Map<string, DocumentScan>();
  /** Decoded tokens per scan (so per document version), filled as far as a feature asks. */
  private readonly decodedByScan = new WeakMap<DocumentScan, DecodedToken[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private keysLoaded: Promise<void> | undefined;
  /** Bumped on every key change: a key load started before it is stale and must not be applied. */
  private keyGeneration = 0;
  private clock: Clock = systemClock;
  /** Fires when verdicts may read differently: keys, settings or the clock changed. */
  readonly onDidChangeVerdicts = this.changed.event;

  constructor(private readonly keyStore: KeyStore) {
    this.subscriptions = [
      this.changed,
      keyStore.onDidChange(() => {
        // A removed key stops verifying now, not when a load that was in flight finishes.
        this.keyGeneration++;
        this.keysLoaded = undefined;
        this.verifier.setKeys([]);
        this.changed.fire();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.scans.delete(document.uri.toString())),
      onConfigChange(() => {
        this.scans.clear();
        this.changed.fire();
      }),
    ];
  }

  now(): number {
    return this.clock.nowSeconds();
  }

  /** Replaces the clock (tests move time); every verdict is re-read. */
  setClock(clock: Clock): void {
    this.clock = clock;
    this.changed.fire();
  }

  /** Every token in the document, from a cache keyed by the document's version. */
  scan(document: vscode.TextDocument): DocumentScan {
    const key = document.uri.toString();
    const cached = this.scans.get(key);
    if (cached && cached.version === document.version) return cached;
    const config = readConfig(document);
    let result: DocumentScan;
    if (!config.enabled) {
      result = { version: document.version, tokens: [], skipped: 'disabled', truncated: false };
    } else {
      const text = document.getText();
      if (text.length > config.maxDocumentSize) {
        result = { version: document.version, tokens: [], skipped: 'too-large', truncated: false };
      } else {
        const scanned = scanTokens(text, { maxTokenLength: config.maxTokenLength });
        const tokens = scanned.tokens.map((match) => ({ match, range: new vscode.Range(document.positionAt(match.start), document.positionAt(match.end)) }));
        result = { version: document.version, tokens, truncated: scanned.truncated };
      }
    }
    // A closed document's scan would never be dropped (its close event has passed).
    if (!document.isClosed) this.scans.set(key, result);
    return result;
  }

  /** The token under a position, scanning only that line (hovers stay cheap on huge files). */
  tokenAt(document: vscode.TextDocument, position: vscode.Position): DocumentToken | undefined {
    const config = readConfig(document);
    if (!config.enabled) return undefined;
    const line = document.lineAt(position.line);
    const match = tokenAt(line.text, position.character, { maxTokenLength: config.maxTokenLength });
    if (!match) return undefined;
    const offset = document.offsetAt(line.range.start);
    return {
      match: { ...match, start: match.start + offset, end: match.end + offset },
      range: new vscode.Range(position.line, match.start, position.line, match.end),
    };
  }

  decode(token: DocumentToken): DecodedToken {
    return decodeMatch(token.match);
  }

  /**
   * The first `limit` tokens of a scan, decoded once per document version however many features
   * (status bar, diagnostics, CodeLens) ask for them.
   */
  decodedTokens(scan: DocumentScan, limit = scan.tokens.length): DecodedToken[] {
    let cache = this.decodedByScan.get(scan);
    if (!cache) {
      cache = [];
      this.decodedByScan.set(scan, cache);
    }
    const count = Math.min(limit, scan.tokens.length);
    for (let index = cache.length; index < count; index++) cache.push(decodeMatch(scan.tokens[index].match));
    return cache.slice(0, count);
  }

  /** The verdict with the signature checked (verifying now if needed). */
  async verdict(decoded: DecodedToken, scope?: vscode.ConfigurationScope): Promise<Verdict> {
    return judge(decoded, await this.verify(decoded), this.judgeOptions(scope));
  }

  /** The verdict from what is known now; `verify` is undefined when the signature is not checked yet. */
  verdictNow(decoded: DecodedToken, scope?: vscode.ConfigurationScope): Verdict {
    return this.verdictsNow([decoded], scope)[0];
  }

  /** verdictNow for many tokens, reading the settings once rather than once per token. */
  verdictsNow(tokens: readonly DecodedToken[], scope?: vscode.ConfigurationScope): Verdict[] {
    const options = this.judgeOptions(scope);
    return tokens.map((decoded) => judge(decoded, this.keysLoaded ? this.verifier.cached(decoded) : undefined, options));
  }

  async verify(decoded: DecodedToken): Promise<VerifyResult> {
    for (;;) {
      const generation = this.keyGeneration;
      await this.loadKeys();
      const result = await this.verifier.verify(decoded);
      // Keys changed meanwhile: the result may come from a key that is gone. Ask again.
      if (generation === this.keyGeneration) return result;
    }
  }

  /**
   * The stored key that may re-sign this token: one that carries its kid, can sign its alg, and
   * verifies its signature. Undefined for any other token: re-signing a token whose signature does
   * not verify would put the stored key's signature on claims anyone could have written.
   */
  async resignKey(decoded: DecodedToken): Promise<StoredKey | undefined> {
    if (decoded.kind !== 'jws' || decoded.error || !decoded.header) return undefined;
    const signers = this.keyStore.signersFor(tokenKid(decoded), String(decoded.header.alg));
    if (signers.length === 0) return undefined;
    const verified = await this.verify(decoded);
    if (verified.status !== 'valid') return undefined;
    const byVerifier = signers.find((key) => key.id === verified.key?.id);
    if (byVerifier) return byVerifier;
    // Another key with this kid verified (a public half listed first): check each signer's own key.
    const keys = await this.keyStore.verificationKeys();
    for (const signer of signers) {
      const own = keys.filter((key) => key.id === signer.id);
      if (own.length > 0 && (await verifyToken(decoded, own)).status === 'valid') return signer;
    }
    return undefined;
  }

  private loadKeys(): Promise<void> {
    if (!this.keysLoaded) {
      const generation = this.keyGeneration;
      this.keysLoaded = this.keyStore.verificationKeys().then((keys) => {
        if (generation === this.keyGeneration) this.verifier.setKeys(keys);
      });
    }
    return this.keysLoaded;
  }

  /**
   * Verifies many tokens in slices, yielding between them so hovers, lenses and typing are not held
   * up behind a document with thousands of tokens.
   */
  async verifyAll(tokens: readonly DecodedToken[], slice = 64): Promise<void> {
    for (let start = 0; start < tokens.length; start += slice) {
      if (start > 0) await new Promise((resolve) => setTimeout(resolve, 0));
      await Promise.all(tokens.slice(start, start + slice).map((token) => this.verify(token)));
    }
  }

  /** Seconds until any of these tokens' shown status changes, for one timer to the next boundary. */
  secondsUntilNextChange(tokens: readonly DecodedToken[], extraBoundarySeconds = 0, scope?: vscode.ConfigurationScope): number | undefined {
    const now = this.now();
    const { clockToleranceSeconds } = readConfig(scope);
    let next: number | undefined;
    for (const token of tokens) {
      const wait = secondsUntilNextChange(token.payload, now, clockToleranceSeconds);
      if (wait !== undefined) next = Math.min(next ?? Infinity, wait);
      // A warning threshold before expiry is a boundary too (the status bar turns yellow there).
      const exp = typeof token.payload?.exp === 'number' ? token.payload.exp : undefined;
      if (exp !== undefined && extraBoundarySeconds > 0 && exp - extraBoundarySeconds > now) {
        next = Math.min(next ?? Infinity, exp - extraBoundarySeconds - now);
      }
    }
    return next;
  }

  private judgeOptions(scope?: vscode.ConfigurationScope): JudgeOptions {
    const config = readConfig(scope);
    return { now: this.now(), toleranceSeconds: config.clockToleranceSeconds, maxLifetimeSeconds: config.maxLifetimeSeconds };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.scans.clear();
  }
}
