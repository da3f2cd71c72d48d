// One inspection per document version: its settings read once, its text scanned once, each token
// decoded once, then judged against the keys and the clock. Hover, CodeLens, code actions, the
// decoded view, diagnostics, the status bar and Find Tokens all read these entries instead of
// repeating scan → decode → verdict → urgency each. Re-judging (new signature results, a clock
// change, the next second) reuses the scan and the settings it was taken with.
import * as vscode from 'vscode';
import type { DecodedToken } from '../core/token/decode';
import { decodeMatch, scanTokens, tokenAt, type TokenMatch } from '../core/token/scan';
import { numericDate, secondsUntilNextChange } from '../core/token/time';
import { judge, judgeOptions, urgency, type JudgeOptions, type Urgency, type Verdict } from '../core/judge/verdict';
import type { SignatureCheck } from '../core/judge/verify';
import type { ResignAnswer } from '../core/sign/resign';
import { onConfigChange, readConfig, type JwtLensConfig } from '../config';
import type { ClockService } from './clock';
import type { StoredKey } from './keyStore';
import { BACKGROUND_DECRYPTIONS_PER_DOCUMENT, type DecryptionBudget, type Verification } from './verification';
import { disposeAll } from '../util/disposables';

/** Where a token is: its document's URI and the offset of its first character. */
export interface TokenLocation {
  readonly uri: string;
  readonly offset: number;
}

export interface InspectionEntry {
  readonly range: vscode.Range;
  readonly location: TokenLocation;
  readonly decoded: DecodedToken;
  /** From what is known now: `verify` is undefined while the signature is not checked yet. */
  readonly verdict: Verdict;
  /** Against the inspection's `expiryWarningSeconds`. */
  readonly urgency: Urgency;
}

export type SkipReason = 'disabled' | 'too-large';

export interface Inspection {
  readonly uri: string;
  readonly version: number;
  /** The settings every entry was judged with (read once for this document version). */
  readonly settings: JwtLensConfig;
  /** In document order. */
  readonly entries: readonly InspectionEntry[];
  /** Why the document was not scanned, when it was not. */
  readonly skipped?: SkipReason;
  /** The scan stopped at its token limit: later tokens have no entry. */
  readonly truncated: boolean;
}

/** A token found by the scan, before decoding. */
interface Found {
  readonly range: vscode.Range;
  readonly location: TokenLocation;
  readonly match: TokenMatch;
}

/** A token found and decoded, before judging. */
interface Located {
  readonly range: vscode.Range;
  readonly location: TokenLocation;
  readonly decoded: DecodedToken;
}

interface ScanState {
  readonly found: readonly Found[];
  /** Decoded as far as a feature has asked (CodeLens wants 500 of 10,000), each once. */
  readonly decoded: DecodedToken[];
  readonly skipped?: SkipReason;
  readonly truncated: boolean;
}

/** What one document version keeps: settings, then (once asked for) the scan and its verdicts. */
interface VersionState {
  readonly version: number;
  readonly settings: JwtLensConfig;
  scan?: ScanState;
  /** Entries judged at `stamp`, as far as a feature has asked. */
  judged?: { readonly stamp: string; readonly entries: InspectionEntry[] };
}

/** Test-mode observer: told of every document scan (the in-host suite counts them per version). */
export type ScanObserver = (document: vscode.TextDocument) => void;

export class InspectionService implements vscode.Disposable {
  private readonly documents = new Map<string, VersionState>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  /** Bumped when verdicts may read differently for reasons the stamp cannot see (settings). */
  private generation = 0;
  private scanObserver: ScanObserver | undefined;
  /** Each document's background decryptions left (see Verification): renewed when the keys change. */
  private readonly decryptionBudgets = new Map<string, DecryptionBudget>();
  /** Fires when verdicts may read differently: keys, settings or the clock changed. */
  readonly onDidChangeVerdicts = this.changed.event;

  constructor(
    private readonly verification: Verification,
    private readonly clock: ClockService,
  ) {
    this.subscriptions = [
      this.changed,
      verification.onDidChangeKeys(() => {
        this.decryptionBudgets.clear();
        this.changed.fire();
      }),
      clock.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.documents.delete(document.uri.toString());
        this.decryptionBudgets.delete(document.uri.toString());
      }),
      onConfigChange(() => {
        this.documents.clear();
        this.generation++;
        this.changed.fire();
      }),
    ];
  }

  now(): number {
    return this.clock.now();
  }

  /** Test mode only: see every document scan. */
  observeScans(observer: ScanObserver | undefined): void {
    this.scanObserver = observer;
  }

  /** The settings for this document version: read once, whichever feature asks first. */
  settingsFor(document: vscode.TextDocument): JwtLensConfig {
    return this.stateOf(document).settings;
  }

  /**
   * The document's tokens, judged: the first `limit` of them (all by default). Scanned once per
   * version; decoded and judged as far as features ask, once per stamp (see `stamp`).
   */
  inspect(document: vscode.TextDocument, limit = Infinity): Inspection {
    const state = this.stateOf(document);
    const scan = state.scan ?? this.scan(document, state);
    const stamp = this.stamp();
    let judged = state.judged;
    if (judged?.stamp !== stamp) {
      judged = { stamp, entries: [] };
      // A closed document's state would never be dropped (its close event has passed).
      if (!document.isClosed) {
        state.judged = judged;
      }
    }
    const count = Math.min(limit, scan.found.length);
    if (judged.entries.length < count) {
      const options = this.judgeOptionsNow(state.settings);
      for (let index = judged.entries.length; index < count; index++) {
        judged.entries.push(this.judgeOne({ ...scan.found[index], decoded: decodedAt(scan, index) }, state.settings, options));
      }
    }
    return {
      uri: document.uri.toString(),
      version: state.version,
      settings: state.settings,
      skipped: scan.skipped,
      truncated: scan.truncated,
      // The kept array only once complete: a shorter one grows when a feature asks for more.
      entries: count === judged.entries.length && count === scan.found.length ? judged.entries : judged.entries.slice(0, count),
    };
  }

  /**
   * The entry for the token under a position. From the document's inspection when it has one;
   * otherwise only the window around the position is scanned, so a hover on a huge document that
   * was never scanned stays cheap.
   */
  entryAt(document: vscode.TextDocument, position: vscode.Position): InspectionEntry | undefined {
    const state = this.stateOf(document);
    if (!state.settings.enabled) {
      return undefined;
    }
    if (state.scan) {
      const offset = document.offsetAt(position);
      const index = lastStartingAtOrBefore(state.scan.found, offset);
      const hit = state.scan.found[index];
      if (hit && offset <= hit.match.end) {
        // The inspection's entry while it is current; else this one token judged (not all of them).
        const current = state.judged?.stamp === this.stamp() ? state.judged.entries[index] : undefined;
        return current ?? this.judgeAll([{ ...hit, decoded: decodedAt(state.scan, index) }], state.settings)[0];
      }
    }
    const line = document.lineAt(position.line);
    const match = tokenAt(line.text, position.character, { maxTokenLength: state.settings.maxTokenLength });
    if (!match) {
      return undefined;
    }
    const found: Located = {
      range: new vscode.Range(position.line, match.start, position.line, match.end),
      location: { uri: document.uri.toString(), offset: document.offsetAt(line.range.start) + match.start },
      decoded: decodeMatch(match),
    };
    return this.judgeAll([found], state.settings)[0];
  }

  /**
   * The document's tokens with their signatures checked: the first `limit` (all by default) are
   * inspected, the signatures of the first `verifyLimit` of them (all of them by default) verified
   * where not checked yet, and the document inspected again, judged from what is known now (the
   * same version is not scanned again). The API, Find Tokens and diagnostics read tokens this way.
   */
  async inspectVerified(document: vscode.TextDocument, options: { limit?: number; verifyLimit?: number } = {}): Promise<Inspection> {
    const { limit = Infinity, verifyLimit = limit } = options;
    await this.verifyAll(this.inspect(document, limit).entries.slice(0, verifyLimit));
    return this.inspect(document, limit);
  }

  /**
   * Entries for text that is not an open document (Find Tokens reads files from disk), judged with
   * the given settings, their signatures checked. Not cached: the text has no version to key it by.
   */
  async inspectTextVerified(uri: vscode.Uri, text: string, settings: JwtLensConfig, maxTokens: number): Promise<InspectionEntry[]> {
    const lineStarts = [0];
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
      lineStarts.push(at + 1);
    }
    const position = (offset: number) => {
      const line = upperBound(lineStarts, offset) - 1;
      return new vscode.Position(line, offset - lineStarts[line]);
    };
    const found = scanTokens(text, { maxTokenLength: settings.maxTokenLength, maxTokens }).tokens.map((match) => ({
      range: new vscode.Range(position(match.start), position(match.end)),
      location: { uri: uri.toString(), offset: match.start },
      decoded: decodeMatch(match),
    }));
    const entries = this.judgeAll(found, settings);
    await this.verifyAll(entries);
    // Judged again from what is known now that the signatures are checked.
    return this.judgeAll(entries, settings);
  }

  /** The entry's verdict with its signature checked (verifying now if needed). */
  async verifiedVerdict(decoded: DecodedToken, settings: JwtLensConfig): Promise<Verdict> {
    const signature = await this.verification.verify(decoded);
    return judge(decoded, signature, this.judgeOptionsNow(settings));
  }

  /** Checks signatures in slices in the background; inspect again afterwards for the verdicts. */
  verifyAll(entries: readonly InspectionEntry[]): Promise<void> {
    const unverified = entries.filter((entry) => entry.verdict.signature === undefined);
    const uris = new Map(unverified.map((entry) => [entry.decoded, entry.location.uri]));
    return this.verification.verifyAll(
      unverified.map((entry) => entry.decoded),
      (decoded) => this.decryptionBudget(uris.get(decoded) ?? ''),
    );
  }

  /** The entry's verdict with its signature checked as background work checks it (a CodeLens title). */
  async backgroundVerdict(entry: InspectionEntry, settings: JwtLensConfig): Promise<Verdict> {
    const signature = await this.verification.verifyInBackground(entry.decoded, this.decryptionBudget(entry.location.uri));
    return judge(entry.decoded, signature, this.judgeOptionsNow(settings));
  }

  private decryptionBudget(uri: string): DecryptionBudget {
    let budget = this.decryptionBudgets.get(uri);
    if (!budget) {
      budget = { left: BACKGROUND_DECRYPTIONS_PER_DOCUMENT };
      this.decryptionBudgets.set(uri, budget);
    }
    return budget;
  }

  /**
   * The signature checked without asking anyone for a key: Verify Token's answer when it is given no
   * key. Every key source that can answer on its own joins in `Verification.verify`: a signature
   * authority that handles the token (a trusted issuer), else the stored keys and key providers (those
   * the token's kid names; for a token without a kid, every key allowing its alg). Only `no-key` leaves
   * the choice to the user.
   */
  verifyWithoutPrompt(decoded: DecodedToken): Promise<SignatureCheck> {
    return this.verification.verify(decoded);
  }

  /** The stored key that may re-sign this token, or why none may: see `Verification.resigner`. */
  resigner(decoded: DecodedToken, options: { readonly key?: StoredKey } = {}): Promise<ResignAnswer<StoredKey>> {
    return this.verification.resigner(decoded, options);
  }

  /** Seconds until any of these entries' shown status changes, for one timer to the next boundary. */
  secondsUntilNextChange(entries: readonly InspectionEntry[], settings: JwtLensConfig, extraBoundarySeconds = 0): number | undefined {
    const now = this.now();
    let next: number | undefined;
    for (const { decoded } of entries) {
      const wait = secondsUntilNextChange(decoded.payload, now, settings.clockToleranceSeconds);
      if (wait !== undefined) {
        next = Math.min(next ?? Infinity, wait);
      }
      // A warning threshold before expiry is a boundary too (the status bar turns yellow there).
      const exp = numericDate(decoded.payload, 'exp');
      if (exp !== undefined && extraBoundarySeconds > 0 && exp - extraBoundarySeconds > now) {
        next = Math.min(next ?? Infinity, exp - extraBoundarySeconds - now);
      }
    }
    return next;
  }

  private stateOf(document: vscode.TextDocument): VersionState {
    const key = document.uri.toString();
    const known = this.documents.get(key);
    if (known && known.version === document.version) {
      return known;
    }
    const state: VersionState = { version: document.version, settings: readConfig(document) };
    if (!document.isClosed) {
      this.documents.set(key, state);
    }
    return state;
  }

  private scan(document: vscode.TextDocument, state: VersionState): ScanState {
    const { settings } = state;
    let scan: ScanState;
    if (!settings.enabled) {
      scan = { found: [], decoded: [], skipped: 'disabled', truncated: false };
    } else {
      const text = document.getText();
      if (text.length > settings.maxDocumentSize) {
        scan = { found: [], decoded: [], skipped: 'too-large', truncated: false };
      } else {
        this.scanObserver?.(document);
        const uri = document.uri.toString();
        const scanned = scanTokens(text, { maxTokenLength: settings.maxTokenLength });
        const found = scanned.tokens.map((match) => ({
          range: new vscode.Range(document.positionAt(match.start), document.positionAt(match.end)),
          location: { uri, offset: match.start },
          match,
        }));
        scan = { found, decoded: [], truncated: scanned.truncated };
      }
    }
    if (!document.isClosed) {
      state.scan = scan;
    }
    return scan;
  }

  /** Verdicts change with new signature results, a key or settings change, and each new second. */
  private stamp(): string {
    return `${this.generation}:${this.verification.resultsVersion}:${Math.floor(this.now())}`;
  }

  private judgeAll(located: readonly Located[], settings: JwtLensConfig): InspectionEntry[] {
    const options = this.judgeOptionsNow(settings);
    return located.map((token) => this.judgeOne(token, settings, options));
  }

  private judgeOne({ range, location, decoded }: Located, settings: JwtLensConfig, options: JudgeOptions): InspectionEntry {
    const verdict = judge(decoded, this.verification.cached(decoded), options);
    return { range, location, decoded, verdict, urgency: urgency(verdict, settings.expiryWarningSeconds) };
  }

  private judgeOptionsNow(settings: JwtLensConfig): JudgeOptions {
    return judgeOptions(settings, this.now());
  }

  dispose(): void {
    disposeAll(this.subscriptions);
    this.documents.clear();
    this.decryptionBudgets.clear();
  }
}

/** The scan's token at `index`, decoded on first use. */
function decodedAt(scan: ScanState, index: number): DecodedToken {
  return (scan.decoded[index] ??= decodeMatch(scan.found[index].match));
}

/** Index of the last entry starting at or before `offset` (-1 when none does). */
function lastStartingAtOrBefore(entries: readonly Found[], offset: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (entries[mid].location.offset <= offset) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low - 1;
}

/** Index of the first element greater than `value` in a sorted array. */
function upperBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] <= value) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low;
}
