// Finds compact JWS and JWE tokens in any text in linear time, without regular expressions.
// A candidate starts where "ey" follows a non-base64url character ("ey" is how base64url of `{"`
// and `{ ` begins, so every JSON-object header starts with it); it is a token only when its header
// decodes to a JSON object with an `alg`, so ordinary base64 and dotted identifiers never match.

import { DEFAULT_MAX_TOKEN_LENGTH, decodeHeader, isBase64UrlCharCode, type JsonObject } from './decode';

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

/** Index just past the run of base64url characters starting at `from`. */
function endOfBase64Url(text: string, from: number): number {
  let i = from;
  while (i < text.length && isBase64UrlCharCode(text.charCodeAt(i))) i++;
  return i;
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

export function scanTokens(text: string, options: ScanOptions = {}): ScanResult {
  const maxTokenLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const tokens: TokenMatch[] = [];
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
    const header = decodeHeader(text.slice(start, headerEnd));
    if (!header.ok) {
      position = headerEnd;
      continue;
    }
    const kind = typeof header.value.enc === 'string' ? 'jwe' : 'jws';
    const segmentCount = kind === 'jwe' ? 5 : 3;
    const ends = readSegments(text, start, segmentCount);
    const end = ends[ends.length - 1];
    if (ends.length < segmentCount) {
      position = end;
      continue;
    }
    if (end - start > maxTokenLength) {
      skippedTooLong++;
      position = end;
      continue;
    }
    tokens.push({ start, end, text: text.slice(start, end), kind, header: header.value });
    position = end;
    if (tokens.length >= maxTokens) return { tokens, skippedTooLong, truncated: true };
  }
  return { tokens, skippedTooLong, truncated: false };
}

/** The token covering `offset` (inclusive of both ends, so a cursor just after a token finds it). */
export function tokenAt(text: string, offset: number, options: ScanOptions = {}): TokenMatch | undefined {
  return scanTokens(text, options).tokens.find((token) => token.start <= offset && offset <= token.end);
}
