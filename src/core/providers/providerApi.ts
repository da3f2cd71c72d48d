// The Mux and FastPix signing-key APIs as data: which request each operation is, what a good answer
// looks like, and what each failure means to the user. Pure: no network here (services/accounts.ts
// sends the requests through services/http.ts). No message quotes an answer's body, a header or a
// credential: they name the provider, the operation and what to do.
import { base64Text, utf8Bytes } from '../text/base64';
import type { Result } from '../text/result';
import { isJsonObject, type JsonObject } from '../token/decode';

export type AccountProvider = 'mux' | 'fastpix';

export const PROVIDER_NAMES: Readonly<Record<AccountProvider, string>> = { mux: 'Mux', fastpix: 'FastPix' };

/** The APIs' own addresses (FastPix's current SDKs' default; older examples use api.fastpix.io and v1.fastpix.io). */
export const DEFAULT_API_BASE_URLS: Readonly<Record<AccountProvider, string>> = {
  mux: 'https://api.mux.com',
  fastpix: 'https://api.fastpix.com/v1/',
};

/** What each provider's access token needs, as its dashboard names it (the 403 message and the README say it). */
export const REQUIRED_PERMISSIONS: Readonly<Record<AccountProvider, string>> = {
  mux: 'the System permission (Read to list keys, Read and Write to create or revoke them)',
  fastpix: 'Read and Write permission (FastPix dashboard: Settings → Access Tokens)',
};

export type AccountOperation = 'check' | 'list' | 'create' | 'get' | 'revoke';

const OPERATION_WORDS: Readonly<Record<AccountOperation, string>> = {
  check: 'check the access token',
  list: 'list the signing keys',
  create: 'create a signing key',
  get: 'read the signing key',
  revoke: 'revoke the signing key',
};

export interface AccountRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly body?: string;
}

/** Remote keys listed per page, and at most this many pages (a listing is for people, not a crawl). */
export const KEYS_PAGE_SIZE = 100;
export const MAX_KEY_PAGES = 10;

/** Both providers' key ids: Mux's letters and digits, FastPix's UUIDs. */
const KEY_ID_SHAPE = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Why a key id cannot be put in a request path, or undefined when it can. Key ids come from tokens
 * (a FastPix kid is looked up with the user's access token), so only the providers' own shape is
 * sent: "." and ".." are dot segments that URL parsing resolves, a proxy that decodes %2F before
 * routing would see another path, and a lone surrogate cannot be encoded at all.
 */
export function kidProblem(keyId: unknown): string | undefined {
  return typeof keyId === 'string' && KEY_ID_SHAPE.test(keyId)
    ? undefined
    : 'Not a signing key id: ids are 1 to 128 letters, digits, "-" or "_".';
}

/** The request for an operation; `page` counts from 1; `keyId` for get and revoke, checked by kidProblem first. */
export function accountRequest(
  provider: AccountProvider,
  baseUrl: string,
  operation: AccountOperation,
  keyId = '',
  page = 1,
): AccountRequest {
  const keysPath = provider === 'mux' ? 'system/v1/signing-keys' : 'iam/signing-keys';
  const url = (path: string) => `${baseUrl.replace(/\/+$/, '')}/${path}`;
  const oneKey = url(`${keysPath}/${encodeURIComponent(keyId)}`);
  const listQuery = provider === 'mux' ? `?page=${page}&limit=${KEYS_PAGE_SIZE}` : `?limit=${KEYS_PAGE_SIZE}&offset=${page}`;
  switch (operation) {
    case 'check':
      return { method: 'GET', url: provider === 'mux' ? url('system/v1/whoami') : url(`${keysPath}?limit=1&offset=1`) };
    case 'list':
      return { method: 'GET', url: url(keysPath) + listQuery };
    case 'create':
      return { method: 'POST', url: url(keysPath), body: '{}' };
    case 'get':
      return { method: 'GET', url: oneKey };
    case 'revoke':
      return { method: 'DELETE', url: oneKey };
  }
}

/** The Authorization header for an access token (id as user name, secret as password: RFC 7617). */
export function basicAuthorization(tokenId: string, tokenSecret: string): string {
  return `Basic ${base64Text(utf8Bytes(`${tokenId}:${tokenSecret}`))}`;
}

export type AccountErrorCode =
  | 'ERR_ACCOUNT_UNAUTHORIZED'
  | 'ERR_ACCOUNT_FORBIDDEN'
  | 'ERR_ACCOUNT_NOT_FOUND'
  | 'ERR_ACCOUNT_RATE_LIMITED'
  | 'ERR_ACCOUNT_SERVER'
  | 'ERR_ACCOUNT_RESPONSE';

export interface AccountFailure {
  readonly code: AccountErrorCode;
  readonly message: string;
}

/**
 * The failure an HTTP status means, or undefined for success (2xx). `retryAfter` is the answer's
 * Retry-After header (seconds or an HTTP date), read only for 429.
 */
export function statusFailure(
  provider: AccountProvider,
  operation: AccountOperation,
  status: number,
  retryAfter: string | null = null,
  nowMs = Date.now(),
): AccountFailure | undefined {
  if (status >= 200 && status < 300) {
    return undefined;
  }
  const name = PROVIDER_NAMES[provider];
  const couldNot = `Could not ${OPERATION_WORDS[operation]}`;
  switch (status) {
    case 401:
      return {
        code: 'ERR_ACCOUNT_UNAUTHORIZED',
        message: `${name} refused the access token (HTTP 401): check the token id and secret, or connect the account again.`,
      };
    case 403:
      return {
        code: 'ERR_ACCOUNT_FORBIDDEN',
        message: `${couldNot}: the ${name} access token lacks the permission (HTTP 403). It needs ${REQUIRED_PERMISSIONS[provider]}.`,
      };
    case 404:
      return {
        code: 'ERR_ACCOUNT_NOT_FOUND',
        message:
          operation === 'get' || operation === 'revoke'
            ? `${couldNot}: ${name} has no signing key with that id in this environment (HTTP 404).`
            : `${couldNot}: ${name} answered "not found" (HTTP 404); check jwtLens.${provider}.apiBaseUrl.`,
      };
    case 429: {
      const wait = retryAfterSeconds(retryAfter, nowMs);
      return {
        code: 'ERR_ACCOUNT_RATE_LIMITED',
        message: `${couldNot}: ${name} is limiting requests (HTTP 429); try again ${wait === undefined ? 'in a minute' : `in ${wait} s`}.`,
      };
    }
    default:
      return status >= 500
        ? { code: 'ERR_ACCOUNT_SERVER', message: `${couldNot}: ${name} had a problem (HTTP ${status}); try again later.` }
        : { code: 'ERR_ACCOUNT_RESPONSE', message: `${couldNot}: ${name} answered HTTP ${status}.` };
  }
}

/** Seconds to wait from a Retry-After header (delta-seconds or HTTP-date, RFC 9110 §10.2.3), capped at a day. */
export function retryAfterSeconds(header: string | null, nowMs: number): number | undefined {
  if (!header) {
    return undefined;
  }
  const trimmed = header.trim();
  if (/^\d{1,9}$/.test(trimmed)) {
    return Math.min(Number(trimmed), 86_400);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, Math.ceil((date - nowMs) / 1000)), 86_400);
}

export type ParseResult<T> = Result<{ value: T }, AccountFailure>;

/** Who the access token is (Mux's whoami; FastPix has none, so its check only proves the token works). */
export interface AccountIdentity {
  /** The access token's name (Mux), for the account's label. */
  readonly tokenName?: string;
  readonly environmentId?: string;
  readonly environmentName?: string;
  readonly environmentType?: string;
  readonly organizationName?: string;
  readonly permissions?: readonly string[];
}

export interface RemoteKey {
  readonly id: string;
  /** ISO 8601, whatever the provider sent (Mux: epoch seconds as a string; FastPix: ISO). */
  readonly created?: string;
}

export interface CreatedKey extends RemoteKey {
  /** Base64-encoded PEM exactly as the provider returned it: it goes to SecretStorage and nowhere else. */
  readonly privateKey: string;
}

export interface RemotePublicKey {
  readonly id: string;
  readonly publicKey: string;
  readonly workspaceId?: string;
}

function unexpected<T>(provider: AccountProvider, operation: AccountOperation, what: string): ParseResult<T> {
  return {
    ok: false,
    error: {
      code: 'ERR_ACCOUNT_RESPONSE',
      message: `Could not ${OPERATION_WORDS[operation]}: ${PROVIDER_NAMES[provider]}'s answer has no ${what}; check jwtLens.${provider}.apiBaseUrl.`,
    },
  };
}

/** Both APIs wrap the answer in `data`. */
function dataOf(body: unknown): unknown {
  return isJsonObject(body) ? body.data : undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** Epoch seconds (number or digits, Mux) or an ISO date (FastPix) as ISO 8601; undefined when neither. */
export function createdAt(value: unknown): string | undefined {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : undefined;
  if (seconds !== undefined) {
    return new Date(seconds * 1000).toISOString();
  }
  const parsed = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

export function parseIdentity(provider: AccountProvider, body: unknown): ParseResult<AccountIdentity> {
  if (provider === 'fastpix') {
    return isJsonObject(body) && Array.isArray(body.data) ? { ok: true, value: {} } : unexpected(provider, 'check', 'list of keys');
  }
  const data = dataOf(body);
  if (!isJsonObject(data)) {
    return unexpected(provider, 'check', 'account details');
  }
  const permissions = Array.isArray(data.permissions) ? data.permissions.filter((p): p is string => typeof p === 'string') : undefined;
  return {
    ok: true,
    value: {
      tokenName: text(data.access_token_name),
      environmentId: text(data.environment_id),
      environmentName: text(data.environment_name),
      environmentType: text(data.environment_type),
      organizationName: text(data.organization_name),
      permissions,
    },
  };
}

export interface KeyPage {
  readonly keys: readonly RemoteKey[];
  /** Whether another page may follow. */
  readonly more: boolean;
}

export function parseKeyPage(provider: AccountProvider, body: unknown): ParseResult<KeyPage> {
  const data = dataOf(body);
  if (!Array.isArray(data)) {
    return unexpected(provider, 'list', 'list of keys');
  }
  const keys: RemoteKey[] = [];
  for (const entry of data) {
    const id = isJsonObject(entry) ? text(entry.id) : undefined;
    if (id) {
      keys.push({ id, created: createdAt((entry as JsonObject)[provider === 'mux' ? 'created_at' : 'createdAt']) });
    }
  }
  let more = data.length >= KEYS_PAGE_SIZE;
  const pagination = isJsonObject(body) ? body.pagination : undefined;
  if (provider === 'fastpix' && isJsonObject(pagination)) {
    const { currentOffset, offsetCount } = pagination;
    if (typeof currentOffset === 'number' && typeof offsetCount === 'number') {
      more = currentOffset < offsetCount;
    }
  }
  return { ok: true, value: { keys, more } };
}

export function parseCreatedKey(provider: AccountProvider, body: unknown): ParseResult<CreatedKey> {
  const data = dataOf(body);
  const id = isJsonObject(data) ? text(data.id) : undefined;
  const privateKey = isJsonObject(data) ? text(data[provider === 'mux' ? 'private_key' : 'privateKey']) : undefined;
  if (!id) {
    return unexpected(provider, 'create', 'key id');
  }
  if (!privateKey) {
    return unexpected(provider, 'create', 'private key');
  }
  return { ok: true, value: { id, privateKey, created: createdAt((data as JsonObject)[provider === 'mux' ? 'created_at' : 'createdAt']) } };
}

/** FastPix's GET /iam/signing-keys/{id}: the public key (PEM, possibly base64-wrapped) and its workspace. */
export function parsePublicKey(body: unknown, requestedId: string): ParseResult<RemotePublicKey> {
  const data = dataOf(body);
  const publicKey = isJsonObject(data) ? text(data.publicKey) : undefined;
  if (!publicKey) {
    return unexpected('fastpix', 'get', 'public key');
  }
  const workspaceId = text((data as JsonObject).workspaceId);
  return { ok: true, value: { id: text((data as JsonObject).signingKeyId) ?? requestedId, publicKey, workspaceId } };
}
