// Decoding of compact JWS/JWE tokens. Never throws: every failure is a typed DecodeError naming the
// part and what was wrong, and whatever parts did decode are still returned.
import { base64UrlBinary, binaryUtf8, edgeBytes } from '../text/base64';
import { capitalise } from '../text/display';
import { jsonSyntaxError } from '../text/jsonSyntax';
import type { Result } from '../text/result';
import type { TokenCarrier } from './carrier';
import { decodeDisclosure, presentationParts, type SdJwtPresentation } from './sdJwt';

export type JsonObject = Record<string, unknown>;

export type TokenPart = 'token' | 'header' | 'payload' | 'signature';

export type DecodeErrorCode =
  'ERR_EMPTY' | 'ERR_TOO_LONG' | 'ERR_PART_COUNT' | 'ERR_BASE64URL' | 'ERR_UTF8' | 'ERR_JSON' | 'ERR_NOT_OBJECT' | 'ERR_NO_ALG';

export interface DecodeError {
  readonly code: DecodeErrorCode;
  readonly part: TokenPart;
  readonly message: string;
}

export interface DecodedToken {
  /** `jws` has 3 parts, `jwe` has 5 (its payload is encrypted and never decoded). */
  readonly kind: 'jws' | 'jwe';
  readonly text: string;
  readonly parts: readonly string[];
  readonly header?: JsonObject;
  /** The JWS payload when it is a JSON object (a JWT claims set). */
  readonly payload?: JsonObject;
  /** The JWS payload as text when it decodes but is not a JSON object. */
  readonly payloadText?: string;
  /**
   * Why a well-formed JWS is not a JWT: its payload is text, or JSON that is not an object (RFC 7515
   * allows any payload; RFC 7520 §4 signs a text). Information, not an error: its signature is checked.
   */
  readonly notJwt?: string;
  /** The token a nested JWT carries as its payload (cty "JWT", RFC 7519 §5.2), decoded. */
  readonly nested?: DecodedToken;
  /**
   * An SD-JWT presentation (RFC 9901): `text` is all of it, and header, payload and parts are its
   * issuer-signed JWT's.
   */
  readonly sdJwt?: SdJwtPresentation;
  /** For a DPoP proof: the access token sent beside it in its text (`Authorization: DPoP …`). */
  readonly accessTokenBeside?: string;
  /** How its text carries it (a Set-Cookie, a URL's query, `Authorization: Bearer`), when it says. */
  readonly carrier?: TokenCarrier;
  /** The first thing that went wrong; undefined when the token is well-formed. */
  readonly error?: DecodeError;
}

/** Default cap on a token's length; a setting can raise it. */
export const DEFAULT_MAX_TOKEN_LENGTH = 65_536;

const BASE64URL_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
  BASE64URL_CHAR[c.charCodeAt(0)] = 1;
}

export function isBase64UrlCharCode(code: number): boolean {
  return code < 128 && BASE64URL_CHAR[code] === 1;
}

type PartResult<T> = Result<{ value: T }, DecodeError>;

const BASE64URL_TEXT = /^[A-Za-z0-9_-]*$/;

/** Why `text` is not strict base64url (RFC 7515 §2: URL-safe alphabet, no padding, no whitespace), or undefined. */
export function base64UrlProblem(text: string, part: TokenPart, alphabetChecked = false): DecodeError | undefined {
  if (!alphabetChecked && !BASE64URL_TEXT.test(text)) {
    for (let i = 0; i < text.length; i++) {
      if (!isBase64UrlCharCode(text.charCodeAt(i))) {
        const shown = JSON.stringify(text[i]);
        return { code: 'ERR_BASE64URL', part, message: `${capitalise(part)} is not base64url: character ${shown} at position ${i + 1}.` };
      }
    }
  }
  if (text.length % 4 === 1) {
    return {
      code: 'ERR_BASE64URL',
      part,
      message: `${capitalise(part)} is not base64url: its length (${text.length}) cannot be a whole number of bytes; the token may be truncated.`,
    };
  }
  return undefined;
}

/**
 * Decodes one base64url part holding UTF-8 JSON. With `checkSyntax` the JSON is checked before it
 * is parsed, so junk costs no exception: the scanner decodes every candidate header this way.
 */
export function decodeJsonPart(
  text: string,
  part: 'header' | 'payload',
  alphabetChecked = false,
  checkSyntax = false,
): PartResult<unknown> & { text?: string } {
  if (text.length === 0) {
    return fail('ERR_EMPTY', part, `${capitalise(part)} is empty.`);
  }
  const problem = base64UrlProblem(text, part, alphabetChecked);
  if (problem) {
    return { ok: false, error: problem };
  }
  const binary = base64UrlBinary(text);
  const json = binary === undefined ? undefined : binaryUtf8(binary);
  if (json === undefined) {
    return fail('ERR_UTF8', part, `${capitalise(part)} is not valid UTF-8.`);
  }
  if (checkSyntax) {
    const syntax = jsonSyntaxError(json);
    if (syntax) {
      return { ...fail('ERR_JSON', part, `${capitalise(part)} is not valid JSON: ${syntax.message}.`), text: json };
    }
  }
  try {
    return { ok: true, value: JSON.parse(json), text: json };
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    return { ...fail('ERR_JSON', part, `${capitalise(part)} is not valid JSON${detail}.`), text: json };
  }
}

/** The compact JWS a signature check reads: an SD-JWT's issuer-signed JWT, else the token's text. */
export function jwsText(decoded: DecodedToken): string {
  return decoded.sdJwt?.jwt ?? decoded.text;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes the header part; requires a JSON object with a string `alg` (RFC 7515 §4.1.1). Never throws. */
export function decodeHeader(text: string, alphabetChecked = false): PartResult<JsonObject> {
  const decoded = decodeJsonPart(text, 'header', alphabetChecked, true);
  if (!decoded.ok) {
    return decoded;
  }
  if (!isJsonObject(decoded.value)) {
    return fail('ERR_NOT_OBJECT', 'header', `Header is JSON but not an object (it is ${describeJson(decoded.value)}).`);
  }
  if (typeof decoded.value.alg !== 'string') {
    return fail('ERR_NO_ALG', 'header', 'Header has no "alg" string, so this is not a JWS or JWE.');
  }
  return { ok: true, value: decoded.value };
}

const isJsonSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * The header a candidate run decodes to, or null: the scanner's fast path, which needs no message.
 * Junk is refused by its first and last bytes before any text is made, and nothing here throws.
 */
export function scanHeader(text: string): JsonObject | null {
  if (text.length % 4 === 1) {
    return null;
  }
  // Most junk is refused here, before any decoding: its first or last byte is neither brace nor space.
  const edges = edgeBytes(text);
  if ((edges.first !== 0x7b && !isJsonSpace(edges.first)) || (edges.last !== 0x7d && !isJsonSpace(edges.last))) {
    return null;
  }
  const bytes = base64UrlBinary(text);
  if (bytes === undefined) {
    return null;
  }
  let first = 0;
  let last = bytes.length - 1;
  while (first <= last && isJsonSpace(bytes.charCodeAt(first))) {
    first++;
  }
  while (last >= first && isJsonSpace(bytes.charCodeAt(last))) {
    last--;
  }
  if (bytes.charCodeAt(first) !== 0x7b || bytes.charCodeAt(last) !== 0x7d) {
    return null;
  }
  const json = binaryUtf8(bytes);
  if (json === undefined || jsonSyntaxError(json) !== undefined) {
    return null;
  }
  const value: unknown = JSON.parse(json);
  return isJsonObject(value) && typeof value.alg === 'string' ? value : null;
}

/** Tokens nested deeper than this are shown as text: a hostile chain of wrappers stays cheap. */
const MAX_NESTING = 3;

/** cty "JWT" (any case, RFC 7519 §5.2): the payload is itself a JWT. */
export function isNestedJwt(header: JsonObject): boolean {
  return typeof header.cty === 'string' && header.cty.toUpperCase() === 'JWT';
}

export function decodeToken(input: string, maxLength = DEFAULT_MAX_TOKEN_LENGTH, depth = 0): DecodedToken {
  const text = input.trim().replace(/^Bearer\s+/i, '');
  if (text.includes('~') && text.length <= maxLength) {
    return decodePresentation(text, depth);
  }
  if (text.length === 0) {
    return { kind: 'jws', text, parts: [], error: { code: 'ERR_EMPTY', part: 'token', message: 'No token: the text is empty.' } };
  }
  if (text.length > maxLength) {
    return {
      kind: 'jws',
      text: '',
      parts: [],
      error: {
        code: 'ERR_TOO_LONG',
        part: 'token',
        message: `Token is ${text.length.toLocaleString('en-US')} characters, over the ${maxLength.toLocaleString('en-US')} limit (setting jwtLens.maxTokenLength).`,
      },
    };
  }
  const parts = text.split('.');
  if (parts.length !== 3 && parts.length !== 5) {
    return {
      kind: 'jws',
      text,
      parts,
      error: {
        code: 'ERR_PART_COUNT',
        part: 'token',
        message: `Token has ${parts.length} part${parts.length === 1 ? '' : 's'}; a JWS has 3 and a JWE has 5, separated by dots.`,
      },
    };
  }
  const kind = parts.length === 5 ? 'jwe' : 'jws';
  const header = decodeHeader(parts[0]);
  if (!header.ok) {
    return { kind, text, parts, error: header.error };
  }
  return decodeRest(text, parts, kind, header.value, false, depth);
}

/**
 * An SD-JWT presentation decoded: its issuer-signed JWT as any JWS (the header the scanner read
 * already, when given), each disclosure, and its Key Binding JWT.
 */
export function decodePresentation(text: string, depth = 0, scannedHeader?: JsonObject): DecodedToken {
  const shape = presentationParts(text);
  const jwt = scannedHeader
    ? decodeRest(shape.jwt, shape.jwt.split('.'), 'jws', scannedHeader, true, depth)
    : decodeToken(shape.jwt, Infinity, depth);
  const sdJwt: SdJwtPresentation = {
    jwt: shape.jwt,
    disclosures: shape.disclosures.map(decodeDisclosure),
    hashed: shape.hashed,
    keyBinding: shape.keyBinding === undefined ? undefined : decodeToken(shape.keyBinding, Infinity, MAX_NESTING),
    error: shape.error,
  };
  const error =
    jwt.kind === 'jwe' && !jwt.error
      ? {
          code: 'ERR_PART_COUNT' as const,
          part: 'token' as const,
          message: 'The issuer-signed JWT of an SD-JWT must be a JWS, not a JWE (RFC 9901 §4.1).',
        }
      : jwt.error;
  return { ...jwt, text, sdJwt, error };
}

/**
 * Finishes decoding a token whose header is already decoded (the scanner decodes headers to find
 * tokens; this spares decoding them twice).
 */
export function decodeRest(
  text: string,
  parts: readonly string[],
  kind: 'jws' | 'jwe',
  header: JsonObject,
  alphabetChecked = false,
  depth = 0,
): DecodedToken {
  if (kind === 'jwe') {
    return { kind, text, parts, header };
  }
  const payload = decodeJsonPart(parts[1], 'payload', alphabetChecked);
  // The signature's bytes are jose's business; here it only has to be well-formed.
  const signatureError = base64UrlProblem(parts[2], 'signature', alphabetChecked);
  if (!payload.ok && (payload.error.code !== 'ERR_JSON' || looksLikeClaims(payload.text))) {
    return { kind, text, parts, header, payloadText: payload.text, error: payload.error };
  }
  if (!payload.ok && isNestedJwt(header) && depth < MAX_NESTING) {
    // A nested JWT: the payload is the inner token (RFC 7519 §5.2, §7.2 step 8).
    const nested = decodeToken(payload.text!.trim(), Infinity, depth + 1);
    return { kind, text, parts, header, payloadText: payload.text, notJwt: 'nested JWT (cty "JWT")', nested, error: signatureError };
  }
  if (!payload.ok) {
    return { kind, text, parts, header, payloadText: payload.text, notJwt: 'not a JWT (payload is not JSON)', error: signatureError };
  }
  if (!isJsonObject(payload.value)) {
    const notJwt = `not a JWT (payload is ${describeJson(payload.value)}, not a JSON object)`;
    return { kind, text, parts, header, payloadText: payload.text, notJwt, error: signatureError };
  }
  return { kind, text, parts, header, payload: payload.value, error: signatureError };
}

/** A payload written as a claims set (it opens with a brace), so broken JSON in it is an error, not text. */
function looksLikeClaims(text: string | undefined): boolean {
  return text !== undefined && text.trimStart().startsWith('{');
}

function describeJson(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return `a ${typeof value}`;
}

function fail(code: DecodeErrorCode, part: TokenPart, message: string): { ok: false; error: DecodeError } {
  return { ok: false, error: { code, part, message } };
}
