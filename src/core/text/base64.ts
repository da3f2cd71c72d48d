// Base64 and UTF-8 without Node's Buffer, so the engine runs where only Web APIs exist (vscode.dev).
// Token parts, on the scan path, go through atob: the platform's native decoder, where a JavaScript
// loop over the characters is several times slower (BENCHMARKS.md). Keys go through the table below.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Six-bit value of each character code, 255 for none; both alphabets ('+' '/' and '-' '_') read. */
const VALUE = new Uint8Array(256).fill(255);
for (let i = 0; i < 64; i++) {
  VALUE[ALPHABET.charCodeAt(i)] = i;
}
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
VALUE[0x2b] = 62; // '+'
VALUE[0x2f] = 63; // '/'

/**
 * The bytes of base64 or base64url text without padding or whitespace. Lenient: it stops at the
 * first character outside the alphabet and drops a dangling single character; callers that need
 * strictness check the alphabet first (`isBase64Text`, or the decoder's own alphabet check).
 */
export function base64Bytes(text: string): Uint8Array {
  let length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code > 255 || VALUE[code] === 255) {
      length = i;
      break;
    }
  }
  const bytes = new Uint8Array((length * 3) >> 2);
  let out = 0;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    const n =
      (VALUE[text.charCodeAt(i)] << 18) |
      (VALUE[text.charCodeAt(i + 1)] << 12) |
      (VALUE[text.charCodeAt(i + 2)] << 6) |
      VALUE[text.charCodeAt(i + 3)];
    bytes[out++] = n >> 16;
    bytes[out++] = (n >> 8) & 0xff;
    bytes[out++] = n & 0xff;
  }
  const rest = length - i;
  if (rest >= 2) {
    const n =
      (VALUE[text.charCodeAt(i)] << 18) | (VALUE[text.charCodeAt(i + 1)] << 12) | (rest === 3 ? VALUE[text.charCodeAt(i + 2)] << 6 : 0);
    bytes[out++] = n >> 16;
    if (rest === 3) {
      bytes[out++] = (n >> 8) & 0xff;
    }
  }
  return out === bytes.length ? bytes : bytes.subarray(0, out);
}

/**
 * The first and last bytes base64url `text` encodes (-1 where it encodes none), read from its first
 * two and last few characters alone: the scanner refuses most junk by them before decoding anything.
 */
export function edgeBytes(text: string): { first: number; last: number } {
  const value = (at: number) => VALUE[text.charCodeAt(at) & 0xff];
  const length = text.length;
  if (length < 2) {
    return { first: -1, last: -1 };
  }
  const first = (value(0) << 2) | (value(1) >> 4);
  const rest = length % 4;
  let last: number;
  if (rest === 2) {
    last = ((value(length - 2) << 2) | (value(length - 1) >> 4)) & 0xff;
  } else if (rest === 3) {
    last = ((value(length - 2) << 4) | (value(length - 1) >> 2)) & 0xff;
  } else {
    last = ((value(length - 2) << 6) | value(length - 1)) & 0xff;
  }
  return { first: first & 0xff, last };
}

/** True when `text` is base64 or base64url with optional `=` padding and no other character. */
export function isBase64Text(text: string): boolean {
  return /^[A-Za-z0-9+/_-]*={0,2}$/.test(text) && text.replace(/=+$/, '').length % 4 !== 1;
}

/** Unpadded base64url of the bytes. */
export function base64UrlText(bytes: Uint8Array): string {
  // Character codes first, one string at the end: a flat string, where `+=` builds a rope that every
  // Map lookup keyed by it (the verify cache) would pay to walk.
  const codes = new Uint16Array(Math.ceil((bytes.length * 4) / 3));
  let out = 0;
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    codes[out++] = CODES[n >> 18];
    codes[out++] = CODES[(n >> 12) & 63];
    codes[out++] = CODES[(n >> 6) & 63];
    codes[out++] = CODES[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    codes[out++] = CODES[n >> 18];
    codes[out++] = CODES[(n >> 12) & 63];
    if (i + 1 < bytes.length) {
      codes[out++] = CODES[(n >> 6) & 63];
    }
  }
  let text = '';
  // In chunks: String.fromCharCode takes its codes as arguments, and argument lists are bounded.
  for (let at = 0; at < out; at += 8192) {
    text += String.fromCharCode.apply(null, codes.subarray(at, Math.min(out, at + 8192)) as unknown as number[]);
  }
  return text;
}

/** Padded standard base64 of the bytes (PEM bodies, CSP nonces). */
export function base64Text(bytes: Uint8Array): string {
  const url = base64UrlText(bytes).replace(/-/g, '+').replace(/_/g, '/');
  return url + '='.repeat((4 - (url.length % 4)) % 4);
}

// ignoreBOM keeps a leading U+FEFF in the text, as Buffer did: a token part starting with a BOM is
// not JSON, and stripping it silently would make it so.
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 text of the bytes, bad sequences as U+FFFD and a BOM kept: what Buffer's toString gave. */
export function decodeUtf8(bytes: Uint8Array): string {
  return lenient.decode(bytes);
}

/** UTF-8 text of the bytes, or undefined when they are not valid UTF-8. Never throws. */
export function utf8Text(bytes: Uint8Array): string | undefined {
  const text = lenient.decode(bytes);
  // The lenient decoder puts U+FFFD for bad sequences; only then is the strict (throwing) one needed.
  if (!text.includes('\uFFFD')) {
    return text;
  }
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

const encoder = new TextEncoder();

/**
 * The bytes base64url `text` encodes, as a binary string (one char per byte), or undefined when it
 * is not base64url. Never throws.
 */
export function base64UrlBinary(text: string): string | undefined {
  try {
    return atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return undefined;
  }
}

const NON_ASCII = /[\x80-\uffff]/;

/** UTF-8 text of a binary string's bytes, or undefined when they are not valid UTF-8. Never throws. */
export function binaryUtf8(binary: string): string | undefined {
  // Token JSON is nearly always ASCII, whose bytes are already its text.
  if (!NON_ASCII.test(binary)) {
    return binary;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return utf8Text(bytes);
}

/** The UTF-8 bytes of the text. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}
