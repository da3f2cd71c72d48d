// What is wrong with a token given how its text carries it (core/token/carrier.ts): a cookie set
// without the attributes that keep it from scripts, plain HTTP and other sites; a bearer token in a
// URL's query; an ID token sent where an access token goes.
import type { DecodedToken, JsonObject } from '../token/decode';
import { isDpopProof } from '../token/sdJwt';
import { oneLine } from '../text/display';
import { isAccessTokenType, LINT_RULES, type LintFinding, type LintId } from './lint';
import { looksLikeFastPix, looksLikeMux } from './platforms';

/**
 * Query parameters that carry a JWT by design: OpenID Connect's id_token_hint and login_hint_token,
 * a request object (RFC 9101 §5.2), a JARM response, and the client's own state.
 */
const BY_DESIGN_PARAMETERS = ['id_token_hint', 'login_hint_token', 'request', 'response', 'state'];

export function lintCarrier(decoded: DecodedToken): LintFinding[] {
  const { carrier, header, payload } = decoded;
  if (!carrier || !header) {
    return [];
  }
  const findings: LintFinding[] = [];
  const add = (id: LintId, message: string) => findings.push({ id, severity: LINT_RULES[id].severity, message });
  if (carrier.kind === 'set-cookie' && carrier.missing.length > 0) {
    const missing = carrier.missing.join(carrier.missing.length === 2 ? ' or ' : ', ').replace(/, (\w+)$/, ' or $1');
    add('cookie-attributes', `Cookie "${oneLine(carrier.cookie, 40)}" set without ${missing}.`);
  }
  if (carrier.kind === 'query' && !BY_DESIGN_PARAMETERS.includes(carrier.parameter) && !playbackToken(decoded, carrier.parameter)) {
    add('token-in-url', `In a URL query ("${oneLine(carrier.parameter, 40)}=").`);
  }
  const idToken = carrier.kind === 'bearer' && payload ? idTokenSign(header, payload) : undefined;
  if (idToken) {
    add('id-token-as-bearer', `An ID token (${idToken}) sent as a Bearer access token.`);
  }
  return findings;
}

/** Mux and FastPix playback tokens travel in `?token=`, by the provider's design (core/providers/signedUrls.ts). */
function playbackToken(decoded: DecodedToken, parameter: string): boolean {
  return parameter === 'token' && (looksLikeMux(decoded) || looksLikeFastPix(decoded));
}

/** What says the token is an OpenID Connect ID token, or undefined when nothing does. */
function idTokenSign(header: JsonObject, payload: JsonObject): string | undefined {
  // An access token says so: "typ" at+jwt, or Keycloak's "typ": "Bearer" claim. A DPoP proof has its own nonce.
  if (isAccessTokenType(header.typ) || isDpopProof(header) || payload.typ === 'Bearer') {
    return undefined;
  }
  if (payload.typ === 'ID') {
    return '"typ": "ID"';
  }
  const claim = ['at_hash', 'c_hash', 'nonce'].find((name) => payload[name] !== undefined);
  return claim && `"${claim}"`;
}
