// How a token travels where it sits in its text: as a cookie a server sets, in a URL's query, or as
// an `Authorization: Bearer` credential. What is wrong with a token depends on it (core/judge/
// carrier.ts). Only the token's own line is read, at most LINE_WINDOW characters either side, and
// in a HAR file (JSON) the objects around its string, at most JSON_WINDOW characters back: a scan of
// a large file, a hover or a CodeLens costs no more per token than that.

export type CookieAttribute = 'HttpOnly' | 'Secure' | 'SameSite';

export type TokenCarrier =
  | { readonly kind: 'set-cookie'; readonly cookie: string; readonly missing: readonly CookieAttribute[] }
  | { readonly kind: 'query'; readonly parameter: string }
  | { readonly kind: 'bearer' };

const LINE_WINDOW = 1024;
const JSON_WINDOW = 16_384;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/** `Bearer ` right before the token: the scheme of RFC 6750 §2.1, any case. */
const BEARER = /(?:^|[^A-Za-z0-9_-])bearer[ \t]+$/i;
/** `Set-Cookie: name=` right before the token (a header line, curl -v, a `setHeader('Set-Cookie', 'name=` call). */
const SET_COOKIE = /set-cookie["']?[ \t]*[:,=][ \t]*["']?[ \t]*([!#$%&*+.^_`|~0-9A-Za-z-]+)=[ \t]*"?$/i;
/** Where a cookie's attributes end: a quote closes the string that holds them, a newline the header. */
const ATTRIBUTES_END = /["'\\\r\n]/;
const PARAMETER_CHAR = /[A-Za-z0-9_.~%+-]/;
/** What ends a URL in text: whitespace, quotes and brackets around it. */
const URL_BOUNDARY = /[\s"'<>`()]/;

/** How the token at [start, end) of `text` is carried, when its line or its JSON object says. */
export function carrierOf(text: string, start: number, end: number): TokenCarrier | undefined {
  let from = start;
  const floor = Math.max(0, start - LINE_WINDOW);
  while (from > floor && text.charCodeAt(from - 1) !== NEWLINE) {
    from--;
  }
  let to = end;
  const ceiling = Math.min(text.length, end + LINE_WINDOW);
  while (to < ceiling && text.charCodeAt(to) !== NEWLINE) {
    to++;
  }
  const before = text.slice(from, start);
  const after = text.slice(end, to);
  return (
    (before.includes('"') && jsonCarrier(text, start, end, before)) ||
    lineCarrier(before, after, from === 0 || text.charCodeAt(from - 1) === NEWLINE)
  );
}

/** What the text on the token's line says; `atLineStart` when `before` starts at the line's start. */
function lineCarrier(before: string, after: string, atLineStart: boolean): TokenCarrier | undefined {
  if (BEARER.test(before)) {
    return { kind: 'bearer' };
  }
  const cookie = SET_COOKIE.exec(before);
  if (cookie) {
    return setCookie(cookie[1], attributesIn(after));
  }
  const parameter = queryParameter(before, atLineStart);
  return parameter === undefined ? undefined : { kind: 'query', parameter };
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
 * The query parameter whose value the token is: `?name=` or `&name=` right before it, in a URL or
 * path (a `/` before its `?`), or on a line of its own as an .http file continues a query.
 */
function queryParameter(before: string, atLineStart: boolean): string | undefined {
  const equals = before.length - 1;
  if (before.charCodeAt(equals) !== 0x3d) {
    return undefined;
  }
  let nameStart = equals;
  while (nameStart > 0 && PARAMETER_CHAR.test(before[nameStart - 1])) {
    nameStart--;
  }
  const separator = before[nameStart - 1];
  if (nameStart === equals || (separator !== '?' && separator !== '&')) {
    return undefined;
  }
  let runStart = nameStart - 1;
  while (runStart > 0 && !URL_BOUNDARY.test(before[runStart - 1])) {
    runStart--;
  }
  const run = before.slice(runStart, nameStart - 1);
  // A REST Client .http file continues a request's query on lines of their own: "?a=1" or "&a=1".
  const continuation = atLineStart && before.slice(0, runStart).trim() === '' && (run === '' || run[0] === '?' || run[0] === '&');
  const question = separator === '?' ? run.length : run.indexOf('?');
  const inUrl = question >= 0 && run.slice(0, question).includes('/');
  if (!inUrl && !continuation) {
    return undefined;
  }
  // After a "#" it is the fragment, which no request sends (an implicit grant's #access_token=).
  return run.includes('#') ? undefined : before.slice(nameStart, equals);
}

// HAR (HTTP Archive 1.2): log.entries[].request|response has headers[] and cookies[] of
// {name, value, …} (a response cookie also httpOnly, secure, sameSite) and the request a
// queryString[] of {name, value}. A Postman collection's headers are {key, value}.

/** What the JSON object around the token's string says: a header, a response cookie or a query parameter. */
function jsonCarrier(text: string, start: number, end: number, before: string): TokenCarrier | undefined {
  const open = lastUnescapedQuote(text, start - 1, start - before.length);
  if (open < 0 || keyBefore(text, open) !== 'value') {
    return undefined;
  }
  const floor = Math.max(0, start - JSON_WINDOW);
  const object = openerBefore(text, open - 1, floor);
  if (object < 0 || text[object] !== '{') {
    return undefined;
  }
  const members = membersOf(text, object, Math.min(text.length, end + JSON_WINDOW));
  const name = members.get('name') ?? members.get('key');
  if (typeof name !== 'string') {
    return undefined;
  }
  const array = openerBefore(text, object - 1, floor);
  const list = array >= 0 && text[array] === '[' ? keyBefore(text, array) : undefined;
  if (list === 'queryString') {
    return { kind: 'query', parameter: name };
  }
  if (list === 'cookies') {
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
  // A header: judged as its line would be, "Name: value".
  const close = nextUnescapedQuote(text, end, Math.min(text.length, end + LINE_WINDOW));
  return lineCarrier(`${name}: ${text.slice(open + 1, start)}`, text.slice(end, close < 0 ? end : close), false);
}

/** Whether the quote at `at` is escaped: an odd run of backslashes before it. */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === BACKSLASH; i--) {
    backslashes++;
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
  return open < 0 ? undefined : jsonString(text.slice(open, i + 1));
}

/**
 * The `{` or `[` that opens the value holding `from`, walking back outside strings: going back, each
 * unescaped quote opens or closes a string, as it does going forward.
 */
function openerBefore(text: string, from: number, floor: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i >= floor; i--) {
    const c = text[i];
    if (c === '"' && !isEscaped(text, i)) {
      inString = !inString;
    } else if (inString) {
      continue;
    } else if (c === '}' || c === ']') {
      depth++;
    } else if (c === '{' || c === '[') {
      if (depth === 0) {
        return i;
      }
      depth--;
    }
  }
  return -1;
}

/** The string and boolean members of the object opening at `open`, read up to `ceiling`. */
function membersOf(text: string, open: number, ceiling: number): Map<string, string | boolean> {
  const members = new Map<string, string | boolean>();
  let depth = 0;
  let key: string | undefined;
  let expectKey = true;
  for (let i = open; i < ceiling; i++) {
    const c = text[i];
    if (c === '"') {
      const close = nextUnescapedQuote(text, i + 1, ceiling);
      if (close < 0) {
        break;
      }
      if (depth === 1) {
        const value = jsonString(text.slice(i, close + 1));
        if (expectKey) {
          key = value;
        } else if (key !== undefined && value !== undefined) {
          members.set(key, value);
        }
      }
      i = close;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) {
        break;
      }
    } else if (depth === 1 && c === ':') {
      expectKey = false;
    } else if (depth === 1 && c === ',') {
      expectKey = true;
      key = undefined;
    } else if (depth === 1 && !expectKey && key !== undefined && (text.startsWith('true', i) || text.startsWith('false', i))) {
      members.set(key, c === 't');
    }
  }
  return members;
}

function jsonString(literal: string): string | undefined {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
