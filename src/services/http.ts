// The one way JWT Lens talks to the network: core's bounded request (core/judge/boundedFetch.ts:
// time and size limits, redirects followed by hand and judged by the policy) on the platform's
// fetch, proxy-aware in VS Code's extension host, the browser's own in vscode.dev. Errors name the
// host but never a header, a body or a credential. Callers decide what a status means.
import { boundedFetch, FetchFailure, type FetchAnswer, type Method } from '../core/judge/boundedFetch';
import { DEFAULT_HTTP_LIMITS, type FetchPolicy, type HttpLimits } from '../core/judge/fetchPolicy';
import { resolveHost } from './hostLookup';
import { JwtLensError } from '../util/errors';

export { DEFAULT_HTTP_LIMITS, type HttpLimits };

export interface HttpRequest {
  readonly url: string;
  readonly method?: Method;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly policy: FetchPolicy;
  readonly limits?: Partial<HttpLimits>;
  /** Cancels the request (a cancelled command); the error then has code ERR_HTTP_CANCELLED. */
  readonly signal?: AbortSignal;
}

export type HttpResponse = FetchAnswer;

/** vscode.dev and github.dev run extensions in a web worker, where the browser's CORS rules apply. */
const IN_BROWSER = typeof (globalThis as { importScripts?: unknown }).importScripts === 'function';
const NODE_HINT = 'check the address and your network or proxy settings.';
const BROWSER_HINT =
  'in the browser a server must allow requests from this editor (CORS); if it does not, use desktop VS Code. Else check the address and your network.';

const PLATFORM = { resolveHost, networkHint: IN_BROWSER ? BROWSER_HINT : NODE_HINT, reader: 'JWT Lens' };

/** Sends one request within its limits. Any status is an answer; only no answer throws (JwtLensError, ERR_HTTP_*). */
export async function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  try {
    return await boundedFetch({ ...request, limits: { ...DEFAULT_HTTP_LIMITS, ...request.limits } }, PLATFORM);
  } catch (error) {
    if (error instanceof FetchFailure) {
      throw new JwtLensError(error.code, error.message, { cause: error.cause });
    }
    throw error;
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
      { cause: error },
    );
  }
}
