// FastPix public keys by kid, for verifying FastPix tokens without their private key (a teammate's
// key, a key created in the dashboard): a FastPix-shaped token whose kid no known key has is looked
// up with GET /iam/signing-keys/{kid} on the connected FastPix accounts. Found keys are kept until
// the accounts change; misses and failures are remembered for a while, and lookups are rate-limited,
// so a file full of unknown kids costs a few requests, not one per token or per hover. Only happens
// once the user has connected a FastPix account (that is the opt-in to these requests).
import * as vscode from 'vscode';
import { kidProblem } from '../core/providers/providerApi';
import type { DecodedToken } from '../core/token/decode';
import { JwtLensError } from '../util/errors';
import { importKeyText } from '../core/keys/importKey';
import { isFastPixToken } from '../core/judge/platforms';
import { tokenKid, type VerificationKey } from '../core/judge/verify';
import type { AccountService } from './accountService';
import type { KeyProvider } from './verification';
import { disposeAll } from '../util/disposables';

/** A kid no account has is asked again after this long; one whose lookup failed (network, 429) sooner. */
const MISS_TTL_MS = 10 * 60_000;
const FAILURE_TTL_MS = 60_000;
/** At most this many lookups per minute, whatever the documents hold. */
const LOOKUPS_PER_MINUTE = 10;

export class FastPixKeyProvider implements KeyProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly found = new Map<string, VerificationKey>();
  /** Kid → epoch ms until which it is not looked up again. */
  private readonly misses = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private recentLookups: number[] = [];
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly accounts: AccountService,
    private readonly log: vscode.LogOutputChannel,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.subscriptions = [
      this.changed,
      accounts.onDidChange(() => {
        // A disconnected account's keys stop verifying; a new account may know the missed kids.
        const had = this.found.size > 0;
        this.found.clear();
        this.misses.clear();
        if (had) {
          this.changed.fire();
        }
      }),
    ];
  }

  keys(): readonly VerificationKey[] {
    return [...this.found.values()];
  }

  lookUp(decoded: DecodedToken): Promise<boolean> {
    const kid = tokenKid(decoded);
    // A kid that cannot name a key ("..", control characters) is never sent, nor spends a lookup.
    if (kid === undefined || kidProblem(kid) || !isFastPixToken(decoded) || this.found.has(kid)) {
      return Promise.resolve(false);
    }
    const fastpixAccounts = this.accounts.list().filter((account) => account.provider === 'fastpix');
    if (fastpixAccounts.length === 0 || (this.misses.get(kid) ?? 0) > this.nowMs()) {
      return Promise.resolve(false);
    }
    let lookup = this.inFlight.get(kid);
    if (!lookup) {
      if (!this.takeRateLimitSlot()) {
        return Promise.resolve(false);
      }
      lookup = this.fetch(
        kid,
        fastpixAccounts.map((account) => account.id),
      ).finally(() => this.inFlight.delete(kid));
      this.inFlight.set(kid, lookup);
    }
    return lookup;
  }

  private async fetch(kid: string, accountIds: readonly string[]): Promise<boolean> {
    let failed = false;
    for (const accountId of accountIds) {
      try {
        const remote = await this.accounts.publicKey(accountId, kid);
        const imported = await importKeyText(remote.publicKey);
        if (!imported.ok || imported.keys[0].type !== 'RSA' || !imported.keys[0].publicJwk) {
          failed = true;
          continue;
        }
        const account = this.accounts.get(accountId);
        this.found.set(kid, {
          id: `fastpix:${accountId}:${kid}`,
          label: `FastPix ${kid}${account ? ` (${account.label})` : ''}`,
          kid,
          type: 'RSA',
          verifyKey: { ...imported.keys[0].publicJwk },
          // FastPix signs playback tokens with RS256 only.
          verifyAlgorithms: ['RS256'],
        });
        this.log.info(`FastPix signing key ${kid}: public key fetched for verification.`);
        this.changed.fire();
        return true;
      } catch (error) {
        if (!(error instanceof JwtLensError && error.code === 'ERR_ACCOUNT_NOT_FOUND')) {
          failed = true;
          this.log.warn(`FastPix signing key ${kid}: lookup failed (${error instanceof JwtLensError ? error.code : 'unexpected error'}).`);
        }
      }
    }
    this.misses.set(kid, this.nowMs() + (failed ? FAILURE_TTL_MS : MISS_TTL_MS));
    return false;
  }

  private takeRateLimitSlot(): boolean {
    const now = this.nowMs();
    this.recentLookups = this.recentLookups.filter((at) => at > now - 60_000);
    if (this.recentLookups.length >= LOOKUPS_PER_MINUTE) {
      return false;
    }
    this.recentLookups.push(now);
    return true;
  }

  dispose(): void {
    disposeAll(this.subscriptions);
  }
}
