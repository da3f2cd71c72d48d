// What each claim means, one line each with the section that defines it: the IANA JSON Web Token
// Claims registry, OpenID Connect, RFC 9068 (access tokens), RFC 8693 (token exchange), and the
// claims of the common identity providers and of Mux and FastPix playback tokens. The provider is
// recognised by the token's iss (or, for Mux, by its shape), and its own meaning of a claim wins.
import type { JsonObject } from '../token/decode';
import { isFastPixIssuer, playbackPlatform } from '../judge/platforms';
import { oneLine, safeJson } from '../text/display';
import { rfcLink } from '../judge/lint';
import { isoUtc, relativeDuration } from '../token/time';

export type ClaimProvider = 'entra' | 'auth0' | 'google' | 'cognito' | 'okta' | 'keycloak' | 'mux' | 'fastpix';

export interface ClaimInfo {
  readonly name: string;
  /** One line: what the claim says. */
  readonly description: string;
  /** The specification section (or provider reference) that defines it. */
  readonly spec: string;
  /** Its value is a NumericDate (seconds since the epoch): shown as a date. */
  readonly time?: boolean;
  /** Set for a provider's own claim (or its own meaning of a registered one). */
  readonly provider?: ClaimProvider;
}

const OIDC = 'https://openid.net/specs/openid-connect-core-1_0.html';
const OIDC_ID_TOKEN = `${OIDC}#IDToken`;
const OIDC_STANDARD = `${OIDC}#StandardClaims`;
const ENTRA = 'https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference';
const ENTRA_OPTIONAL = 'https://learn.microsoft.com/en-us/entra/identity-platform/optional-claims-reference';
const AUTH0 = 'https://auth0.com/docs/secure/tokens/json-web-tokens/create-custom-claims';
const AUTH0_ACCESS = 'https://auth0.com/docs/secure/tokens/access-tokens';
const GOOGLE = 'https://developers.google.com/identity/openid-connect/openid-connect#an-id-tokens-payload';
const COGNITO_ID = 'https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html';
const COGNITO_ACCESS = 'https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html';
const OKTA = 'https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/#access-token-payload';
const KEYCLOAK = 'https://www.keycloak.org/docs/latest/server_admin/index.html#_role_scope_mappings';
const MUX = 'https://www.mux.com/docs/guides/secure-video-playback';
const FASTPIX = 'https://docs.fastpix.io/docs/secured-playback-with-jwts';

const claim = (name: string, description: string, spec: string, extra: Partial<ClaimInfo> = {}): ClaimInfo => ({
  name,
  description,
  spec,
  ...extra,
});

export const CLAIM_INFO: readonly ClaimInfo[] = [
  // RFC 7519 §4.1: the registered claims.
  claim('iss', 'Issuer: who created and signed the token.', rfcLink(7519, '4.1.1')),
  claim('sub', 'Subject: whom the token is about (a user or client id, unique within the issuer).', rfcLink(7519, '4.1.2')),
  claim('aud', 'Audience: the recipients that must accept the token; any other must reject it.', rfcLink(7519, '4.1.3')),
  claim('exp', 'Expiration time: the token must not be accepted on or after it.', rfcLink(7519, '4.1.4'), { time: true }),
  claim('nbf', 'Not before: the token must not be accepted before it.', rfcLink(7519, '4.1.5'), { time: true }),
  claim('iat', 'Issued at: when the token was created.', rfcLink(7519, '4.1.6'), { time: true }),
  claim('jti', 'JWT ID: a unique id, to detect replays.', rfcLink(7519, '4.1.7')),
  // OpenID Connect Core §2: the ID token.
  claim('auth_time', 'When the user last authenticated.', OIDC_ID_TOKEN, { time: true }),
  claim('nonce', "The client's value from the authentication request, against replays.", OIDC_ID_TOKEN),
  claim('acr', 'Authentication context class: how strongly the user authenticated.', OIDC_ID_TOKEN),
  claim('amr', 'Authentication methods used (pwd, otp, mfa, … RFC 8176).', OIDC_ID_TOKEN),
  claim('azp', 'Authorized party: the client the token was issued to.', OIDC_ID_TOKEN),
  claim('at_hash', 'Hash of the access token issued with this ID token.', `${OIDC}#CodeIDToken`),
  claim('c_hash', 'Hash of the authorization code issued with this ID token.', `${OIDC}#HybridIDToken`),
  claim(
    's_hash',
    'Hash of the state value (FAPI).',
    'https://openid.net/specs/openid-financial-api-part-2-1_0.html#id-token-as-detached-signature',
  ),
  claim(
    'sid',
    'Session id at the identity provider (for logout).',
    'https://openid.net/specs/openid-connect-frontchannel-1_0.html#ClaimsContents',
  ),
  // OpenID Connect Core §5.1: standard (userinfo) claims.
  claim('name', "The user's full name.", OIDC_STANDARD),
  claim('given_name', 'Given (first) name.', OIDC_STANDARD),
  claim('family_name', 'Family (last) name.', OIDC_STANDARD),
  claim('middle_name', 'Middle name.', OIDC_STANDARD),
  claim('nickname', 'Casual name.', OIDC_STANDARD),
  claim('preferred_username', 'The name the user prefers to be shown; not unique, not a stable id.', OIDC_STANDARD),
  claim('profile', "URL of the user's profile page.", OIDC_STANDARD),
  claim('picture', "URL of the user's picture.", OIDC_STANDARD),
  claim('website', "URL of the user's web page.", OIDC_STANDARD),
  claim('email', "The user's email address; trust it only with email_verified.", OIDC_STANDARD),
  claim('email_verified', 'Whether the provider verified the email address.', OIDC_STANDARD),
  claim('gender', 'Gender.', OIDC_STANDARD),
  claim('birthdate', 'Birthday (YYYY-MM-DD, or YYYY).', OIDC_STANDARD),
  claim('zoneinfo', 'Time zone (IANA, e.g. Europe/Paris).', OIDC_STANDARD),
  claim('locale', 'Locale (BCP 47, e.g. en-US).', OIDC_STANDARD),
  claim('phone_number', 'Phone number.', OIDC_STANDARD),
  claim('phone_number_verified', 'Whether the provider verified the phone number.', OIDC_STANDARD),
  claim('address', 'Postal address (a JSON object).', `${OIDC}#AddressClaim`),
  claim('updated_at', "When the user's information was last updated.", OIDC_STANDARD, { time: true }),
  // RFC 9068: JWT access tokens; RFC 8693: token exchange; RFC 7800: proof of possession.
  claim('client_id', 'The OAuth client the token was issued to.', rfcLink(8693, '4.3')),
  claim('scope', 'Scopes granted, space-separated.', rfcLink(8693, '4.2')),
  claim('groups', 'Groups the user belongs to.', rfcLink(9068, '2.2.3.1')),
  claim('roles', 'Roles granted to the user or client.', rfcLink(9068, '2.2.3.1')),
  claim('entitlements', 'Entitlements granted.', rfcLink(9068, '2.2.3.1')),
  claim('act', 'Actor: who acts on behalf of the subject (delegation).', rfcLink(8693, '4.1')),
  claim('may_act', 'Who may act on behalf of the subject.', rfcLink(8693, '4.4')),
  claim('cnf', 'Confirmation: the key the presenter must prove it holds.', rfcLink(7800, '3.1')),
  claim('authorization_details', 'Rich authorization request details (RFC 9396).', rfcLink(9396, '9.1')),
  // Other registered claims.
  claim('events', 'Security events this Security Event Token carries.', rfcLink(8417, '2.2')),
  claim('toe', 'Time the security event occurred.', rfcLink(8417, '2.2'), { time: true }),
  claim('txn', 'Transaction id, to correlate events.', rfcLink(8417, '2.2')),
  claim('vot', 'Vector of trust (RFC 8485).', rfcLink(8485, '3')),
  claim('vtm', 'Vector of trust trustmark URL (RFC 8485).', rfcLink(8485, '3')),
  claim('sub_jwk', 'Public key of a self-issued ID token.', `${OIDC}#SelfIssuedResponse`),
  claim('nonce_supported', 'Whether the device supports the nonce (RFC 8055).', 'https://www.iana.org/assignments/jwt/jwt.xhtml'),
  // Microsoft Entra ID.
  claim('oid', 'Object id of the user or service principal: stable across apps in the tenant.', ENTRA, { provider: 'entra' }),
  claim('tid', 'Tenant id: the directory the user signed in to.', ENTRA, { provider: 'entra' }),
  claim('scp', 'Delegated scopes (permissions) granted to the app, space-separated.', ENTRA, { provider: 'entra' }),
  claim('roles', 'App roles assigned to the user or app.', ENTRA, { provider: 'entra' }),
  claim('wids', 'Directory (tenant-wide) role template ids of the user.', ENTRA, { provider: 'entra' }),
  claim('aio', 'Internal data Entra ID uses to reuse tokens; opaque, ignore it.', ENTRA, { provider: 'entra' }),
  claim('azp', 'Application id of the client that requested the token (v2).', ENTRA, { provider: 'entra' }),
  claim('azpacr', 'How the client authenticated: 0 public, 1 secret, 2 certificate (v2).', ENTRA, { provider: 'entra' }),
  claim('appid', 'Application id of the client that requested the token (v1).', ENTRA, { provider: 'entra' }),
  claim('appidacr', 'How the client authenticated: 0 public, 1 secret, 2 certificate (v1).', ENTRA, { provider: 'entra' }),
  claim('ver', 'Token version: 1.0 or 2.0.', ENTRA, { provider: 'entra' }),
  claim('idp', 'Identity provider that authenticated the user (when not the tenant itself).', ENTRA, { provider: 'entra' }),
  claim('amr', 'Authentication methods used (pwd, mfa, rsa, …).', ENTRA, { provider: 'entra' }),
  claim('uti', 'Token identifier; opaque, ignore it.', ENTRA, { provider: 'entra' }),
  claim('rh', 'Internal data Entra ID uses to revalidate tokens; opaque, ignore it.', ENTRA, { provider: 'entra' }),
  claim('upn', 'User principal name (sign-in name); can change, not an id.', ENTRA, { provider: 'entra' }),
  claim('unique_name', 'Human-readable user name (v1); not an id.', ENTRA, { provider: 'entra' }),
  claim('hasgroups', 'The user has too many groups for the token: query Microsoft Graph.', ENTRA, { provider: 'entra' }),
  claim('idtyp', 'Token type: app (app-only) or user.', ENTRA_OPTIONAL, { provider: 'entra' }),
  claim('xms_cc', 'Client capabilities the app declared (e.g. cp1 for continuous access evaluation).', ENTRA, { provider: 'entra' }),
  claim('ipaddr', 'IP address the user authenticated from.', ENTRA_OPTIONAL, { provider: 'entra' }),
  claim('ctry', "The user's country or region.", ENTRA_OPTIONAL, { provider: 'entra' }),
  claim('tenant_ctry', "The tenant's country or region.", ENTRA_OPTIONAL, { provider: 'entra' }),
  claim('onprem_sid', 'On-premises security identifier of the user.', ENTRA_OPTIONAL, { provider: 'entra' }),
  // Auth0.
  claim('gty', 'Grant type that produced the token (client-credentials, password, …).', AUTH0_ACCESS, { provider: 'auth0' }),
  claim('permissions', 'API permissions granted through role-based access control.', AUTH0_ACCESS, { provider: 'auth0' }),
  claim('org_id', 'Organization the user logged in through.', AUTH0_ACCESS, { provider: 'auth0' }),
  claim('org_name', 'Name of the organization the user logged in through.', AUTH0_ACCESS, { provider: 'auth0' }),
  // Google.
  claim('hd', 'Google Workspace domain of the user (absent for consumer accounts).', GOOGLE, { provider: 'google' }),
  claim('azp', 'Client id of the authorized presenter (differs from aud for cross-client tokens).', GOOGLE, { provider: 'google' }),
  // AWS Cognito.
  claim('cognito:groups', 'User pool groups the user belongs to.', COGNITO_ID, { provider: 'cognito' }),
  claim('cognito:username', "The user's name in the user pool.", COGNITO_ID, { provider: 'cognito' }),
  claim('cognito:roles', "IAM roles of the user's groups.", COGNITO_ID, { provider: 'cognito' }),
  claim('cognito:preferred_role', 'The IAM role of the group with the best precedence.', COGNITO_ID, { provider: 'cognito' }),
  claim('token_use', 'Which Cognito token this is: id or access.', COGNITO_ACCESS, { provider: 'cognito' }),
  claim('client_id', 'App client the access token was issued to.', COGNITO_ACCESS, { provider: 'cognito' }),
  claim('username', "The user's name in the user pool (access tokens).", COGNITO_ACCESS, { provider: 'cognito' }),
  claim('origin_jti', 'Id of the original authentication: tokens refreshed from it share it.', COGNITO_ACCESS, { provider: 'cognito' }),
  claim('event_id', 'Id of the authentication event.', COGNITO_ACCESS, { provider: 'cognito' }),
  claim('version', 'Access token format version.', COGNITO_ACCESS, { provider: 'cognito' }),
  // Okta.
  claim('uid', "Okta's id of the user.", OKTA, { provider: 'okta' }),
  claim('cid', 'Client id of the app that requested the token.', OKTA, { provider: 'okta' }),
  claim('scp', 'Scopes granted.', OKTA, { provider: 'okta' }),
  claim('ver', 'Token format version.', OKTA, { provider: 'okta' }),
  // Keycloak.
  claim('realm_access', 'Realm roles of the user ({ roles: […] }).', KEYCLOAK, { provider: 'keycloak' }),
  claim('resource_access', 'Client roles of the user, by client id ({ client: { roles: […] } }).', KEYCLOAK, { provider: 'keycloak' }),
  claim('allowed-origins', 'Web origins allowed for CORS with this token.', KEYCLOAK, { provider: 'keycloak' }),
  claim('session_state', 'Keycloak session id.', KEYCLOAK, { provider: 'keycloak' }),
  claim('typ', 'Keycloak token type: Bearer, ID or Refresh.', KEYCLOAK, { provider: 'keycloak' }),
  // Mux signed playback.
  claim('sub', 'Mux playback id the token grants access to.', MUX, { provider: 'mux' }),
  claim('aud', 'What it plays: v video, t thumbnail, g GIF, s storyboard, d DRM license.', MUX, { provider: 'mux' }),
  claim('kid', 'Mux signing key id (Mux reads it from the claims).', MUX, { provider: 'mux' }),
  claim('playback_restriction_id', 'Mux playback restriction applied (allowed referrers, user agents).', MUX, { provider: 'mux' }),
  claim('time', 'Thumbnail: the video time, in seconds, to take it at.', MUX, { provider: 'mux' }),
  claim('width', 'Thumbnail or GIF width in pixels.', MUX, { provider: 'mux' }),
  claim('height', 'Thumbnail or GIF height in pixels.', MUX, { provider: 'mux' }),
  claim('rotate', 'Thumbnail rotation: 90, 180 or 270 degrees.', MUX, { provider: 'mux' }),
  claim('fit_mode', 'Thumbnail fit: preserve, stretch, crop, smartcrop or pad.', MUX, { provider: 'mux' }),
  claim('flip_v', 'Thumbnail flipped vertically.', MUX, { provider: 'mux' }),
  claim('flip_h', 'Thumbnail flipped horizontally.', MUX, { provider: 'mux' }),
  // FastPix signed playback.
  claim('aud', 'FastPix media the token grants access to (media:<playback id>).', FASTPIX, { provider: 'fastpix' }),
  claim('kid', 'FastPix signing key id (read from the claims).', FASTPIX, { provider: 'fastpix' }),
  claim('iss', 'Issuer: fastpix.io for FastPix playback tokens.', FASTPIX, { provider: 'fastpix' }),
];

const PROVIDER_NAMES: Record<ClaimProvider, string> = {
  entra: 'Microsoft Entra ID',
  auth0: 'Auth0',
  google: 'Google',
  cognito: 'AWS Cognito',
  okta: 'Okta',
  keycloak: 'Keycloak',
  mux: 'Mux',
  fastpix: 'FastPix',
};

export interface RecognisedProvider {
  readonly id: ClaimProvider;
  /** "Microsoft Entra ID v2 token", "AWS Cognito access token", "Mux playback token". */
  readonly title: string;
}

const MUX_AUDIENCES: Record<string, string> = { v: 'video', t: 'thumbnail', g: 'GIF', s: 'storyboard', d: 'DRM license' };

/** The identity provider or platform that issued the token, from its iss (Mux: its shape). */
export function recogniseProvider(payload: JsonObject | undefined, header?: JsonObject): RecognisedProvider | undefined {
  if (!payload) {
    return undefined;
  }
  const iss = typeof payload.iss === 'string' ? payload.iss : '';
  let host = '';
  let path = '';
  try {
    const url = new URL(iss.includes('://') ? iss : `https://${iss}`);
    host = url.hostname.toLowerCase();
    path = url.pathname;
  } catch {
    // Not a URL: only the shapes below can still match.
  }
  const title = (id: ClaimProvider, detail = 'token') => ({ id, title: `${PROVIDER_NAMES[id]} ${detail}` });
  if (host === 'login.microsoftonline.com' || host === 'sts.windows.net' || host.endsWith('.ciamlogin.com')) {
    const version = payload.ver === '2.0' || path.endsWith('/v2.0') ? 'v2' : 'v1';
    return title('entra', `${version} ${typeof payload.scp === 'string' || payload.idtyp === 'app' ? 'access' : 'ID'} token`);
  }
  if (host === 'accounts.google.com') {
    return title('google', 'ID token');
  }
  if (/^cognito-idp\.[a-z0-9-]+\.amazonaws\.com$/.test(host)) {
    return title('cognito', payload.token_use === 'access' ? 'access token' : payload.token_use === 'id' ? 'ID token' : 'token');
  }
  if (host.endsWith('.auth0.com')) {
    return title('auth0');
  }
  if (host.endsWith('.okta.com') || host.endsWith('.oktapreview.com') || host.endsWith('.okta-emea.com')) {
    return title('okta');
  }
  if (/\/realms\/[^/]+\/?$/.test(path) || payload.realm_access !== undefined || payload.resource_access !== undefined) {
    return title('keycloak');
  }
  if (isFastPixIssuer(payload.iss)) {
    return title('fastpix', 'playback token');
  }
  const kid = typeof header?.kid === 'string' || typeof payload.kid === 'string';
  if (kid && playbackPlatform(payload) === 'Mux' && typeof payload.aud === 'string' && payload.aud in MUX_AUDIENCES) {
    return title('mux', `${MUX_AUDIENCES[payload.aud]} playback token`);
  }
  return undefined;
}

const BY_NAME = new Map<string, ClaimInfo[]>();
for (const info of CLAIM_INFO) {
  BY_NAME.set(info.name, [...(BY_NAME.get(info.name) ?? []), info]);
}

/**
 * What a claim means for this token: the recognised provider's own meaning first, then the
 * registered one, then a claim only one provider uses. Namespaced claims (a URL as the name, as
 * Auth0 requires) are custom claims. Undefined for a claim nobody registered.
 */
export function explainClaim(name: string, provider?: ClaimProvider): ClaimInfo | undefined {
  const known = BY_NAME.get(name) ?? [];
  const own = provider && known.find((info) => info.provider === provider);
  const registered = known.find((info) => info.provider === undefined);
  const unique = known.length === 1 ? known[0] : undefined;
  const found = own ?? registered ?? unique;
  if (found) {
    return found;
  }
  if (/^https?:\/\/\S+$/.test(name)) {
    return claim(name, 'A namespaced custom claim (Auth0 requires a URL namespace for custom claims).', AUTH0);
  }
  return undefined;
}

/** "Microsoft Entra ID: " before a provider's own claim when it is not the token's recognised provider. */
export function providerPrefix(info: ClaimInfo, provider?: ClaimProvider): string {
  return info.provider && info.provider !== provider ? `${PROVIDER_NAMES[info.provider]}: ` : '';
}

/** Whether a claim's value is a NumericDate to show as a date: the data marks it, or it is a number named like one. */
export function isTimeClaim(name: string, value: unknown, provider?: ClaimProvider): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) >= 1e13) {
    return false;
  }
  const info = explainClaim(name, provider);
  if (info) {
    return info.time === true;
  }
  // Unregistered claims named as times ("expires_at", "login_time"), with a plausible epoch value.
  return /(^|_)(at|time|exp|expires?|expiry)$/i.test(name) && value > 100_000_000;
}

/** Claims explained at most, so a claims set with thousands of members keeps a short hover. */
const MAX_EXPLAINED_CLAIMS = 40;

export interface ExplainedClaim {
  readonly name: string;
  /** The value in one line; a time claim as its date and how far from now. */
  readonly shown: string;
  readonly isTime: boolean;
  readonly info?: ClaimInfo;
  /** The provider's name before a provider's own claim when the token is not recognised as theirs. */
  readonly prefix: string;
}

/**
 * The payload's claims that mean something known or are times, in payload order: what the hover and
 * the decoded view explain. At most MAX_EXPLAINED_CLAIMS.
 */
export function explainClaims(payload: JsonObject, header: JsonObject | undefined, now: number): ExplainedClaim[] {
  const provider = recogniseProvider(payload, header)?.id;
  const rows: ExplainedClaim[] = [];
  for (const [name, value] of Object.entries(payload)) {
    if (rows.length >= MAX_EXPLAINED_CLAIMS) {
      break;
    }
    const info = explainClaim(name, provider);
    const isTime = isTimeClaim(name, value, provider);
    if (!info && !isTime) {
      continue;
    }
    const shown = isTime ? `${isoUtc(value as number)}, ${relativeDuration((value as number) - now)}` : oneLine(safeJson(value), 80);
    rows.push({ name, shown, isTime, info, prefix: info ? providerPrefix(info, provider) : '' });
  }
  return rows;
}
