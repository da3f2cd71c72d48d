// Which URLs JWT Lens may fetch, decided before any request (network is opt-in and bounded): HTTPS
// only, plain HTTP only for the loopback host and only when the user's development setting allows
// it; no credentials in the URL (they would reach logs and messages). An address of this computer
// or of a private network is fetched only when the user's settings allow it: a trusted issuer's
// documents (or a redirect) must not point JWT Lens at services that only the user's machine can
// reach, such as a cloud metadata endpoint or a router. Host names are judged as written here, and
// again by the addresses they resolve to (checkResolvedAddresses) where the platform can resolve them.
import type { Result } from '../text/result';

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
  /**
   * `jwtLens.network.allowHttpLocalhost`: this computer (localhost, 127.0.0.0/8, [::1]) may be
   * fetched, and plain http:// to localhost / 127.0.0.1 / [::1], for development servers.
   */
  readonly allowHttpLocalhost: boolean;
  /** `jwtLens.network.allowPrivateAddresses`: private and link-local addresses (10.x, 192.168.x, 169.254.x, fc00::/7, …) over https. */
  readonly allowPrivateAddresses?: boolean;
}

export type UrlErrorCode = 'ERR_HTTP_URL';

export type UrlCheck = Result<
  { url: URL },
  {
    readonly code: UrlErrorCode;
    readonly message: string;
    /** Refused for where the host is (the settings that allow it differ in the CLI: flags). */
    readonly kind?: AddressKind;
  }
>;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/** Where a host is: this computer, a private or link-local network, or (undefined) anywhere else. */
export type AddressKind = 'this computer' | 'private network';

/**
 * The kind of a URL's hostname as URL parsing leaves it: IPv4 in dotted decimal whatever form it was
 * written in (0x7f000001, 2130706433, 0177.1), IPv6 compressed in brackets.
 */
export function addressKind(hostname: string): AddressKind | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return 'this computer';
  }
  const ipv4 = parseIpv4(host);
  if (ipv4) {
    return ipv4Kind(ipv4);
  }
  const ipv6 = host.startsWith('[') && host.endsWith(']') ? parseIpv6(host.slice(1, -1)) : undefined;
  return ipv6 ? ipv6Kind(ipv6) : undefined;
}

function parseIpv4(host: string): number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  const octets = match?.slice(1).map(Number);
  return octets?.every((octet) => octet <= 255) ? octets : undefined;
}

function ipv4Kind([a, b]: number[]): AddressKind | undefined {
  if (a === 127 || a === 0) {
    // 0.0.0.0 reaches this computer's listening services too.
    return 'this computer';
  }
  const isPrivate =
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    // Carrier-grade NAT (RFC 6598), which VPN overlays also use.
    (a === 100 && b >= 64 && b <= 127);
  return isPrivate ? 'private network' : undefined;
}

/** Eight 16-bit groups, from the compressed form URL parsing writes (hex only, at most one "::"). */
function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  if (groups.flat().some((group) => !/^[0-9a-f]{1,4}$/.test(group))) {
    return undefined;
  }
  const [head, tail = []] = groups.map((half) => half.map((group) => parseInt(group, 16)));
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) {
    return undefined;
  }
  return [...head, ...new Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
}

function ipv6Kind(groups: number[]): AddressKind | undefined {
  const first = groups[0];
  const zeroPrefix = (count: number) => groups.slice(0, count).every((group) => group === 0);
  if (zeroPrefix(7) && groups[7] <= 1) {
    // :: and ::1.
    return 'this computer';
  }
  const embedded = [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff];
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address.
  const mapped = zeroPrefix(5) && (groups[5] === 0xffff || groups[5] === 0);
  const nat64 = first === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0);
  if (mapped || nat64) {
    return ipv4Kind(embedded);
  }
  // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 the old site-local.
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0) {
    return 'private network';
  }
  return undefined;
}

/** The URL if policy allows fetching it; else why not, in words that quote no more than its host. */
export function checkFetchUrl(text: string, policy: FetchPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: { code: 'ERR_HTTP_URL', message: 'Not a URL: enter an https:// address.' } };
  }
  if (url.username || url.password) {
    return { ok: false, error: { code: 'ERR_HTTP_URL', message: 'The URL holds a user name or password: remove them.' } };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      error: { code: 'ERR_HTTP_URL', message: `Only https:// addresses are fetched (${url.protocol}//${url.host} is not).` },
    };
  }
  const kind = addressKind(url.hostname);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      error: { code: 'ERR_HTTP_URL', message: `Only https:// addresses are fetched (${url.protocol}//${url.host} is not).` },
    };
  }
  if (kind === 'this computer' && !policy.allowHttpLocalhost) {
    return {
      ok: false,
      error: {
        code: 'ERR_HTTP_URL',
        kind,
        message:
          url.protocol === 'http:'
            ? `Plain HTTP to ${url.host} is off: use https://, or turn on jwtLens.network.allowHttpLocalhost for a local development server.`
            : `${url.host} is this computer: JWT Lens fetches from it only when jwtLens.network.allowHttpLocalhost is on (a local development server).`,
      },
    };
  }
  if (kind === 'private network' && !policy.allowPrivateAddresses) {
    return {
      ok: false,
      error: {
        code: 'ERR_HTTP_URL',
        kind,
        message: `${url.host} is a private or link-local address: JWT Lens fetches from one only when jwtLens.network.allowPrivateAddresses is on.`,
      },
    };
  }
  return { ok: true, url };
}

/** Whether a URL's host is a name to resolve: an address (or localhost) was judged as written. */
export function isResolvableName(url: URL): boolean {
  return addressKind(url.hostname) === undefined && !/^[\d.]+$/.test(url.hostname) && !url.hostname.startsWith('[');
}

/**
 * A host name judged by the addresses it resolves to, as its address would be: a public name
 * pointing at this computer or a private network gets the same refusal. Names the resolver could
 * not answer for (`addresses` empty) pass: the request then fails, or a proxy resolves them.
 */
export function checkResolvedAddresses(url: URL, addresses: readonly string[], policy: FetchPolicy): UrlCheck {
  for (const address of addresses) {
    const kind = addressKind(address.includes(':') ? urlHostname(`[${address}]`) : address);
    if (kind === 'this computer' && !policy.allowHttpLocalhost) {
      return {
        ok: false,
        error: {
          code: 'ERR_HTTP_URL',
          kind,
          message: `${url.host} resolves to this computer (${address}): JWT Lens fetches from it only when jwtLens.network.allowHttpLocalhost is on.`,
        },
      };
    }
    if (kind === 'private network' && !policy.allowPrivateAddresses) {
      return {
        ok: false,
        error: {
          code: 'ERR_HTTP_URL',
          kind,
          message: `${url.host} resolves to a private or link-local address (${address}): JWT Lens fetches from one only when jwtLens.network.allowPrivateAddresses is on.`,
        },
      };
    }
  }
  return { ok: true, url };
}

/** An address as URL parsing writes it (IPv6 compressed, an embedded IPv4 in hex), or the text when it is not one. */
function urlHostname(host: string): string {
  // A zone id (fe80::1%eth0) is no part of the address, and URL parsing refuses it.
  host = host.replace(/%[^\]]*/, '');
  return URL.canParse(`https://${host}/`) ? new URL(`https://${host}/`).hostname : host;
}
