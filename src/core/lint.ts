// Checks from RFC 8725 (JWT Best Current Practices) and RFC 7519, plus the Mux and FastPix token
// shapes. Each rule has a stable id (used as the diagnostic code), a default severity and a
// one-line explanation citing its source.
import type { DecodedToken } from './decode';
import { hmacMinimumBytes } from './keys';
import { humanDuration, numericDate } from './time';

export type LintSeverity = 'error' | 'warning' | 'info';

export interface LintRule {
  readonly id: string;
  readonly severity: LintSeverity;
  readonly explanation: string;
}

export const LINT_RULES = {
  'alg-none': { id: 'alg-none', severity: 'error', explanation: 'Unsigned tokens ("alg": "none") must never be accepted (RFC 8725 §3.2, §2.1).' },
  'no-exp': { id: 'no-exp', severity: 'warning', explanation: 'Without "exp" the token is valid forever; use short-lived tokens (RFC 7519 §4.1.4, RFC 8725 §3.10).' },
  'long-lifetime': { id: 'long-lifetime', severity: 'warning', explanation: 'The token lives longer than jwtLens.maxLifetime; prefer short-lived tokens (RFC 8725 §3.10). Mux\'s SDK defaults to 7 days.' },
  'future-iat': { id: 'future-iat', severity: 'warning', explanation: '"iat" is in the future: the issuer\'s clock is wrong or the token was forged (RFC 7519 §4.1.6).' },
  'future-nbf': { id: 'future-nbf', severity: 'info', explanation: '"nbf" is in the future: the token is not valid yet (RFC 7519 §4.1.5).' },
  'hmac-short-key': { id: 'hmac-short-key', severity: 'error', explanation: 'An HMAC key must be at least as long as the hash output (RFC 7518 §3.2, RFC 8725 §3.5).' },
  'unexpected-typ': { id: 'unexpected-typ', severity: 'info', explanation: '"typ" is neither JWT nor at+jwt; explicit typing tells token kinds apart (RFC 8725 §3.11, RFC 7519 §5.1).' },
  'mux-aud': { id: 'mux-aud', severity: 'warning', explanation: 'A Mux token\'s "aud" is v, t, g, s or d (playback) or video_id, asset_id, playback_id or live_stream_id (data) (RFC 7519 §4.1.3; Mux signed URLs).' },
  'fastpix-aud': { id: 'fastpix-aud', severity: 'warning', explanation: 'A FastPix token\'s "aud" is media:<media id> (RFC 7519 §4.1.3; FastPix playback tokens).' },
} as const satisfies Record<string, LintRule>;

export type LintId = keyof typeof LINT_RULES;

export interface LintFinding {
  readonly id: LintId;
  readonly severity: LintSeverity;
  /** What is wrong with this token, in one line. */
  readonly message: string;
}

export interface LintOptions {
  readonly now: number;
  /** Longest acceptable exp - iat, in seconds (default 24 h). */
  readonly maxLifetimeSeconds?: number;
  readonly toleranceSeconds?: number;
  /** Length of the HMAC secret that verified the token, when one did. */
  readonly hmacKeyBytes?: number;
}

export const DEFAULT_MAX_LIFETIME_SECONDS = 24 * 3600;
export const MUX_PLAYBACK_AUDIENCES = ['v', 't', 'g', 's', 'd'];
export const MUX_DATA_AUDIENCES = ['video_id', 'asset_id', 'playback_id', 'live_stream_id'];
const ACCEPTED_TYP = ['jwt', 'at+jwt', 'application/jwt', 'application/at+jwt'];

/** Mux tokens: RS256, a subject, a kid (header or payload), a one-word aud, no issuer. */
function looksLikeMux(token: DecodedToken): boolean {
  const { header, payload } = token;
  if (!header || !payload || header.alg !== 'RS256' || payload.iss !== undefined) return false;
  const hasKid = typeof header.kid === 'string' || typeof payload.kid === 'string';
  return hasKid && typeof payload.sub === 'string' && typeof payload.aud === 'string' && !payload.aud.includes(':');
}

function looksLikeFastPix(token: DecodedToken): boolean {
  const iss = token.payload?.iss;
  return typeof iss === 'string' && /(^|\.)fastpix\.io$/.test(iss.replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
}

export function lintToken(token: DecodedToken, options: LintOptions): LintFinding[] {
  const findings: LintFinding[] = [];
  const add = (id: LintId, message: string) => findings.push({ id, severity: LINT_RULES[id].severity, message });
  const { header, payload } = token;
  if (!header) return findings;
  const alg = typeof header.alg === 'string' ? header.alg : '';
  if (alg.toLowerCase() === 'none') add('alg-none', 'Unsigned token ("alg": "none"): anyone can forge it.');
  if (token.kind === 'jwe' || !payload) return findings;

  const tolerance = options.toleranceSeconds ?? 0;
  const exp = numericDate(payload, 'exp');
  const iat = numericDate(payload, 'iat');
  const nbf = numericDate(payload, 'nbf');
  if (exp === undefined) add('no-exp', payload.exp === undefined ? 'No "exp": this token never expires.' : '"exp" is not a number of seconds, so it is ignored: this token never expires.');
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  if (exp !== undefined) {
    const lifetime = exp - (iat ?? options.now);
    if (lifetime > maxLifetime) add('long-lifetime', `Lives ${humanDuration(lifetime)}, over the ${humanDuration(maxLifetime)} limit (jwtLens.maxLifetime).`);
  }
  if (iat !== undefined && iat > options.now + tolerance) add('future-iat', `"iat" is ${humanDuration(iat - options.now)} in the future.`);
  if (nbf !== undefined && nbf > options.now + tolerance) add('future-nbf', `Not valid for another ${humanDuration(nbf - options.now)} ("nbf").`);
  if (options.hmacKeyBytes !== undefined && /^HS(256|384|512)$/.test(alg) && options.hmacKeyBytes < hmacMinimumBytes(alg)) {
    add('hmac-short-key', `The ${alg} key is ${options.hmacKeyBytes} bytes; ${alg} needs at least ${hmacMinimumBytes(alg)}.`);
  }
  if (header.typ !== undefined && !(typeof header.typ === 'string' && ACCEPTED_TYP.includes(header.typ.toLowerCase()))) {
    add('unexpected-typ', `"typ" is ${JSON.stringify(header.typ)}, not JWT or at+jwt.`);
  }
  if (looksLikeMux(token)) {
    const aud = String(payload.aud);
    if (!MUX_PLAYBACK_AUDIENCES.includes(aud) && !MUX_DATA_AUDIENCES.includes(aud)) {
      add('mux-aud', `"aud" ${JSON.stringify(aud)} is not a Mux audience (v, t, g, s, d, or a data type such as video_id).`);
    }
  }
  if (looksLikeFastPix(token) && !(typeof payload.aud === 'string' && /^media:.+/.test(payload.aud))) {
    add('fastpix-aud', `"aud" ${JSON.stringify(payload.aud ?? null)} is not media:<media id>.`);
  }
  return findings;
}
