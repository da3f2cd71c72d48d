// Finds compact JWS and JWE tokens in any text in linear time, without regular expressions.
// A candidate starts where "ey" follows a non-base64url character ("ey" is how base64url of `{"`
// and `{ ` begins, so every JSON-object header starts with it); it is a token only when its header
// decodes to a JSON object with an `alg`, so ordinary base64 and dotted identifiers never match.

import { DEFAULT_MAX_TOKEN_LENGTH, decodeHeader, decodeRest, isBase64UrlCharCode, type DecodedToken, type JsonObject } from './decode';

export interface TokenMatch {
  /** Offset of the first character of the token. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  readonly text: string;
  readonly kind: 'jws' | 'jwe';
  readonly header: JsonObject;
}

export interface ScanOptions {
  /** Segments longer than this are skipped (and counted in `skippedTooLong`). */
  readonly maxTokenLength?: number;
  /** Scanning stops after this many tokens (`truncated` is then true). */
  readonly maxTokens?: number;
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
    if (segment === count - 1 || text.charCodeAt(end) !== DOT) break;
    i = end + 1;
  }
  return ends;
}

/** Headers repeat across a document (one issuer, one key): decode each distinct one once per scan. */
const HEADER_CACHE_LIMIT = 256;

export function scanTokens(text: string, options: ScanOptions = {}): ScanResult {
  const maxTokenLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const tokens: TokenMatch[] = [];
  const headers = new Map<string, JsonObject | null>();
  let skippedTooLong = 0;
  let position = 0;

  while (position < text.length) {
    const start = text.indexOf('ey', position);
    if (start < 0) break;
    if (start > 0 && isBase64UrlCharCode(text.charCodeAt(start - 1))) {
      // Inside a longer word or base64 run: skip the whole run so each character is looked at once.
      position = endOfBase64Url(text, start);
      continue;
    }
    const headerEnd = endOfBase64Url(text, start);
    if (text.charCodeAt(headerEnd) !== DOT) {
      position = headerEnd;
      continue;
    }
    if (headerEnd - start > maxTokenLength) {
      skippedTooLong++;
      position = headerEnd;
      continue;
    }
    const headerText = text.slice(start, headerEnd);
    let header = headers.get(headerText);
    if (header === undefined) {
      const decoded = decodeHeader(headerText);
      header = decoded.ok ? decoded.value : null;
      if (headers.size < HEADER_CACHE_LIMIT) headers.set(headerText, header);
    }
    if (header === null) {
      position = headerEnd;
      continue;
    }
    const kind = typeof header.enc === 'string' ? 'jwe' : 'jws';
    const segmentCount = kind === 'jwe' ? 5 : 3;
    // The header is read already: read the parts after its dot.
    const ends = readSegments(text, headerEnd + 1, segmentCount - 1);
    const end = ends[ends.length - 1];
    if (ends.length < segmentCount - 1) {
      position = end;
      continue;
    }
    if (end - start > maxTokenLength) {
      skippedTooLong++;
      position = end;
      continue;
    }
    tokens.push({ start, end, text: text.slice(start, end), kind, header });
    position = end;
    if (tokens.length >= maxTokens) return { tokens, skippedTooLong, truncated: true };
  }
  return { tokens, skippedTooLong, truncated: false };
}

/** The token covering `offset` (inclusive of both ends, so a cursor just after a token finds it). */
export function tokenAt(text: string, offset: number, options: ScanOptions = {}): TokenMatch | undefined {
  return scanTokens(text, options).tokens.find((token) => token.start <= offset && offset <= token.end);
}

/** Decodes a found token's payload, reusing the header the scan already decoded. */
export function decodeMatch(match: TokenMatch): DecodedToken {
  // The scanner read every part as a base64url run, so the alphabet needs no second check.
  const { text } = match;
  // Three parts by two indexOf calls: cheaper than split on the hot path of a whole-document scan.
  const first = text.indexOf('.');
  const second = text.indexOf('.', first + 1);
  const parts = match.kind === 'jws' ? [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)] : text.split('.');
  return decodeRest(text, parts, match.kind, match.header, true);
}
