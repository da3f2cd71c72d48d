// --issuer and --jwks: an identity provider's published keys, fetched only when asked, over HTTPS,
// with the extension's bounds (src/core/judge/fetchPolicy.ts: time, size, redirects each checked)
// and its validation (src/core/judge/jwks.ts: discovery issuer must match, public signing keys only).
// The keys join the --keys texts as a JWKS, so every scan path (workers, --staged, --history)
// verifies with them alike. Messages name hosts, never a body.
import { checkDiscoveryDocument, discoveryUrls, hostOf, readJwks, type IssuerKey } from '../core/judge/jwks';
import {
  checkFetchUrl,
  checkResolvedAddresses,
  isResolvableName,
  DEFAULT_HTTP_LIMITS,
  REDIRECT_STATUSES,
  type AddressKind,
  type FetchPolicy,
} from '../core/judge/fetchPolicy';
import { resolveHost } from '../services/hostLookup';
import { CliError } from './cliError';
import type { KeyText } from './keyFiles';

interface Answer {
  readonly status: number;
  readonly url: string;
  readonly text: string;
}

/** HTTPS only (checked first, in the CLI's words): the CLI has no development setting for plain HTTP. */
function allowed(text: string, what: string, policy: FetchPolicy): URL {
  if (!/^https:\/\//i.test(text)) {
    throw new CliError(`${what}: only https:// addresses are fetched.`);
  }
  const checked = checkFetchUrl(text, policy);
  if (!checked.ok) {
    throw new CliError(`${what}: ${refusal(URL.canParse(text) ? new URL(text).host : text, checked.error)}`);
  }
  return checked.url;
}

/** A host name judged by its addresses as an address is (names only: written addresses were judged). */
async function checkResolved(url: URL, what: string, policy: FetchPolicy): Promise<void> {
  if (!isResolvableName(url)) {
    return;
  }
  const checked = checkResolvedAddresses(url, await resolveHost(url.hostname, DEFAULT_HTTP_LIMITS.timeoutMs), policy);
  if (!checked.ok) {
    throw new CliError(`${what}: ${refusal(url.host, checked.error, 'resolves to')}`);
  }
}

/** The policy's refusal in the CLI's words: its opt-ins are flags, not the editor's settings. */
function refusal(host: string, error: { message: string; kind?: AddressKind }, verb = 'is'): string {
  if (error.kind === 'this computer') {
    return `${host} ${verb} this computer: add --allow-localhost to fetch from it.`;
  }
  if (error.kind === 'private network') {
    return `${host} ${verb} a private or link-local address: add --allow-private-addresses to fetch from it.`;
  }
  return error.message;
}

/** One GET within the limits: redirects followed by hand, each target checked; the body read up to the size limit. */
async function boundedGet(address: string, what: string, policy: FetchPolicy): Promise<Answer> {
  const limits = DEFAULT_HTTP_LIMITS;
  let url = allowed(address, what, policy);
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  try {
    for (let redirects = 0; ; redirects++) {
      await checkResolved(url, redirects > 0 ? `${what} (redirected)` : what, policy);
      const response = await fetch(url, { redirect: 'manual', signal: timeout, headers: { accept: 'application/json' } });
      if (!REDIRECT_STATUSES.has(response.status)) {
        return { status: response.status, url: url.href, text: await readLimited(response, url, limits.maxBytes) };
      }
      void response.body?.cancel();
      const location = response.headers.get('location');
      if (!location || redirects >= limits.maxRedirects) {
        throw new CliError(`${url.host} redirected ${location ? 'too often' : 'without an address'}.`);
      }
      url = allowed(new URL(location, url).href, `${url.host} redirected to an address that is not fetched`, policy);
    }
  } catch (error) {
    if (error instanceof CliError) {
      throw error;
    }
    if (timeout.aborted) {
      throw new CliError(`${url.host} did not answer within ${limits.timeoutMs / 1000} s.`);
    }
    throw new CliError(`Could not reach ${url.host}: check the address and the network.`);
  }
}

async function readLimited(response: Response, url: URL, maxBytes: number): Promise<string> {
  const tooLarge = () => new CliError(`${url.host} sent more than ${Math.round(maxBytes / 1024)} KB; jwt-lens stops reading there.`);
  if (Number(response.headers.get('content-length')) > maxBytes) {
    void response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) {
    return '';
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      void response.body.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function json(answer: Answer): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    throw new CliError(`${new URL(answer.url).host} answered with something that is not JSON (HTTP ${answer.status}).`);
  }
}

/** The jwks_uri from the issuer's discovery document (OpenID Connect, then RFC 8414). */
async function discover(issuer: string, policy: FetchPolicy): Promise<string> {
  for (const address of discoveryUrls(issuer)) {
    const answer = await boundedGet(address, `--issuer ${hostOf(issuer)}`, policy);
    if (answer.status === 404) {
      continue;
    }
    if (answer.status !== 200) {
      throw new CliError(`Discovery failed: ${hostOf(address)} answered HTTP ${answer.status}.`);
    }
    const checked = checkDiscoveryDocument(json(answer), issuer);
    if (!checked.ok) {
      throw new CliError(checked.error.message);
    }
    return checked.value;
  }
  throw new CliError(`Discovery failed: ${hostOf(issuer)} publishes no discovery document.`);
}

async function fetchKeys(jwksUri: string, policy: FetchPolicy): Promise<IssuerKey[]> {
  const answer = await boundedGet(jwksUri, `--jwks ${hostOf(jwksUri)}`, policy);
  if (answer.status !== 200) {
    throw new CliError(`JWKS fetch failed: ${hostOf(jwksUri)} answered HTTP ${answer.status}.`);
  }
  const read = await readJwks(json(answer), jwksUri);
  if (!read.ok) {
    throw new CliError(read.error.message);
  }
  return read.value.keys;
}

/** A JWKS of the fetched public keys, each keeping its kid and alg. */
function asKeyText(label: string, keys: readonly IssuerKey[]): KeyText {
  const members = keys.map((key) => ({
    ...key.publicJwk,
    ...(key.kid !== undefined ? { kid: key.kid } : {}),
    ...(key.alg ? { alg: key.alg } : {}),
  }));
  return { label, text: JSON.stringify({ keys: members }) };
}

/** The keys of each --issuer and --jwks, labelled by host; a failure is a CliError naming the host. */
export async function issuerKeyTexts(issuers: readonly string[], jwksUrls: readonly string[], policy: FetchPolicy): Promise<KeyText[]> {
  const out: KeyText[] = [];
  for (const issuer of issuers) {
    allowed(issuer, `--issuer ${hostOf(issuer)}`, policy);
    out.push(asKeyText(hostOf(issuer), await fetchKeys(await discover(issuer, policy), policy)));
  }
  for (const jwksUri of jwksUrls) {
    out.push(asKeyText(hostOf(jwksUri), await fetchKeys(jwksUri, policy)));
  }
  return out;
}
