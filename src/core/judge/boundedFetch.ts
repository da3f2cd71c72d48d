// One bounded request, for the editor and the CLI alike: the platform's fetch with the whole
// exchange bounded in time and size, redirects followed by hand (each new address judged by the
// policy, as written and by what its name resolves to), credentials kept for the server they were
// given to. Failures name the host, never a header, a body or a credential. Callers decide what a
// status means, and word refusals in their own terms (settings in the editor, flags in the CLI).
import { checkFetchUrl, checkResolvedAddresses, isResolvableName, REDIRECT_STATUSES, type AddressKind } from './fetchPolicy';
import type { FetchPolicy, HttpLimits, UrlErrorCode } from './fetchPolicy';

export type FetchErrorCode =
  UrlErrorCode | 'ERR_HTTP_REDIRECT' | 'ERR_HTTP_TIMEOUT' | 'ERR_HTTP_NETWORK' | 'ERR_HTTP_TOO_LARGE' | 'ERR_HTTP_CANCELLED';

/** Why a request got no answer. `kind` is set when an address was refused for where it is. */
export class FetchFailure extends Error {
  override readonly name = 'FetchFailure';
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly kind?: AddressKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface BoundedRequest {
  readonly url: string;
  readonly method?: Method;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly policy: FetchPolicy;
  readonly limits: HttpLimits;
  /** Cancels the request; the failure then has code ERR_HTTP_CANCELLED. */
  readonly signal?: AbortSignal;
}

/** What differs by where the request is made. */
export interface FetchPlatform {
  /** A host name's addresses; none when it does not resolve (the request then says why). */
  resolveHost(hostname: string, timeoutMs: number): Promise<readonly string[]>;
  /** Said after "Could not reach <host>: ". */
  readonly networkHint: string;
  /** Who stops reading an answer over the size limit ("JWT Lens", "jwt-lens"). */
  readonly reader: string;
  /** A refusal in the caller's words; by default the policy's (which names the editor's settings). */
  describeRefusal?(host: string, refusal: { readonly message: string; readonly kind?: AddressKind }, resolved: boolean): string;
  /** The caller's own rule for an address, on top of the policy: why it is not fetched, or undefined. */
  refuse?(url: string): string | undefined;
}

export interface FetchAnswer {
  readonly status: number;
  /** Where the answer came from, after redirects. */
  readonly url: string;
  readonly headers: Headers;
  readonly text: string;
}

const REDIRECTED = (host: string) => `${host} redirected to an address that is not fetched: `;

/** Sends one request within its limits. Any status is an answer; only no answer throws (FetchFailure). */
export async function boundedFetch(request: BoundedRequest, platform: FetchPlatform): Promise<FetchAnswer> {
  const { limits, policy } = request;
  let url = allowedUrl(request.url, policy, platform);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), limits.timeoutMs);
  const onCancel = () => timeout.abort();
  request.signal?.addEventListener('abort', onCancel);
  let headers = { ...request.headers };
  let method = request.method ?? 'GET';
  let body = request.body;
  try {
    let redirectedBy: string | undefined;
    for (let redirects = 0; ; redirects++) {
      await checkResolved(url, request, platform, redirectedBy);
      const response = await fetch(url, { method, headers, body, redirect: 'manual', credentials: 'omit', signal: timeout.signal });
      if (response.type === 'opaqueredirect') {
        // A browser hides where a redirect goes, so it cannot be checked against the policy.
        throw new FetchFailure('ERR_HTTP_REDIRECT', `${url.host} redirected the request; use the address it redirects to.`);
      }
      if (!REDIRECT_STATUSES.has(response.status)) {
        const text = await readBody(response, url, limits.maxBytes, platform.reader);
        return { status: response.status, url: url.href, headers: response.headers, text };
      }
      void response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      if (!location) {
        throw new FetchFailure(
          'ERR_HTTP_REDIRECT',
          `${url.host} answered with a redirect that names no address (HTTP ${response.status}).`,
        );
      }
      if (redirects >= limits.maxRedirects) {
        throw new FetchFailure('ERR_HTTP_REDIRECT', `${url.host} redirected too often (more than ${limits.maxRedirects} times).`);
      }
      const next = allowedUrl(new URL(location, url).href, policy, platform, url.host);
      if (next.origin !== url.origin) {
        // Credentials are for the server they were given to.
        headers = without(headers, (name) => name === 'authorization');
      }
      if (becomesGet(response.status, method)) {
        // As browsers do (RFC 9110 §15.4): the write is not repeated elsewhere, only its answer fetched.
        method = 'GET';
        body = undefined;
        headers = without(headers, (name) => name.startsWith('content-'));
      }
      redirectedBy = url.host;
      url = next;
    }
  } catch (error) {
    if (error instanceof FetchFailure) {
      throw error;
    }
    if (request.signal?.aborted) {
      throw new FetchFailure('ERR_HTTP_CANCELLED', 'Cancelled.', undefined, { cause: error });
    }
    if (timeout.signal.aborted) {
      throw new FetchFailure('ERR_HTTP_TIMEOUT', `${url.host} did not answer within ${limits.timeoutMs / 1000} s.`, undefined, {
        cause: error,
      });
    }
    throw new FetchFailure('ERR_HTTP_NETWORK', `Could not reach ${url.host}: ${platform.networkHint}`, undefined, { cause: error });
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCancel);
  }
}

/** The URL when the policy and the caller allow it; `redirectedBy`: the host whose redirect named it. */
function allowedUrl(text: string, policy: FetchPolicy, platform: FetchPlatform, redirectedBy?: string): URL {
  const prefix = redirectedBy !== undefined ? REDIRECTED(redirectedBy) : '';
  const code = redirectedBy !== undefined ? 'ERR_HTTP_REDIRECT' : 'ERR_HTTP_URL';
  const own = platform.refuse?.(text);
  if (own !== undefined) {
    throw new FetchFailure(code, prefix + own);
  }
  const checked = checkFetchUrl(text, policy);
  if (!checked.ok) {
    const host = URL.canParse(text) ? new URL(text).host : text;
    const message = platform.describeRefusal?.(host, checked.error, false) ?? checked.error.message;
    throw new FetchFailure(code, prefix + message, checked.error.kind);
  }
  return checked.url;
}

/** The host's addresses judged as its name was (a host written as an address was judged already). */
async function checkResolved(url: URL, request: BoundedRequest, platform: FetchPlatform, redirectedBy: string | undefined): Promise<void> {
  if (!isResolvableName(url)) {
    return;
  }
  const checked = checkResolvedAddresses(url, await platform.resolveHost(url.hostname, request.limits.timeoutMs), request.policy);
  if (!checked.ok) {
    const message = platform.describeRefusal?.(url.host, checked.error, true) ?? checked.error.message;
    if (redirectedBy !== undefined) {
      throw new FetchFailure('ERR_HTTP_REDIRECT', REDIRECTED(redirectedBy) + message, checked.error.kind);
    }
    throw new FetchFailure(checked.error.code, message, checked.error.kind);
  }
}

/** 303 turns any request but GET into a GET; 301 and 302 turn a POST into one (the Fetch standard's rule). */
function becomesGet(status: number, method: Method): boolean {
  return method !== 'GET' && (status === 303 || (method === 'POST' && (status === 301 || status === 302)));
}

function without(headers: Record<string, string>, drop: (lowerCaseName: string) => boolean): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !drop(name.toLowerCase())));
}

async function readBody(response: Response, url: URL, maxBytes: number, reader: string): Promise<string> {
  const tooLarge = () =>
    new FetchFailure('ERR_HTTP_TOO_LARGE', `${url.host} sent more than ${Math.round(maxBytes / 1024)} KB; ${reader} stops reading there.`);
  if (Number(response.headers.get('content-length')) > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) {
    return '';
  }
  const stream = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await stream.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > maxBytes) {
      void stream.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
