// Which URLs JWT Lens may fetch, decided before any request (network is opt-in and bounded): HTTPS
// only, plain HTTP only for the loopback host and only when the user's development setting allows
// it; no credentials in the URL (they would reach logs and messages).

export interface HttpLimits {
  /** The whole exchange, redirects and body included. */
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
}

/** Every request's bounds, in the editor and the CLI alike. */
export const DEFAULT_HTTP_LIMITS: HttpLimits = { timeoutMs: 5000, maxBytes: 1024 * 1024, maxRedirects: 3 };

/** The statuses a redirect is followed for (by hand, each new address checked against the policy). */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface FetchPolicy {
  /** `jwtLens.network.allowHttpLocalhost`: plain http:// to localhost / 127.0.0.1 / [::1], for development servers. */
  readonly allowHttpLocalhost: boolean;
}

export type UrlCheck =
  { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly code: 'ERR_HTTP_URL'; readonly message: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/** The URL if policy allows fetching it; else why not, in words that quote no more than its host. */
export function checkFetchUrl(text: string, policy: FetchPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, code: 'ERR_HTTP_URL', message: 'Not a URL: enter an https:// address.' };
  }
  if (url.username || url.password) {
    return { ok: false, code: 'ERR_HTTP_URL', message: 'The URL holds a user name or password: remove them.' };
  }
  if (url.protocol === 'https:') {
    return { ok: true, url };
  }
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
    return policy.allowHttpLocalhost
      ? { ok: true, url }
      : {
          ok: false,
          code: 'ERR_HTTP_URL',
          message: `Plain HTTP to ${url.host} is off: use https://, or turn on jwtLens.network.allowHttpLocalhost for a local development server.`,
        };
  }
  return { ok: false, code: 'ERR_HTTP_URL', message: `Only https:// addresses are fetched (${url.protocol}//${url.host} is not).` };
}
