// Connected Mux and FastPix accounts: the access token (id and secret) only in SecretStorage, what
// an account is called (organisation, environment, workspace) in globalState; every call to the
// providers' APIs goes through services/http.ts with the token as HTTP Basic auth, to the base URL
// the user's settings name. A failure is a JwtLensError with its own code and a message that names
// the provider and what to do, never the token, a header or the answer's body.
import * as vscode from 'vscode';
import {
  accountRequest,
  basicAuthorization,
  kidProblem,
  MAX_KEY_PAGES,
  parseCreatedKey,
  parseIdentity,
  parseKeyPage,
  parsePublicKey,
  PROVIDER_NAMES,
  statusFailure,
  type AccountIdentity,
  type AccountOperation,
  type AccountProvider,
  type CreatedKey,
  type ParseResult,
  type RemoteKey,
  type RemotePublicKey,
} from '../core/providers/providerApi';
import { fromResult, JwtLensError } from '../util/errors';
import type { FetchPolicy } from '../core/judge/fetchPolicy';
import { httpRequest, jsonBody, type HttpResponse } from './http';
import { KeyStoreError } from './keyStore';
import { COMMANDS } from '../util/commandIds';
import { disposeAll } from '../util/disposables';

/** A connected account as listed: never holds the access token. */
export interface Account {
  readonly id: string;
  readonly provider: AccountProvider;
  readonly label: string;
  /** Mux: the environment's name and type ("Production · production"); FastPix: the workspace id once known. */
  readonly environment?: string;
  readonly environmentId?: string;
  readonly permissions?: readonly string[];
  readonly connected: string;
}

interface AccessToken {
  readonly tokenId: string;
  readonly tokenSecret: string;
}

export interface AccountSettings {
  /** `jwtLens.mux.apiBaseUrl` / `jwtLens.fastpix.apiBaseUrl`, from user settings only. */
  baseUrl(provider: AccountProvider): string;
  fetchPolicy(): FetchPolicy;
}

const METADATA_KEY = 'jwtLens.accounts';
const SECRET_PREFIX = 'jwtLens.account.';

export class AccountService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly settings: AccountSettings,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      this.changed,
      secrets.onDidChange((event) => {
        if (event.key.startsWith(SECRET_PREFIX)) {
          this.changed.fire();
        }
      }),
    ];
  }

  list(): Account[] {
    return [...(this.state.get<Account[]>(METADATA_KEY) ?? [])];
  }

  get(id: string): Account | undefined {
    return this.list().find((account) => account.id === id);
  }

  /** An account by id or label, as command arguments name it, or a Keys view element (anything with an id). */
  resolve(reference: string | { readonly id: string }): Account | undefined {
    if (typeof reference !== 'string') {
      return this.get(reference.id);
    }
    return this.get(reference) ?? this.list().find((account) => account.label === reference);
  }

  /**
   * Checks the access token with the provider (Mux's whoami, a FastPix key listing) and keeps it:
   * the secret in SecretStorage, the account's names in globalState. The same token connected again
   * replaces its account. Nothing is kept when the check fails.
   */
  async connect(provider: AccountProvider, tokenId: string, tokenSecret: string, label?: string): Promise<Account> {
    const token = { tokenId: tokenId.trim(), tokenSecret: tokenSecret.trim() };
    if (!token.tokenId || !token.tokenSecret) {
      throw new JwtLensError('ERR_INVALID_ARGUMENT', `Enter both the ${PROVIDER_NAMES[provider]} access token id and its secret.`);
    }
    const identity = await this.call(provider, token, 'check', parseIdentity);
    const previous = await this.accountWithToken(provider, token.tokenId);
    const account: Account = {
      id: previous?.id ?? globalThis.crypto.randomUUID(),
      provider,
      // Mux names the account (whoami); a FastPix account keeps the name it was first given.
      label:
        label?.trim() ||
        (provider === 'fastpix' ? previous?.label : undefined) ||
        accountLabel(provider, identity, this.list().filter((candidate) => candidate.provider === provider).length),
      environment: identity.environmentName
        ? [identity.environmentName, identity.environmentType].filter(Boolean).join(' · ')
        : previous?.environment,
      environmentId: identity.environmentId ?? previous?.environmentId,
      permissions: identity.permissions,
      connected: new Date().toISOString(),
    };
    await this.writeSecret(account.id, JSON.stringify(token));
    await this.state.update(METADATA_KEY, [...this.list().filter((candidate) => candidate.id !== account.id), account]);
    this.log.info(`Connected ${PROVIDER_NAMES[provider]} account ${account.label}.`);
    this.changed.fire();
    return account;
  }

  async disconnect(id: string): Promise<boolean> {
    const account = this.get(id);
    if (!account) {
      return false;
    }
    try {
      await this.secrets.delete(SECRET_PREFIX + id);
    } catch (cause) {
      throw new KeyStoreError('forget the access token', cause);
    }
    await this.state.update(
      METADATA_KEY,
      this.list().filter((candidate) => candidate.id !== id),
    );
    this.log.info(`Disconnected ${PROVIDER_NAMES[account.provider]} account ${account.label}.`);
    this.changed.fire();
    return true;
  }

  /** The account's remote signing keys, page by page (at most MAX_KEY_PAGES). */
  async listKeys(id: string): Promise<RemoteKey[]> {
    const account = this.require(id);
    const token = await this.token(account);
    const keys: RemoteKey[] = [];
    for (let page = 1; page <= MAX_KEY_PAGES; page++) {
      const result = await this.call(account.provider, token, 'list', parseKeyPage, '', page);
      keys.push(...result.keys);
      if (!result.more || result.keys.length === 0) {
        break;
      }
    }
    return keys;
  }

  /** Creates a signing key; the answer holds its private key, which the caller stores and forgets. */
  async createKey(id: string): Promise<CreatedKey> {
    const account = this.require(id);
    const created = await this.call(account.provider, await this.token(account), 'create', parseCreatedKey);
    this.log.info(`Created ${PROVIDER_NAMES[account.provider]} signing key ${created.id} in ${account.label}.`);
    this.changed.fire();
    return created;
  }

  async revokeKey(id: string, keyId: string): Promise<void> {
    const account = this.require(id);
    await this.call(account.provider, await this.token(account), 'revoke', () => ({ ok: true, value: undefined }), keyId);
    this.log.info(`Revoked ${PROVIDER_NAMES[account.provider]} signing key ${keyId} in ${account.label}.`);
    this.changed.fire();
  }

  /** A FastPix signing key's public half (GET /iam/signing-keys/{id}). */
  async publicKey(id: string, keyId: string): Promise<RemotePublicKey> {
    const account = this.require(id);
    if (account.provider !== 'fastpix') {
      throw new JwtLensError('ERR_INVALID_ARGUMENT', 'Only FastPix returns public keys; Mux keys verify with their stored private key.');
    }
    return this.call(account.provider, await this.token(account), 'get', (_provider, body) => parsePublicKey(body, keyId), keyId);
  }

  private require(id: string): Account {
    const account = this.get(id);
    if (!account) {
      throw unknownAccount();
    }
    return account;
  }

  private async token(account: Account): Promise<AccessToken> {
    let stored: string | undefined;
    try {
      stored = await this.secrets.get(SECRET_PREFIX + account.id);
    } catch (cause) {
      throw new KeyStoreError('read the access token', cause);
    }
    const parsed = parseAccessToken(stored);
    if (!parsed) {
      throw new JwtLensError(
        'ERR_ACCOUNT_SECRET_MISSING',
        `The access token of ${account.label} is missing from this machine's secret storage: connect the account again.`,
        { actions: [{ title: 'Connect Again', command: connectCommand(account.provider) }] },
      );
    }
    return parsed;
  }

  private async accountWithToken(provider: AccountProvider, tokenId: string): Promise<Account | undefined> {
    for (const account of this.list().filter((candidate) => candidate.provider === provider)) {
      const token = parseAccessToken(await this.secrets.get(SECRET_PREFIX + account.id).then(undefined, () => undefined));
      if (token?.tokenId === tokenId) {
        return account;
      }
    }
    return undefined;
  }

  /** One request: the status mapped to its failure, the body parsed, each failure with its own code. */
  private async call<T>(
    provider: AccountProvider,
    token: AccessToken,
    operation: AccountOperation,
    parse: (provider: AccountProvider, body: unknown) => ParseResult<T>,
    keyId = '',
    page = 1,
  ): Promise<T> {
    const badKeyId = operation === 'get' || operation === 'revoke' ? kidProblem(keyId) : undefined;
    if (badKeyId) {
      throw new JwtLensError('ERR_INVALID_ARGUMENT', badKeyId);
    }
    const request = accountRequest(provider, this.settings.baseUrl(provider), operation, keyId, page);
    let response: HttpResponse;
    try {
      response = await httpRequest({
        url: request.url,
        method: request.method,
        body: request.body,
        headers: {
          authorization: basicAuthorization(token.tokenId, token.tokenSecret),
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        policy: this.settings.fetchPolicy(),
      });
    } catch (error) {
      this.log.warn(`${PROVIDER_NAMES[provider]} ${operation} failed: ${error instanceof JwtLensError ? error.code : 'unexpected error'}.`);
      if (error instanceof JwtLensError && error.code === 'ERR_HTTP_URL') {
        throw new JwtLensError(error.code, `jwtLens.${provider}.apiBaseUrl: ${error.message}`, { cause: error });
      }
      throw error;
    }
    const failure = statusFailure(provider, operation, response.status, response.headers.get('retry-after'));
    if (failure) {
      this.log.warn(`${PROVIDER_NAMES[provider]} ${operation} failed: ${failure.code}.`);
      throw fromResult(failure);
    }
    let body: unknown;
    try {
      body = operation === 'revoke' && response.text.trim() === '' ? {} : jsonBody(response);
    } catch (error) {
      this.log.warn(`${PROVIDER_NAMES[provider]} ${operation} failed: ERR_HTTP_NOT_JSON.`);
      throw new JwtLensError(
        'ERR_HTTP_NOT_JSON',
        `${PROVIDER_NAMES[provider]} answered with something that is not JSON (HTTP ${response.status}): check jwtLens.${provider}.apiBaseUrl.`,
        { cause: error },
      );
    }
    const parsed = parse(provider, body);
    if (!parsed.ok) {
      this.log.warn(`${PROVIDER_NAMES[provider]} ${operation} failed: ${parsed.error.code}.`);
      throw fromResult(parsed.error);
    }
    return parsed.value;
  }

  private async writeSecret(id: string, value: string): Promise<void> {
    try {
      await this.secrets.store(SECRET_PREFIX + id, value);
    } catch (cause) {
      throw new KeyStoreError('save the access token', cause);
    }
  }

  dispose(): void {
    disposeAll(this.subscriptions);
  }
}

export function connectCommand(provider: AccountProvider): string {
  return provider === 'mux' ? COMMANDS.connectMuxAccount : COMMANDS.connectFastPixAccount;
}

/** No connected account by that id or label, with the ways to connect one. */
export function unknownAccount(): JwtLensError {
  return new JwtLensError('ERR_ACCOUNT_UNKNOWN', 'No connected Mux or FastPix account by that name: connect one first.', {
    actions: [
      { title: 'Connect Mux Account', command: COMMANDS.connectMuxAccount },
      { title: 'Connect FastPix Account', command: COMMANDS.connectFastPixAccount },
    ],
  });
}

function parseAccessToken(stored: string | undefined): AccessToken | undefined {
  if (stored === undefined) {
    return undefined;
  }
  try {
    const value = JSON.parse(stored) as Partial<AccessToken>;
    return typeof value.tokenId === 'string' && typeof value.tokenSecret === 'string'
      ? { tokenId: value.tokenId, tokenSecret: value.tokenSecret }
      : undefined;
  } catch {
    return undefined;
  }
}

function accountLabel(provider: AccountProvider, identity: AccountIdentity, count: number): string {
  if (provider === 'mux') {
    const names = [identity.organizationName, identity.environmentName].filter(Boolean).join(' / ');
    return `Mux ${names || identity.tokenName || 'account'}`;
  }
  return `FastPix workspace ${count + 1}`;
}
