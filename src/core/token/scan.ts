// Finds compact JWS and JWE tokens in any text in linear time, without regular expressions.
// A candidate starts where "ey" follows a non-base64url character ("ey" is how base64url of `{"`
// and `{ ` begins, so every JSON-object header starts with it); it is a token only when its header
// decodes to a JSON object with an `alg`, so ordinary base64 and dotted identifiers never match.

import {
  DEFAULT_MAX_TOKEN_LENGTH,
  decodePresentation,
  decodeRest,
  scanHeader,
  isBase64UrlCharCode,
  type DecodedToken,
  type JsonObject,
} from './decode';
import { accessTokenBeside } from './beside';
import { carrierOf, type TokenCarrier } from './carrier';
import { isDpopProof } from './sdJwt';

export interface TokenMatch {
  /** Offset of the first character of the token. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  readonly text: string;
  readonly kind: 'jws' | 'jwe';
  readonly header: JsonObject;
  /**
   * For an SD-JWT presentation (`<JWT>~<disclosure>~…~[<KB-JWT>]`, RFC 9901 §4), which is one match
   * as a whole: the length of its issuer-signed JWT.
   */
  readonly jwtLength?: number;
  /** For a DPoP proof: the access token sent beside it (`Authorization: DPoP …`), when there is one. */
  readonly accessTokenBeside?: string;
  /** How the text around it carries it: a Set-Cookie, a URL's query, an `Authorization: Bearer`. */
  readonly carrier?: TokenCarrier;
}

export interface ScanOptions {
  /** Segments longer than this are skipped (and counted in `skippedTooLong`). */
  readonly maxTokenLength?: number;
  /** Scanning stops after this many tokens (`truncated` is then true). */
  readonly maxTokens?: number;
  /**
   * Decoded headers kept across calls (a scan of many files or windows shares one): at most
   * HEADER_CACHE_LIMIT entries are added. Without it, each call has its own.
   */
  readonly headerCache?: Map<string, JsonObject | null>;
}

export interface ScanResult {
  readonly tokens: TokenMatch[];
  /** Candidates passed over because they were longer than maxTokenLength. */
  readonly skippedTooLong: number;
  /** True when scanning stopped at maxTokens. */
  readonly truncated: boolean;
}

export const DEFAULT_MAX_TOKENS = 10_000;
const DOT = 0x2e;
const TILDE = 0x7e;

// A sticky character-class run: one linear native pass, no backtracking (no nested quantifier).
const BASE64URL_RUN = /[A-Za-z0-9_-]*/y;

/** Index just past the run of base64url characters starting at `from`. */
function endOfBase64Url(text: string, from: number): number {
  BASE64URL_RUN.lastIndex = from;
  BASE64URL_RUN.test(text);
  return BASE64URL_RUN.lastIndex;
}

/**
 * Reads up to `count` dot-separated base64url segments from `start`. Returns the end offset of each
 * segment read; stops early where the text stops looking like a token.
 */
function readSegments(text: string, start: number, count: number): number[] {
  const ends: number[] = [];
  let i = start;
  for (let segment = 0; segment < count; segment++) {
    const end = endOfBase64Url(text, i);
    ends.push(end);
    if (segment === count - 1 || text.charCodeAt(end) !== DOT) {
      break;
    }
    i = end + 1;
  }
  return ends;
}

/** A match with what the text around it tells: how it is carried, and a DPoP proof's access token. */
function withContext(text: string, match: TokenMatch): TokenMatch {
  const accessToken = isDpopProof(match.header) ? accessTokenBeside(text, match.start, match.end) : undefined;
  const carrier = carrierOf(text, match.start, match.end);
  return accessToken === undefined && carrier === undefined
    ? match
    : { ...match, ...(accessToken !== undefined && { accessTokenBeside: accessToken }), ...(carrier && { carrier }) };
}

/**
 * Where an SD-JWT presentation that starts with the JWS ending at `jwtEnd` ends: past each "~" and
 * the disclosure after it, or past the Key Binding JWT that closes it.
 */
function presentationEnd(text: string, jwtEnd: number): number {
  let end = jwtEnd;
  while (text.charCodeAt(end) === TILDE) {
    const partEnd = endOfBase64Url(text, end + 1);
    if (partEnd > end + 1 && text.charCodeAt(partEnd) === DOT) {
      const ends = readSegments(text, end + 1, 3);
      // A Key Binding JWT cut short is left out: the presentation ends at its "~".
      return ends.length === 3 ? ends[2] : end + 1;
    }
    end = partEnd;
  }
  return end;
}

/** Headers repeat across a document (one issuer, one key): decode each distinct one once per scan. */
const HEADER_CACHE_LIMIT = 256;

export function scanTokens(text: string, options: ScanOptions = {}): ScanResult {
  const maxTokenLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const tokens: TokenMatch[] = [];
  const headers = options.headerCache ?? new Map<string, JsonObject | null>();
  const headerOf = (from: number, to: number): JsonObject | null => {
    const headerText = text.slice(from, to);
    let header = headers.get(headerText);
    if (header === undefined) {
      // Junk is refused cheaply and without an exception: a hostile text holds thousands of candidates.
      header = scanHeader(headerText);
      if (headers.size < HEADER_CACHE_LIMIT) {
        headers.set(headerText, header);
      }
    }
    return header;
  };
  let skippedTooLong = 0;
  let position = 0;
  let lastEnd = 0;

  while (position < text.length) {
    const found = text.indexOf('ey', position);
    if (found < 0) {
      break;
    }
    if (found > 0 && isBase64UrlCharCode(text.charCodeAt(found - 1))) {
      // Inside a longer word or base64 run: skip the whole run so each character is looked at once.
      position = endOfBase64Url(text, found);
      continue;
    }
    let start = found;
    let headerEnd: number;
    let header: JsonObject | null;
    const behind = found > 0 && text.charCodeAt(found - 1) === DOT ? headerBehind(text, found - 1, lastEnd, maxTokenLength) : undefined;
    const behindHeader = behind !== undefined ? headerOf(behind, found - 1) : null;
    if (behind !== undefined && behindHeader !== null) {
      // "ey" is the payload of a token whose header JSON starts with whitespace (jose reads it).
      start = behind;
      headerEnd = found - 1;
      header = behindHeader;
    } else {
      headerEnd = endOfBase64Url(text, start);
      if (text.charCodeAt(headerEnd) !== DOT) {
        position = headerEnd;
        continue;
      }
      if (headerEnd - start > maxTokenLength) {
        skippedTooLong++;
        position = headerEnd;
        continue;
      }
      header = headerOf(start, headerEnd);
    }
    if (header === null) {
      position = headerEnd;
      continue;
    }
    let kind: 'jws' | 'jwe' = typeof header.enc === 'string' ? 'jwe' : 'jws';
    // The header is read already: read the parts after its dot.
    let ends = readSegments(text, headerEnd + 1, kind === 'jwe' ? 4 : 2);
    // A header with "enc" but three parts is a JWS all the same: the part count decides (jose agrees).
    if (kind === 'jwe' && ends.length === 2) {
      kind = 'jws';
    } else if (kind === 'jwe' && ends.length < 4) {
      ends = [];
    }
    let end = ends.length > 0 ? ends[ends.length - 1] : endOfBase64Url(text, headerEnd + 1);
    if (ends.length < 2) {
      position = Math.max(end, headerEnd + 1);
      continue;
    }
    const jwtEnd = kind === 'jws' && text.charCodeAt(end) === TILDE ? end : undefined;
    if (jwtEnd !== undefined) {
      end = presentationEnd(text, jwtEnd);
    }
    if (end - start > maxTokenLength) {
      skippedTooLong++;
      position = end;
      continue;
    }
    const match: TokenMatch = { start, end, text: text.slice(start, end), kind, header };
    tokens.push(jwtEnd === undefined ? withContext(text, match) : withContext(text, { ...match, jwtLength: jwtEnd - start }));
    position = end;
    lastEnd = end;
    if (tokens.length >= maxTokens) {
      return { tokens, skippedTooLong, truncated: true };
    }
  }
  return { tokens, skippedTooLong, truncated: false };
}

// Where a token can be. A header scanTokens accepts starts with "ey" and then A to D (the base64url
// of '{' and a space) or I to L ('{' and '"'): any other second byte is not JSON. When its JSON
// starts with whitespace, it ends just before ".ey" (the payload that led the scanner to it). On
// ordinary text a regular expression finds these natively, several times faster than scanTokens'
// own "ey" search, because the third character is rarely an upper-case letter of those eight.
const CANDIDATE = /ey[A-DI-L]|\.ey/g;

/** Whether the base64url run ending at the dot at `dot` starts with I, C or D, as a header led by whitespace does (see headerBehind). */
function mayLeadHeader(text: string, dot: number): boolean {
  let runStart = dot;
  while (runStart > 0 && isBase64UrlCharCode(text.charCodeAt(runStart - 1))) {
    runStart--;
  }
  const first = text.charCodeAt(runStart);
  return runStart < dot && (first === 0x49 || first === 0x43 || first === 0x44);
}

/** Characters a token's text may hold: "~" joins an SD-JWT's parts. */
function isTokenCharCode(code: number): boolean {
  return code === DOT || code === TILDE || isBase64UrlCharCode(code);
}

/**
 * The tokens scanTokens finds in `text`, ranges and text alike, found by scanning only windows
 * around candidates. Each window is a whole run of base64url characters and dots: a token lies
 * inside one, and scanTokens starts afresh at every other character, so scanning the window alone
 * finds what scanning the whole text finds there. `skippedTooLong` counts only inside windows.
 * The text may be latin1 (one character per byte) of UTF-8: tokens are ASCII, and every other
 * byte is a separator either way, so the tokens are the same and their offsets are byte offsets.
 */
export function scanTokenWindows(text: string, options: ScanOptions = {}): ScanResult {
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const headerCache = options.headerCache ?? new Map<string, JsonObject | null>();
  const tokens: TokenMatch[] = [];
  let skippedTooLong = 0;
  let windowEnd = 0;
  const candidates = new RegExp(CANDIDATE);
  for (let found = candidates.exec(text); found !== null; found = candidates.exec(text)) {
    const at = found.index;
    if (text.charCodeAt(at) === DOT) {
      if (!mayLeadHeader(text, at)) {
        // Not a header led by whitespace before this dot; the "ey" after it may still start one.
        candidates.lastIndex = at + 1;
        continue;
      }
    } else if (at > 0 && isBase64UrlCharCode(text.charCodeAt(at - 1))) {
      // Inside a word or a base64 run: scanTokens never starts there.
      continue;
    }
    let start = at;
    while (start > windowEnd && isTokenCharCode(text.charCodeAt(start - 1))) {
      start--;
    }
    let end = at + 1;
    while (end < text.length && isTokenCharCode(text.charCodeAt(end))) {
      end++;
    }
    windowEnd = end;
    candidates.lastIndex = end;
    const window = scanTokens(text.slice(start, end), { ...options, headerCache, maxTokens: maxTokens - tokens.length });
    skippedTooLong += window.skippedTooLong;
    for (const token of window.tokens) {
      tokens.push(withContext(text, { ...token, start: token.start + start, end: token.end + start }));
    }
    if (window.truncated) {
      return { tokens, skippedTooLong, truncated: true };
    }
  }
  return { tokens, skippedTooLong, truncated: false };
}

/**
 * Start of the base64url run that ends at the dot at `dot`, when that run could be a header that
 * does not begin with "ey" (its JSON starts with whitespace); undefined otherwise. Runs that do
 * begin with "ey" were tried as candidates already.
 */
function headerBehind(text: string, dot: number, notBefore: number, maxTokenLength: number): number | undefined {
  let runStart = dot;
  const limit = Math.max(notBefore, dot - maxTokenLength);
  while (runStart > limit && isBase64UrlCharCode(text.charCodeAt(runStart - 1))) {
    runStart--;
  }
  if (runStart === dot || (runStart > 0 && isBase64UrlCharCode(text.charCodeAt(runStart - 1)))) {
    return undefined;
  }
  // Whitespace before "{" encodes as I (space), C (tab, LF) or D (CR) in the first character.
  const first = text.charCodeAt(runStart);
  if (first !== 0x49 && first !== 0x43 && first !== 0x44) {
    return undefined;
  }
  return runStart;
}

/**
 * The token covering `offset` (inclusive of both ends, so a cursor just after a token finds it).
 * Only the window a token there could occupy is scanned, so a hover on a 4 MB line costs no more
 * than one on a short line.
 */
export function tokenAt(text: string, offset: number, options: ScanOptions = {}): TokenMatch | undefined {
  const maxTokenLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  // A token covering the offset starts at most maxTokenLength before it and ends as far after.
  const from = Math.max(0, offset - maxTokenLength - 1);
  const to = Math.min(text.length, offset + maxTokenLength + 1);
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  // A token touching a cut edge of the window may be part of a longer run: in the whole line it
  // would start elsewhere or be too long.
  const cutBefore = from > 0 && isBase64UrlCharCode(text.charCodeAt(from - 1));
  const cutAfter = to < text.length && isTokenCharCode(text.charCodeAt(to));
  const found = scanTokens(window, options).tokens.find(
    (token) =>
      token.start + from <= offset &&
      offset <= token.end + from &&
      !(cutBefore && token.start === 0) &&
      !(cutAfter && token.end === window.length),
  );
  return found && { ...found, start: found.start + from, end: found.end + from };
}

/** Decodes a found token's payload, reusing the header the scan already decoded. */
export function decodeMatch(match: TokenMatch): DecodedToken {
  const decoded = match.jwtLength !== undefined ? decodePresentation(match.text, 0, match.header) : decodeJws(match);
  if (match.accessTokenBeside === undefined && match.carrier === undefined) {
    return decoded;
  }
  return {
    ...decoded,
    ...(match.accessTokenBeside !== undefined && { accessTokenBeside: match.accessTokenBeside }),
    ...(match.carrier && { carrier: match.carrier }),
  };
}

function decodeJws(match: TokenMatch): DecodedToken {
  // The scanner read every part as a base64url run, so the alphabet needs no second check.
  const { text } = match;
  // Three parts by two indexOf calls: cheaper than split on the hot path of a whole-document scan.
  const first = text.indexOf('.');
  const second = text.indexOf('.', first + 1);
  const parts = match.kind === 'jws' ? [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)] : text.split('.');
  return decodeRest(text, parts, match.kind, match.header, true);
}
