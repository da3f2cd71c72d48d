// The one way JWT Lens talks to the network: the platform's fetch (proxy-aware in VS Code's
// extension host, the browser's own in vscode.dev) with every request bounded in time and size,
// redirects followed by hand and only to URLs the policy allows, and errors that name the host but
// never a header, a body or a credential. Callers decide what a status means.
import {
  checkFetchUrl,
  checkResolvedAddresses,
  isResolvableName,
  DEFAULT_HTTP_LIMITS,
  REDIRECT_STATUSES,
  type FetchPolicy,
  type HttpLimits,
} from '../core/judge/fetchPolicy';
import { resolveHost } from './hostLookup';
import { JwtLensError } from '../util/errors';

export { DEFAULT_HTTP_LIMITS, type HttpLimits };

export interface HttpRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly policy: FetchPolicy;
  readonly limits?: Partial<HttpLimits>;
  /** Cancels the request (a cancelled command); the error then has code ERR_HTTP_CANCELLED. */
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  /** Where the answer came from, after redirects. */
  readonly url: string;
  readonly headers: Headers;
  readonly text: string;
}

/** vscode.dev and github.dev run extensions in a web worker, where the browser's CORS rules apply. */
const IN_BROWSER = typeof (globalThis as { importScripts?: unknown }).importScripts === 'function';
const NODE_HINT = 'check the address and your network or proxy settings.';
const BROWSER_HINT =
  'in the browser a server must allow requests from this editor (CORS); if it does not, use desktop VS Code. Else check the address and your network.';

/** Sends one request within its limits. Any status is an answer; only no answer throws (JwtLensError, ERR_HTTP_*). */
export async function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...request.limits };
  let url = allowedUrl(request.url, request.policy);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), limits.timeoutMs);
  const onCancel = () => timeout.abort();
  request.signal?.addEventListener('abort', onCancel);
  let headers = { ...request.headers };
  let method = request.method ?? 'GET';
  let body = request.body;
  try {
    for (let redirects = 0; ; redirects++) {
      await checkResolved(url, request.policy, limits.timeoutMs, redirects > 0);
      const response = await send(url, method, body, headers, timeout.signal);
      if (response.type === 'opaqueredirect') {
        // A browser hides where a redirect goes, so it cannot be checked against the policy.
        throw new JwtLensError('ERR_HTTP_REDIRECT', `${url.host} redirected the request; use the address it redirects to.`);
      }
      if (!REDIRECT_STATUSES.has(response.status)) {
        const text = await readBody(response, url, limits.maxBytes);
        return { status: response.status, url: url.href, headers: response.headers, text };
      }
      void response.body?.cancel();
      const location = response.headers.get('location');
      if (!location) {
        throw new JwtLensError(
          'ERR_HTTP_REDIRECT',
          `${url.host} answered with a redirect that names no address (HTTP ${response.status}).`,
        );
      }
      if (redirects >= limits.maxRedirects) {
        throw new JwtLensError('ERR_HTTP_REDIRECT', `${url.host} redirected too often (more than ${limits.maxRedirects} times).`);
      }
      const next = allowedUrl(new URL(location, url).href, request.policy, `${url.host} redirected to an address that is not fetched: `);
      if (next.origin !== url.origin) {
        // Credentials are for the server they were given to.
        headers = withoutAuthorization(headers);
      }
      if (becomesGet(response.status, method)) {
        // As browsers do (RFC 9110 §15.4): the write is not repeated elsewhere, only its answer fetched.
        method = 'GET';
        body = undefined;
        headers = withoutBodyHeaders(headers);
      }
      url = next;
    }
  } catch (error) {
    if (error instanceof JwtLensError) {
      throw error;
    }
    if (request.signal?.aborted) {
      throw new JwtLensError('ERR_HTTP_CANCELLED', 'Cancelled.', { cause: error });
    }
    if (timeout.signal.aborted) {
      throw new JwtLensError('ERR_HTTP_TIMEOUT', `${url.host} did not answer within ${limits.timeoutMs / 1000} s.`, { cause: error });
    }
    throw new JwtLensError('ERR_HTTP_NETWORK', `Could not reach ${url.host}: ${IN_BROWSER ? BROWSER_HINT : NODE_HINT}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCancel);
  }
}

/** The body as JSON; a body that is not JSON fails with ERR_HTTP_NOT_JSON naming the host, never quoting the body. */
export function jsonBody(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch (error) {
    throw new JwtLensError(
      'ERR_HTTP_NOT_JSON',
      `${new URL(response.url).host} answered with something that is not JSON (HTTP ${response.status}).`,
      {
        cause: error,
      },
    );
  }
}

function allowedUrl(text: string, policy: FetchPolicy, prefix = ''): URL {
  const checked = checkFetchUrl(text, policy);
  if (!checked.ok) {
    throw new JwtLensError(prefix ? 'ERR_HTTP_REDIRECT' : checked.error.code, prefix + checked.error.message);
  }
  return checked.url;
}

/** The host's addresses judged as its name was (a host written as an address was judged already). */
async function checkResolved(url: URL, policy: FetchPolicy, timeoutMs: number, redirected: boolean): Promise<void> {
  if (!isResolvableName(url)) {
    return;
  }
  const checked = checkResolvedAddresses(url, await resolveHost(url.hostname, timeoutMs), policy);
  if (!checked.ok) {
    throw new JwtLensError(redirected ? 'ERR_HTTP_REDIRECT' : checked.error.code, checked.error.message);
  }
}

type Method = NonNullable<HttpRequest['method']>;

function send(url: URL, method: Method, body: string | undefined, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
  return fetch(url, {
    method,
    headers,
    body,
    redirect: 'manual',
    credentials: 'omit',
    signal,
  });
}

/** 303 turns any request but GET into a GET; 301 and 302 turn a POST into one (the Fetch standard's rule). */
function becomesGet(status: number, method: Method): boolean {
  return method !== 'GET' && (status === 303 || (method === 'POST' && (status === 301 || status === 302)));
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-/i.test(name)));
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}

async function readBody(response: Response, url: URL, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new JwtLensError('ERR_HTTP_TOO_LARGE', `${url.host} sent more than ${Math.round(maxBytes / 1024)} KB; JWT Lens stops reading there.`);
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    void response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) {
    return '';
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel();
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
