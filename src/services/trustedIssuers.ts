// The keys of issuers the user trusts (`jwtLens.trustedIssuers`, user settings only): found by
// discovery or at a JWKS URL, fetched only through services/http.ts, cached in memory and in global
// storage (public keys only) as long as Cache-Control allows within bounds, refetched once for an
// unknown kid at most once a minute per issuer, and used as they were last fetched when offline.
// A signature authority for Verification: it decides the tokens whose "iss" is a trusted issuer, and those
// whose kid is one of a trusted issuer's cached keys (so a wrong "iss" is reported, not ignored).
// Nothing is fetched for an issuer that is not in user settings, nor for jku / x5u / x5c. Key sets
// are kept by where they came from (the entry's JWKS URL, or discovery from its issuer), so an entry
// whose source changes fetches again; keys that discovery puts on another site than the issuer's are
// fetched only once the user has confirmed that site, whose address is then kept in the entry.
import * as vscode from 'vscode';
import type { DecodedToken } from '../core/token/decode';
import { isDpopProof } from '../core/token/sdJwt';
import { JwtLensError, fromResult } from '../util/errors';
import {
  cacheLifetimeSeconds,
  checkDiscoveryDocument,
  discoveryUrls,
  hostOf,
  issuerResult,
  keySource,
  keysElsewhereMessage,
  mayFetch,
  parseTrustedIssuer,
  readJwks,
  sameOrigin,
  verifyIssuerToken,
  type IssuerContext,
  type IssuerKeySet,
  type TrustedIssuer,
} from '../core/judge/jwks';
import { keylessSignatureCheck, tokenCacheKey, tokenKid, type SignatureCheck } from '../core/judge/verify';
import { onConfigChange, readFetchPolicy, readTrustedIssuers, writeTrustedIssuers } from '../config';
import { disposeAll } from '../util/disposables';
import type { ClockService } from './clock';
import { httpRequest, jsonBody, type HttpResponse } from './http';

const STORAGE_KEY = 'jwtLens.trustedIssuerKeys';
/** Signature results kept per key set; more tokens than that are verified again when asked. */
const MAX_RESULTS = 2000;

interface IssuerState {
  keySet?: IssuerKeySet;
  /** Why the last fetch failed (a message naming the host, never a body). */
  failure?: string;
  lastAttemptAt?: number;
  fetching?: Promise<IssuerKeySet>;
}

/** What the Keys view and the commands show of a trusted issuer. */
export interface IssuerSummary extends TrustedIssuer {
  readonly keys: readonly { readonly kid?: string; readonly alg?: string; readonly type: string }[];
  /** Epoch seconds; undefined when never fetched. */
  readonly fetchedAt?: number;
  readonly failure?: string;
}

/** Asked when discovery puts an issuer's keys on another site: true fetches them from there. */
export type ConfirmKeysElsewhere = (issuer: string, jwksUri: string) => Thenable<boolean>;

export class TrustedIssuers implements vscode.Disposable {
  private issuers: TrustedIssuer[] = [];
  /** By keySource: an entry's keys, as fetched from its JWKS URL or by discovery. */
  private readonly states = new Map<string, IssuerState>();
  /** Signature results by token hash, for the current key sets (cleared when any changes). */
  private readonly results = new Map<string, { entryId: string; signature: SignatureCheck | undefined }>();
  private generation = 0;
  /** Sources of issuers being added: fetched, not yet in the settings. */
  private readonly adding = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires when an issuer, its keys or its fetch status changes. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly storage: vscode.Memento,
    private readonly clock: ClockService,
    private readonly log: vscode.LogOutputChannel,
    /** True when a stored key carries this kid. */
    private readonly hasStoredKid: (kid: string) => boolean,
  ) {
    const stored = storage.get<Record<string, IssuerKeySet>>(STORAGE_KEY) ?? {};
    for (const [source, keySet] of Object.entries(stored)) {
      this.states.set(source, { keySet });
    }
    this.readSettings();
    this.subscriptions = [this.changed, onConfigChange(() => this.readSettings())];
  }

  /** Changes whenever a cached answer may differ. */
  get version(): number {
    return this.generation;
  }

  list(): readonly TrustedIssuer[] {
    return this.issuers;
  }

  find(id: string): TrustedIssuer | undefined {
    return this.issuers.find((entry) => entry.id === id || entry.issuer === id || entry.jwksUri === id);
  }

  summary(entry: TrustedIssuer): IssuerSummary {
    const state = this.states.get(keySource(entry));
    return {
      id: entry.id,
      issuer: entry.issuer,
      jwksUri: entry.jwksUri ?? state?.keySet?.jwksUri,
      audience: entry.audience,
      keys: (state?.keySet?.keys ?? []).map(({ kid, alg, type }) => ({ kid, alg, type })),
      fetchedAt: state?.keySet?.fetchedAt,
      failure: state?.failure,
    };
  }

  /** The trusted issuer that decides this token's signature, if any. Cheap: no fetch. */
  entryFor(decoded: DecodedToken): TrustedIssuer | undefined {
    // A DPoP proof is checked with its own key, never an issuer's (core/judge/dpop.ts).
    if (decoded.kind !== 'jws' || !decoded.header || isDpopProof(decoded.header)) {
      return undefined;
    }
    const iss = decoded.payload?.iss;
    const byIssuer = typeof iss === 'string' ? this.issuers.find((entry) => entry.issuer === iss) : undefined;
    if (byIssuer) {
      return byIssuer;
    }
    const kid = tokenKid(decoded);
    // By kid alone only when no stored key carries it: your own tokens stay yours to judge, even
    // when an issuer publishes the same kid.
    return kid === undefined || this.hasStoredKid(kid)
      ? undefined
      : this.issuers.find((entry) => this.states.get(keySource(entry))?.keySet?.keys.some((key) => key.kid === kid));
  }

  /** An https "iss" no trusted issuer has: the hover offers to trust it (after asking). */
  untrustedIssuer(decoded: DecodedToken): string | undefined {
    const iss = decoded.payload?.iss;
    // Printable ASCII only: the address is shown in a link and a confirmation, where hidden or
    // look-alike characters could pass one issuer off as another.
    if (typeof iss !== 'string' || !/^https:\/\/[\x21-\x7e]+$/.test(iss) || iss.length > 500) {
      return undefined;
    }
    return this.issuers.some((entry) => entry.issuer === iss) ? undefined : iss;
  }

  handles(decoded: DecodedToken): boolean {
    return this.entryFor(decoded) !== undefined;
  }

  /** The answer known now; undefined while the signature is not checked yet. */
  cached(decoded: DecodedToken): SignatureCheck | undefined {
    const settled = keylessSignatureCheck(decoded);
    if (settled) {
      return settled;
    }
    const known = this.results.get(tokenCacheKey(decoded.text));
    const entry = known && this.issuers.find((candidate) => candidate.id === known.entryId);
    return entry ? issuerResult(decoded, known.signature, this.context(entry)) : undefined;
  }

  async verify(decoded: DecodedToken): Promise<SignatureCheck> {
    const settled = keylessSignatureCheck(decoded);
    if (settled) {
      return settled;
    }
    const entry = this.entryFor(decoded);
    if (!entry) {
      return { status: 'no-key', message: 'No trusted issuer for this token.' };
    }
    const known = this.cached(decoded);
    if (known) {
      return known;
    }
    await this.ensureKeys(entry, tokenKid(decoded));
    const generation = this.generation;
    const keySet = this.states.get(keySource(entry))?.keySet;
    const signature = keySet ? await verifyIssuerToken(decoded, entry, keySet) : undefined;
    if (generation === this.generation) {
      if (this.results.size >= MAX_RESULTS) {
        this.results.delete(this.results.keys().next().value!);
      }
      this.results.set(tokenCacheKey(decoded.text), { entryId: entry.id, signature });
    }
    return issuerResult(decoded, signature, this.context(entry));
  }

  /** Fetches the issuer's keys now (the user asked: no rate limit). Throws JwtLensError when it fails. */
  async refresh(entry: TrustedIssuer): Promise<IssuerSummary> {
    await this.fetchKeys(entry);
    return this.summary(entry);
  }

  /**
   * Trusts an issuer: fetches its keys first (an issuer whose keys cannot be fetched is not added),
   * then writes it to user settings. Keys that discovery puts on another site are fetched only when
   * `confirmElsewhere` says so, and that site's JWKS URL is then written with the issuer; without
   * it they are refused. Undefined when the user declined.
   */
  async add(value: unknown, confirmElsewhere?: ConfirmKeysElsewhere): Promise<IssuerSummary | undefined> {
    const parsed = parseTrustedIssuer(value);
    if (!parsed.ok) {
      throw fromResult(parsed.error);
    }
    let entry = parsed.value;
    let discovered: string | undefined;
    if (entry.jwksUri === undefined) {
      discovered = await this.discover(entry.issuer!);
      if (!sameOrigin(entry.issuer!, discovered)) {
        if (!confirmElsewhere) {
          throw new JwtLensError('ERR_DISCOVERY', keysElsewhereMessage(entry.issuer!, discovered));
        }
        if (!(await confirmElsewhere(entry.issuer!, discovered))) {
          return undefined;
        }
        entry = { ...entry, jwksUri: discovered };
      }
    }
    const source = keySource(entry);
    // Settings read while it is being added (another change) must not drop its keys.
    this.adding.add(source);
    try {
      const keySet = await this.fetchKeys(entry, discovered);
      this.stateOf(source).keySet = keySet;
      const next = [...readTrustedIssuers().issuers.filter((known) => known.id !== entry.id), entry];
      this.issuers = next;
      await this.persist();
      await writeTrustedIssuers(next);
    } finally {
      this.adding.delete(source);
    }
    this.log.info(`Trusted issuer added: ${hostOf(entry.id)}.`);
    this.readSettings();
    this.bump();
    return this.summary(entry);
  }

  /**
   * Trusts an address a person typed without saying what it is: an issuer when it publishes a
   * discovery document (OpenID Connect, then RFC 8414), else the JWKS URL of the keys themselves.
   */
  async addAddress(url: string, confirmElsewhere?: ConfirmKeysElsewhere): Promise<IssuerSummary | undefined> {
    try {
      return await this.add({ issuer: url }, confirmElsewhere);
    } catch (error) {
      if (!(error instanceof NoDiscoveryDocument)) {
        throw error;
      }
    }
    this.log.info(`${hostOf(url)} publishes no discovery document at that address: reading it as a JWKS URL.`);
    try {
      return await this.add({ jwksUri: url }, confirmElsewhere);
    } catch (error) {
      if (!(error instanceof JwtLensError)) {
        throw error;
      }
      throw new JwtLensError(
        error.code,
        `${hostOf(url)} is neither an issuer (no discovery document) nor a JWKS URL: ${error.message.replace(/^JWKS fetch failed: /, '')}`,
        { cause: error, actions: error.actions },
      );
    }
  }

  async remove(entry: TrustedIssuer): Promise<void> {
    const next = readTrustedIssuers().issuers.filter((known) => known.id !== entry.id);
    this.issuers = next;
    this.states.delete(keySource(entry));
    await this.persist();
    await writeTrustedIssuers(next);
    this.log.info(`Trusted issuer removed: ${hostOf(entry.id)}.`);
    this.readSettings();
    this.bump();
  }

  private context(entry: TrustedIssuer): IssuerContext {
    const state = this.states.get(keySource(entry));
    return { entry, keySet: state?.keySet, failure: state?.failure, now: this.clock.now() };
  }

  /** Fetches when the set is missing, stale, or lacks the token's kid — at most once a minute. */
  private async ensureKeys(entry: TrustedIssuer, kid: string | undefined): Promise<void> {
    const state = this.stateOf(keySource(entry));
    if (state.fetching) {
      await state.fetching.catch(() => undefined);
    }
    const { keySet } = state;
    const now = this.clock.now();
    const needed = !keySet || now >= keySet.freshUntil || (kid !== undefined && !keySet.keys.some((key) => key.kid === kid));
    if (needed && mayFetch(state.lastAttemptAt, now)) {
      await this.fetchKeys(entry).catch(() => undefined);
    }
  }

  /** `discovered`: the JWKS URL discovery has just found for this entry, so it is not asked again. */
  private fetchKeys(entry: TrustedIssuer, discovered?: string): Promise<IssuerKeySet> {
    const state = this.stateOf(keySource(entry));
    if (state.fetching) {
      return state.fetching;
    }
    state.lastAttemptAt = this.clock.now();
    const fetching = this.download(entry, discovered)
      .then(
        async (keySet) => {
          state.keySet = keySet;
          state.failure = undefined;
          await this.persist();
          this.log.info(`Fetched ${keySet.keys.length} keys from ${hostOf(keySet.jwksUri)}.`);
          return keySet;
        },
        (error: unknown) => {
          const known =
            error instanceof JwtLensError ? error : new JwtLensError('ERR_JWKS', `${hostOf(entry.id)}'s keys could not be read.`);
          state.failure = known.message.replace(/\.$/, '');
          this.log.warn(`Fetching the keys of ${hostOf(entry.id)} failed: ${known.code}.`);
          throw known;
        },
      )
      .finally(() => {
        state.fetching = undefined;
        this.bump();
      });
    state.fetching = fetching;
    return fetching;
  }

  private async download(entry: TrustedIssuer, discovered?: string): Promise<IssuerKeySet> {
    const jwksUri = entry.jwksUri ?? discovered ?? (await this.discover(entry.issuer!));
    if (entry.jwksUri === undefined && !sameOrigin(entry.issuer!, jwksUri)) {
      // Only the user can confirm another site (the entry then names it): not a refresh.
      throw new JwtLensError('ERR_DISCOVERY', keysElsewhereMessage(entry.issuer!, jwksUri));
    }
    const response = await this.get(jwksUri);
    if (response.status !== 200) {
      throw new JwtLensError('ERR_JWKS', `JWKS fetch failed: ${hostOf(jwksUri)} answered HTTP ${response.status}.`);
    }
    const read = await readJwks(jsonBody(response), jwksUri);
    if (!read.ok) {
      throw fromResult(read.error);
    }
    const now = this.clock.now();
    return {
      jwksUri,
      keys: read.value.keys,
      skipped: read.value.skipped,
      fetchedAt: now,
      freshUntil: now + cacheLifetimeSeconds(response.headers.get('cache-control')),
    };
  }

  /** OIDC discovery, then RFC 8414 when the first is not found; the document's issuer must be exactly ours. */
  private async discover(issuer: string): Promise<string> {
    const urls = discoveryUrls(issuer);
    for (const [index, url] of urls.entries()) {
      const response = await this.get(url);
      if (response.status === 404 && index < urls.length - 1) {
        continue;
      }
      if (response.status === 404) {
        throw new NoDiscoveryDocument('ERR_DISCOVERY', `Discovery failed: ${hostOf(url)} answered HTTP ${response.status}.`);
      }
      if (response.status !== 200) {
        throw new JwtLensError('ERR_DISCOVERY', `Discovery failed: ${hostOf(url)} answered HTTP ${response.status}.`);
      }
      const checked = checkDiscoveryDocument(jsonBody(response), issuer);
      if (!checked.ok) {
        throw fromResult(checked.error);
      }
      return checked.value;
    }
    throw new JwtLensError('ERR_DISCOVERY', `Discovery failed: ${hostOf(issuer)} publishes no discovery document.`);
  }

  private get(url: string): Promise<HttpResponse> {
    return httpRequest({ url, policy: readFetchPolicy(), headers: { accept: 'application/json' } });
  }

  private stateOf(source: string): IssuerState {
    let state = this.states.get(source);
    if (!state) {
      state = {};
      this.states.set(source, state);
    }
    return state;
  }

  /** Public keys only: the key sets of the trusted issuers, by source, nothing else. */
  private persist(): Thenable<void> {
    const stored: Record<string, IssuerKeySet> = {};
    for (const entry of this.issuers) {
      const keySet = this.states.get(keySource(entry))?.keySet;
      if (keySet) {
        stored[keySource(entry)] = keySet;
      }
    }
    return this.storage.update(STORAGE_KEY, stored);
  }

  private readSettings(): void {
    const { issuers, problems } = readTrustedIssuers();
    for (const problem of problems) {
      this.log.warn(`jwtLens.trustedIssuers: ${problem}`);
    }
    const same = JSON.stringify(issuers) === JSON.stringify(this.issuers);
    this.issuers = issuers;
    for (const source of [...this.states.keys()]) {
      if (!issuers.some((entry) => keySource(entry) === source) && !this.adding.has(source)) {
        this.states.delete(source);
      }
    }
    if (!same) {
      void this.persist();
      this.bump();
    }
  }

  private bump(): void {
    this.generation++;
    this.results.clear();
    this.changed.fire();
  }

  dispose(): void {
    disposeAll(this.subscriptions);
  }
}

/** Every discovery address answered 404: the address may be a JWKS URL rather than an issuer. */
class NoDiscoveryDocument extends JwtLensError {}
