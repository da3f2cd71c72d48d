// How a token travels where it sits in its text: as a cookie a server sets, in a URL's query, or as
// an `Authorization: Bearer` credential. What is wrong with a token depends on it (core/judge/
// carrier.ts). The character before the token decides what is read: a few characters before it on
// its line, at most LINE_WINDOW of a URL or a cookie's attributes, and in a HAR file (JSON) the
// objects around its string, at most JSON_WINDOW characters back. A scan of a large file, a hover or
// a CodeLens costs no more per token than that.

export type CookieAttribute = 'HttpOnly' | 'Secure' | 'SameSite';

export type TokenCarrier =
  | { readonly kind: 'set-cookie'; readonly cookie: string; readonly missing: readonly CookieAttribute[] }
  | { readonly kind: 'query'; readonly parameter: string }
  | { readonly kind: 'bearer' };

const LINE_WINDOW = 1024;
const JSON_WINDOW = 16_384;
const TAB = 0x09;
const NEWLINE = 0x0a;
const SPACE = 0x20;
const QUOTE = 0x22;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** What may come before a cookie's name: `Set-Cookie: `, curl -v's `< set-cookie: `, a `setHeader('Set-Cookie', '` call. */
const SET_COOKIE = /set-cookie["']?[ \t]*[:,=][ \t]*["']?[ \t]*$/i;
/** Where a cookie's attributes end: a quote closes the string that holds them, a newline the header. */
const ATTRIBUTES_END = /["'\\\r\n]/;
const PARAMETER_CHAR = /[A-Za-z0-9_.~%+-]/;
const COOKIE_NAME_CHAR = /[!#$%&*+.^_`|~0-9A-Za-z-]/;
/** What ends a URL in text: whitespace, quotes and brackets around it. */
const URL_BOUNDARY = /[\s"'<>`()]/;

/**
 * How the token at [start, end) of `text` is carried, when the text right before it says: the
 * character before the token decides what is looked at, so most tokens cost a comparison or two.
 */
export function carrierOf(text: string, start: number, end: number): TokenCarrier | undefined {
  const previous = text.charCodeAt(start - 1);
  if (previous === SPACE || previous === TAB) {
    return bearerBefore(text, start) ? { kind: 'bearer' } : undefined;
  }
  if (previous === EQUALS) {
    return assignedCarrier(text, start, end);
  }
  if (previous === QUOTE) {
    // A JSON string that is the token (a HAR cookie or query parameter), or a quoted cookie value.
    return (
      jsonValueCarrier(text, start, end) ?? (text.charCodeAt(start - 2) === EQUALS ? assignedCarrier(text, start - 1, end) : undefined)
    );
  }
  return undefined;
}

/** `Bearer ` right before the token: the scheme of RFC 6750 §2.1, any case, not the end of a longer word. */
function bearerBefore(text: string, start: number): boolean {
  let i = start - 1;
  while (i > 0 && start - i < 16 && (text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)) {
    i--;
  }
  const word = i - 6;
  return word >= 0 && text.slice(word, i).toLowerCase() === 'bearer' && (word === 0 || !/[A-Za-z0-9_-]/.test(text[word - 1]));
}

/** The token is the value of `name=`: a query parameter after `?` or `&`, or a cookie a Set-Cookie sets. */
function assignedCarrier(text: string, start: number, end: number): TokenCarrier | undefined {
  const equals = start - 1;
  let nameStart = equals;
  while (nameStart > 0 && equals - nameStart < 256 && PARAMETER_CHAR.test(text[nameStart - 1])) {
    nameStart--;
  }
  const separator = text[nameStart - 1];
  if (separator === '?' || separator === '&') {
    const parameter = nameStart < equals ? queryParameter(text, nameStart) : undefined;
    return parameter === undefined ? undefined : { kind: 'query', parameter };
  }
  let cookieStart = equals;
  while (cookieStart > 0 && equals - cookieStart < 256 && COOKIE_NAME_CHAR.test(text[cookieStart - 1])) {
    cookieStart--;
  }
  if (cookieStart === equals) {
    return undefined;
  }
  const cookie = text.slice(cookieStart, equals);
  const after = () => text.slice(end, Math.min(text.length, end + LINE_WINDOW));
  const lead = text.slice(Math.max(0, cookieStart - 64), cookieStart);
  if (SET_COOKIE.test(lead.slice(lead.lastIndexOf('\n') + 1))) {
    return setCookie(cookie, attributesIn(after()));
  }
  // A HAR header's value, "session=…": a Set-Cookie when its object's name says so.
  if (text.charCodeAt(cookieStart - 1) === QUOTE && jsonHeaderName(text, cookieStart - 1, end)?.toLowerCase() === 'set-cookie') {
    return setCookie(cookie, attributesIn(after()));
  }
  return undefined;
}

function setCookie(cookie: string, present: { httpOnly: boolean; secure: boolean; sameSite: boolean }): TokenCarrier {
  const missing: CookieAttribute[] = [];
  if (!present.httpOnly) {
    missing.push('HttpOnly');
  }
  if (!present.secure) {
    missing.push('Secure');
  }
  if (!present.sameSite) {
    missing.push('SameSite');
  }
  return { kind: 'set-cookie', cookie, missing };
}

/** The attributes after a cookie's value: `; Path=/; Secure; HttpOnly; SameSite=Lax`. */
function attributesIn(after: string): { httpOnly: boolean; secure: boolean; sameSite: boolean } {
  const stop = ATTRIBUTES_END.exec(after);
  const attributes = (stop ? after.slice(0, stop.index) : after).split(';').map((part) => part.trim().toLowerCase());
  return {
    httpOnly: attributes.includes('httponly'),
    secure: attributes.includes('secure'),
    sameSite: attributes.some((attribute) => /^samesite\s*=/.test(attribute)),
  };
}

/**
 * The name of the query parameter starting at `nameStart` (after its `?` or `&`), when it is part of
 * a URL or path (a `/` before the `?`), or of a query an .http file continues on a line of its own;
 * undefined in a fragment.
 */
function queryParameter(text: string, nameStart: number): string | undefined {
  const separator = nameStart - 1;
  let runStart = separator;
  while (runStart > 0 && separator - runStart < LINE_WINDOW && !URL_BOUNDARY.test(text[runStart - 1])) {
    runStart--;
  }
  const run = text.slice(runStart, separator);
  let lineStart = runStart;
  while (lineStart > 0 && (text.charCodeAt(lineStart - 1) === SPACE || text.charCodeAt(lineStart - 1) === TAB)) {
    lineStart--;
  }
  // A REST Client .http file continues a request's query on lines of their own: "?a=1" or "&a=1".
  const continuation = (lineStart === 0 || text.charCodeAt(lineStart - 1) === NEWLINE) && (run === '' || run[0] === '?' || run[0] === '&');
  const question = text[separator] === '?' ? run.length : run.indexOf('?');
  const inUrl = question >= 0 && run.slice(0, question).includes('/');
  // After a "#" it is the fragment, which no request sends (an implicit grant's #access_token=).
  if ((!inUrl && !continuation) || run.includes('#')) {
    return undefined;
  }
  return text.slice(nameStart, text.indexOf('=', nameStart));
}

// HAR (HTTP Archive 1.2): log.entries[].request|response has headers[] and cookies[] of
// {name, value, …} (a response cookie also httpOnly, secure, sameSite) and the request a
// queryString[] of {name, value}. A Postman collection's headers are {key, value}.

/** The token is a JSON string, the "value" of a HAR query parameter or response cookie. */
function jsonValueCarrier(text: string, start: number, end: number): TokenCarrier | undefined {
  const open = start - 1;
  const object = valueObject(text, open);
  if (object === undefined) {
    return undefined;
  }
  const members = membersOf(text, object, Math.min(text.length, end + JSON_WINDOW));
  const name = members.get('name') ?? members.get('key');
  if (typeof name !== 'string') {
    return undefined;
  }
  const floor = Math.max(0, start - JSON_WINDOW);
  const array = openerBefore(text, object - 1, floor);
  const list = array >= 0 && text.charCodeAt(array) === OPEN_BRACKET ? keyBefore(text, array) : undefined;
  if (list === 'queryString') {
    return { kind: 'query', parameter: name };
  }
  if (list !== 'cookies') {
    return undefined;
  }
  const parent = openerBefore(text, array - 1, floor);
  // A request's cookies are what a browser sends: their attributes are the server's business.
  if (parent < 0 || keyBefore(text, parent) !== 'response') {
    return undefined;
  }
  return setCookie(name, {
    httpOnly: members.get('httpOnly') === true,
    secure: members.get('secure') === true,
    sameSite: typeof members.get('sameSite') === 'string' && members.get('sameSite') !== '',
  });
}

/** The name of the HAR header (or Postman header's key) whose "value" string opens at `open`. */
function jsonHeaderName(text: string, open: number, end: number): string | undefined {
  const object = valueObject(text, open);
  if (object === undefined) {
    return undefined;
  }
  const members = membersOf(text, object, Math.min(text.length, end + JSON_WINDOW));
  const name = members.get('name') ?? members.get('key');
  return typeof name === 'string' ? name : undefined;
}

/** The `{` of the object whose "value" member is the string opening at `open`. */
function valueObject(text: string, open: number): number | undefined {
  if (keyBefore(text, open) !== 'value') {
    return undefined;
  }
  const object = openerBefore(text, open - 1, Math.max(0, open - JSON_WINDOW));
  return object >= 0 && text.charCodeAt(object) === OPEN_BRACE ? object : undefined;
}

/** Longer runs of backslashes are hostile input: the quote after one is taken as escaped (no context, never a wrong one). */
const MAX_BACKSLASH_RUN = 1024;

/** Whether the quote at `at` is escaped: an odd run of backslashes before it (bounded: see MAX_BACKSLASH_RUN). */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === BACKSLASH; i--) {
    if (++backslashes > MAX_BACKSLASH_RUN) {
      return true;
    }
  }
  return backslashes % 2 === 1;
}

function lastUnescapedQuote(text: string, from: number, floor: number): number {
  for (let i = from; i >= floor; i--) {
    if (text.charCodeAt(i) === QUOTE && !isEscaped(text, i)) {
      return i;
    }
  }
  return -1;
}

function nextUnescapedQuote(text: string, from: number, ceiling: number): number {
  for (let i = from; i < ceiling; i++) {
    if (text.charCodeAt(i) === QUOTE && !isEscaped(text, i)) {
      return i;
    }
  }
  return -1;
}

/** The member name before `at` (a string's opening quote, or a `{` or `[`): `"name" :` then it. */
function keyBefore(text: string, at: number): string | undefined {
  let i = at - 1;
  while (i >= 0 && /\s/.test(text[i])) {
    i--;
  }
  if (text[i] !== ':') {
    return undefined;
  }
  i--;
  while (i >= 0 && /\s/.test(text[i])) {
    i--;
  }
  if (text.charCodeAt(i) !== QUOTE) {
    return undefined;
  }
  const open = lastUnescapedQuote(text, i - 1, Math.max(0, i - 256));
  return open < 0 ? undefined : jsonString(text, open, i);
}

/**
 * The `{` or `[` that opens the value holding `from`, walking back outside strings: going back, each
 * unescaped quote opens or closes a string, as it does going forward.
 */
function openerBefore(text: string, from: number, floor: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i >= floor; i--) {
    const c = text.charCodeAt(i);
    if (c === QUOTE && !isEscaped(text, i)) {
      inString = !inString;
    } else if (inString) {
      continue;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth++;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === 0) {
        return i;
      }
      depth--;
    }
  }
  return -1;
}

/** The members read from a HAR object: its name, and a response cookie's attributes. */
const WANTED_MEMBERS = new Set(['name', 'key', 'httpOnly', 'secure', 'sameSite']);

/** The wanted string and boolean members of the object opening at `open`, read up to `ceiling`. */
function membersOf(text: string, open: number, ceiling: number): Map<string, string | boolean> {
  const members = new Map<string, string | boolean>();
  let depth = 0;
  let key: string | undefined;
  let expectKey = true;
  for (let i = open; i < ceiling; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const close = nextUnescapedQuote(text, i + 1, ceiling);
      if (close < 0) {
        break;
      }
      if (depth === 1 && expectKey) {
        key = jsonString(text, i, close);
      } else if (depth === 1 && key !== undefined && WANTED_MEMBERS.has(key)) {
        const value = jsonString(text, i, close);
        if (value !== undefined) {
          members.set(key, value);
        }
      }
      i = close;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) {
        break;
      }
    } else if (depth === 1 && c === COLON) {
      expectKey = false;
    } else if (depth === 1 && c === COMMA) {
      expectKey = true;
      key = undefined;
    } else if (depth === 1 && !expectKey && key !== undefined && WANTED_MEMBERS.has(key) && (c === 0x74 || c === 0x66)) {
      members.set(key, text.startsWith('true', i));
      key = undefined;
    }
  }
  return members;
}

/** The JSON string whose quotes are at `open` and `close`: verbatim unless it holds an escape. */
function jsonString(text: string, open: number, close: number): string | undefined {
  const literal = text.slice(open, close + 1);
  if (!literal.includes('\\')) {
    return literal.slice(1, -1);
  }
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
