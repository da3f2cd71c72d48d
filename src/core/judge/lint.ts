// Checks from RFC 8725 (JWT Best Current Practices) and RFC 7519, plus the Mux and FastPix token
// shapes. Each rule has a stable id (used as the diagnostic code), a default severity and a
// one-line explanation citing its source.
import type { DecodedToken } from '../token/decode';
import { describeValue, firstTrojanSource, oneLine } from '../text/display';
import { hmacMinimumBytes, isHmacAlgorithm } from '../keys/algorithms';
import { humanDuration, numericDate } from '../token/time';
import { isDpopProof, isSdJwtType } from '../token/sdJwt';
import {
  looksLikeFastPix,
  looksLikeMux,
  MUX_DATA_AUDIENCES,
  MUX_IMAGE_AUDIENCES,
  MUX_IMAGE_PARAMETERS,
  MUX_PLAYBACK_AUDIENCES,
  playbackPlatform,
} from './platforms';

export type LintSeverity = 'error' | 'warning' | 'info';

export interface LintRule {
  readonly id: string;
  readonly severity: LintSeverity;
  readonly explanation: string;
  /** The section that explains the rule: the diagnostic code's link. */
  readonly spec: string;
}

/** A link to an RFC section: the one URL form for every spec link (lints here, statuses in diagnostics). */
export const rfcLink = (number: number, section: string): string => `https://datatracker.ietf.org/doc/html/rfc${number}#section-${section}`;

// "alg": "none" is no lint: the signature status "unsigned" (core/judge/verify.ts) is its one report.

export const LINT_RULES = {
  'no-exp': { id: 'no-exp', severity: 'warning', explanation: 'Prefer short-lived tokens (RFC 8725 §3.10).', spec: rfcLink(7519, '4.1.4') },
  'long-lifetime': {
    id: 'long-lifetime',
    severity: 'warning',
    explanation: 'Prefer short-lived tokens (RFC 8725 §3.10).',
    spec: rfcLink(8725, '3.10'),
  },
  'future-iat': {
    id: 'future-iat',
    severity: 'warning',
    explanation: "The issuer's clock is wrong or the token is forged (RFC 7519 §4.1.6).",
    spec: rfcLink(7519, '4.1.6'),
  },
  'future-nbf': {
    id: 'future-nbf',
    severity: 'info',
    explanation: 'It is accepted only from that time on (RFC 7519 §4.1.5).',
    spec: rfcLink(7519, '4.1.5'),
  },
  'hmac-short-key': {
    id: 'hmac-short-key',
    severity: 'error',
    explanation: 'A shorter key can be brute-forced (RFC 7518 §3.2, RFC 8725 §3.5).',
    spec: rfcLink(7518, '3.2'),
  },
  'unexpected-typ': {
    id: 'unexpected-typ',
    severity: 'info',
    explanation: 'Explicit typing tells token kinds apart (RFC 8725 §3.11).',
    spec: rfcLink(8725, '3.11'),
  },
  'mux-aud': {
    id: 'mux-aud',
    severity: 'warning',
    explanation: 'Mux takes v, t, g, s, d or a data type such as video_id (RFC 7519 §4.1.3).',
    spec: rfcLink(7519, '4.1.3'),
  },
  'mux-no-exp': {
    id: 'mux-no-exp',
    severity: 'error',
    explanation: 'Mux refuses signed playback and data tokens without an expiry (RFC 7519 §4.1.4).',
    spec: rfcLink(7519, '4.1.4'),
  },
  'mux-thumbnail-params': {
    id: 'mux-thumbnail-params',
    severity: 'warning',
    explanation: 'Mux reads image parameters only from thumbnail (t) and GIF (g) tokens (RFC 7519 §4.1.3).',
    spec: rfcLink(7519, '4.1.3'),
  },
  'fastpix-aud': {
    id: 'fastpix-aud',
    severity: 'warning',
    explanation: 'FastPix playback tokens name their media (RFC 7519 §4.1.3).',
    spec: rfcLink(7519, '4.1.3'),
  },
  'playback-no-kid': {
    id: 'playback-no-kid',
    severity: 'error',
    explanation: 'Mux and FastPix find the verifying key by "kid" and refuse a playback token without one (RFC 7515 §4.1.4).',
    spec: rfcLink(7515, '4.1.4'),
  },
  'time-not-number': {
    id: 'time-not-number',
    severity: 'error',
    explanation: 'jose and jsonwebtoken reject the token (RFC 7519 §4.1.4-6).',
    spec: rfcLink(7519, '2'),
  },
  'hidden-characters': {
    id: 'hidden-characters',
    severity: 'warning',
    explanation: 'They make text read other than it is (Trojan Source, CVE-2021-42574).',
    spec: 'https://trojansource.codes/',
  },
  'sd-unmatched-disclosure': {
    id: 'sd-unmatched-disclosure',
    severity: 'error',
    explanation: 'Every disclosure must match a digest of the issuer-signed JWT (RFC 9901 §7.1).',
    spec: rfcLink(9901, '7.1'),
  },
  'sd-repeated-digest': {
    id: 'sd-repeated-digest',
    severity: 'error',
    explanation: 'A digest appears once, and a disclosure is sent once (RFC 9901 §4.1, §7.1).',
    spec: rfcLink(9901, '7.1'),
  },
  'sd-malformed': {
    id: 'sd-malformed',
    severity: 'error',
    explanation: 'A verifier rejects malformed disclosures and digests (RFC 9901 §7.1).',
    spec: rfcLink(9901, '7.1'),
  },
  'kb-signature': {
    id: 'kb-signature',
    severity: 'error',
    explanation: 'The Key Binding JWT must verify with the holder key in cnf (RFC 9901 §7.3).',
    spec: rfcLink(9901, '7.3'),
  },
  'kb-sd-hash': {
    id: 'kb-sd-hash',
    severity: 'error',
    explanation: 'sd_hash binds the Key Binding JWT to this presentation (RFC 9901 §4.3.1).',
    spec: rfcLink(9901, '4.3.1'),
  },
  'kb-claims': {
    id: 'kb-claims',
    severity: 'error',
    explanation: 'A Key Binding JWT is typed kb+jwt and carries iat, aud, nonce and sd_hash (RFC 9901 §4.3).',
    spec: rfcLink(9901, '4.3'),
  },
  'dpop-claims': {
    id: 'dpop-claims',
    severity: 'error',
    explanation: 'A DPoP proof carries htm, htu, iat and jti (RFC 9449 §4.2).',
    spec: rfcLink(9449, '4.2'),
  },
  'dpop-binding': {
    id: 'dpop-binding',
    severity: 'error',
    explanation:
      'A proof sent with an access token carries its hash in ath, and the token names the proof key in cnf.jkt (RFC 9449 §4.3, §6.1).',
    spec: rfcLink(9449, '4.3'),
  },
  'x5c-leaf-validity': {
    id: 'x5c-leaf-validity',
    severity: 'warning',
    explanation:
      'A verifier that uses the x5c chain rejects a leaf outside its validity; JWT Lens shows x5c, never trusts it (RFC 5280 §4.1.2.5).',
    spec: rfcLink(5280, '4.1.2.5'),
  },
  'dpop-stale-iat': {
    id: 'dpop-stale-iat',
    severity: 'warning',
    explanation: 'Servers accept a proof only for a short time after its iat (RFC 9449 §11.1).',
    spec: rfcLink(9449, '11.1'),
  },
  'at-jwt-claims': {
    id: 'at-jwt-claims',
    severity: 'warning',
    explanation: 'RFC 9068 §2.2 requires iss, exp, aud, sub, client_id, iat and jti.',
    spec: rfcLink(9068, '2.2'),
  },
  'cookie-attributes': {
    id: 'cookie-attributes',
    severity: 'warning',
    explanation: 'They keep a token cookie from scripts, plain HTTP and other sites (RFC 6265 §4.1.2).',
    spec: rfcLink(6265, '4.1.2'),
  },
  'token-in-url': {
    id: 'token-in-url',
    severity: 'warning',
    explanation: 'Logs, history and Referer keep URLs: send it in the Authorization header (RFC 6750 §5.3).',
    spec: rfcLink(6750, '5.3'),
  },
  'id-token-as-bearer': {
    id: 'id-token-as-bearer',
    severity: 'warning',
    explanation: 'An ID token is for the client; an API takes an access token, typed at+jwt (RFC 9068 §6).',
    spec: rfcLink(9068, '6'),
  },
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
const ACCEPTED_TYP = ['jwt', 'at+jwt', 'application/jwt', 'application/at+jwt', 'dpop+jwt'];

/** The claims RFC 9068 §2.2 requires of a JWT access token. */
const ACCESS_TOKEN_CLAIMS = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'];

/** "typ" at+jwt (RFC 9068 §2.1): the token says it is a JWT access token. */
export function isAccessTokenType(typ: unknown): boolean {
  return typeof typ === 'string' && ['at+jwt', 'application/at+jwt'].includes(typ.toLowerCase());
}

export function lintToken(decoded: DecodedToken, options: LintOptions): LintFinding[] {
  const findings: LintFinding[] = [];
  const add = (id: LintId, message: string) => findings.push({ id, severity: LINT_RULES[id].severity, message });
  const { header, payload } = decoded;
  if (!header) {
    return findings;
  }
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const hidden = hiddenCharacter(header, 'header') ?? (payload && hiddenCharacter(payload, 'payload'));
  if (hidden) {
    add('hidden-characters', `${hidden.where} holds a hidden character, ${hidden.char}.`);
  }
  if (decoded.kind === 'jwe' || !payload) {
    return findings;
  }

  const tolerance = options.toleranceSeconds ?? 0;
  const exp = numericDate(payload, 'exp');
  const iat = numericDate(payload, 'iat');
  const nbf = numericDate(payload, 'nbf');
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    const value = payload[claim];
    if (value !== undefined && typeof value !== 'number') {
      add('time-not-number', `"${claim}" is ${describeValue(value)}, not a number of seconds.`);
    }
  }
  const mux = looksLikeMux(decoded);
  // A DPoP proof has no exp: its iat decides how long it is taken (core/judge/dpop.ts).
  const proof = isDpopProof(header);
  // A present "exp" that is not a number has its own finding above; a Mux token's gets the Mux wording.
  if (exp === undefined && !proof && (payload.exp === undefined || typeof payload.exp === 'number')) {
    if (mux) {
      add('mux-no-exp', payload.exp === undefined ? 'No "exp": Mux refuses the token.' : '"exp" is out of range: Mux refuses the token.');
    } else {
      add('no-exp', payload.exp === undefined ? 'No "exp": it never expires.' : '"exp" is out of range: it never expires.');
    }
  }
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  if (exp !== undefined) {
    const lifetime = exp - (iat ?? options.now);
    if (lifetime > maxLifetime) {
      add('long-lifetime', `Lives ${humanDuration(lifetime)}, over jwtLens.maxLifetime (${humanDuration(maxLifetime)}).`);
    }
  }
  if (iat !== undefined && iat > options.now + tolerance) {
    add('future-iat', `"iat" is ${humanDuration(iat - options.now)} in the future.`);
  }
  if (nbf !== undefined && nbf > options.now + tolerance) {
    add('future-nbf', `Not valid for another ${humanDuration(nbf - options.now)} ("nbf").`);
  }
  if (options.hmacKeyBytes !== undefined && isHmacAlgorithm(alg) && options.hmacKeyBytes < hmacMinimumBytes(alg)) {
    add('hmac-short-key', `The ${alg} key is ${options.hmacKeyBytes} bytes; ${alg} needs at least ${hmacMinimumBytes(alg)}.`);
  }
  const typOk = typeof header.typ === 'string' && (ACCEPTED_TYP.includes(header.typ.toLowerCase()) || isSdJwtType(header.typ));
  if (header.typ !== undefined && !typOk) {
    add('unexpected-typ', `"typ" is ${describeValue(header.typ)}, not JWT or at+jwt.`);
  }
  const missingClaims = isAccessTokenType(header.typ) ? ACCESS_TOKEN_CLAIMS.filter((claim) => payload[claim] === undefined) : [];
  if (missingClaims.length > 0) {
    add('at-jwt-claims', `"typ" is at+jwt but it has no ${missingClaims.map((claim) => `"${claim}"`).join(', ')}.`);
  }
  if (mux) {
    const aud = String(payload.aud);
    if (!MUX_PLAYBACK_AUDIENCES.includes(aud) && !MUX_DATA_AUDIENCES.includes(aud)) {
      add('mux-aud', `"aud" ${describeValue(aud)} is not a Mux audience.`);
    }
    const imageParameters = MUX_IMAGE_PARAMETERS.filter((name) => payload[name] !== undefined);
    if (imageParameters.length > 0 && !MUX_IMAGE_AUDIENCES.includes(aud)) {
      const named = imageParameters.map((name) => `"${name}"`).join(', ');
      add(
        'mux-thumbnail-params',
        `${named} ${imageParameters.length === 1 ? 'is an image parameter' : 'are image parameters'}; Mux ignores them unless "aud" is t or g.`,
      );
    }
  }
  // Mux signs only RS256: another algorithm with Mux-like claims is someone else's token.
  const platform = playbackPlatform(payload);
  const hasKid = typeof header.kid === 'string' || typeof payload.kid === 'string';
  if (platform && !hasKid && (platform === 'FastPix' || alg === 'RS256')) {
    add('playback-no-kid', `No "kid": ${platform} refuses the token.`);
  }
  if (looksLikeFastPix(decoded) && !(typeof payload.aud === 'string' && /^media:.+/.test(payload.aud))) {
    add('fastpix-aud', `"aud" ${describeValue(payload.aud ?? null)} is not media:<media id>.`);
  }
  return findings;
}

/** Members and string values visited at most, so a hostile claims set costs bounded time. */
const MAX_VISITED = 10_000;

/**
 * The first bidi or zero-width character in a member name or string value, and where: walked with
 * an explicit stack, so nesting thousands deep cannot exhaust the call stack.
 */
function hiddenCharacter(root: unknown, part: 'header' | 'payload'): { where: string; char: string } | undefined {
  const stack: Array<[value: unknown, where: string]> = [[root, part === 'header' ? 'The header' : 'The payload']];
  for (let visited = 0; stack.length > 0 && visited < MAX_VISITED; visited++) {
    const [value, where] = stack.pop()!;
    if (typeof value === 'string') {
      const char = firstTrojanSource(value);
      if (char) {
        return { where, char };
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const [name, member] of Object.entries(value)) {
        const char = firstTrojanSource(name);
        if (char) {
          return { where: `A ${part} member name`, char };
        }
        // Name the top-level member a value sits under: enough to find it, short enough for a line.
        stack.push([member, where.startsWith('The ') && !Array.isArray(value) ? `"${describeName(name)}"` : where]);
      }
    }
  }
  return undefined;
}

function describeName(name: string): string {
  return oneLine(name, 30);
}
