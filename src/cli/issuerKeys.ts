// --issuer and --jwks: an identity provider's published keys, fetched only when asked, over HTTPS,
// through the extension's bounded request (src/core/judge/boundedFetch.ts: time, size, redirects each checked)
// and its validation (src/core/judge/jwks.ts: discovery issuer must match, public signing keys only).
// The keys join the --keys texts as a JWKS, so every scan path (workers, --staged, --history)
// verifies with them alike. Messages name hosts, never a body.
import { checkDiscoveryDocument, discoveryUrls, hostOf, readJwks, type IssuerKey } from '../core/judge/jwks';
import { boundedFetch, FetchFailure, type FetchAnswer } from '../core/judge/boundedFetch';
import { checkFetchUrl, DEFAULT_HTTP_LIMITS, type AddressKind, type FetchPolicy } from '../core/judge/fetchPolicy';
import { resolveHost } from '../services/hostLookup';
import { CliError } from './cliError';
import type { KeyText } from './keyFiles';

type Answer = FetchAnswer;

const HTTPS_ONLY = 'only https:// addresses are fetched.';

/** The CLI's side of core's bounded request: HTTPS only (no development setting for plain HTTP), and its own words. */
const PLATFORM = {
  resolveHost,
  networkHint: 'check the address and the network.',
  reader: 'jwt-lens',
  refuse: (url: string) => (/^https:\/\//i.test(url) ? undefined : HTTPS_ONLY),
  describeRefusal: (host: string, error: { message: string; kind?: AddressKind }, resolved: boolean) =>
    refusal(host, error, resolved ? 'resolves to' : 'is'),
};

/** HTTPS only (checked first, in the CLI's words), then the policy. */
function allowed(text: string, what: string, policy: FetchPolicy): URL {
  if (!/^https:\/\//i.test(text)) {
    throw new CliError(`${what}: ${HTTPS_ONLY}`);
  }
  const checked = checkFetchUrl(text, policy);
  if (!checked.ok) {
    throw new CliError(`${what}: ${refusal(URL.canParse(text) ? new URL(text).host : text, checked.error)}`);
  }
  return checked.url;
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

/** One GET within the extension's limits (core/judge/boundedFetch.ts); a refused first address is said with `what`. */
async function boundedGet(address: string, what: string, policy: FetchPolicy): Promise<Answer> {
  allowed(address, what, policy);
  try {
    return await boundedFetch({ url: address, headers: { accept: 'application/json' }, policy, limits: DEFAULT_HTTP_LIMITS }, PLATFORM);
  } catch (error) {
    if (error instanceof FetchFailure) {
      // The first address's host name resolving inside: said like a refused address, with `what`.
      throw new CliError(error.code === 'ERR_HTTP_URL' ? `${what}: ${error.message}` : error.message);
    }
    throw error;
  }
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
