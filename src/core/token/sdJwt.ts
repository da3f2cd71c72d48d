// SD-JWT presentations (RFC 9901): an issuer-signed JWT, its disclosures and an optional Key Binding
// JWT, joined by "~". This reads their shape and decodes each disclosure; the digests, the claims a
// verifier sees and the Key Binding JWT are judged in core/judge/sdJwtCheck.ts.
import { base64UrlBinary, binaryUtf8 } from '../text/base64';
import { jsonSyntaxError } from '../text/jsonSyntax';
import type { DecodedToken, JsonObject } from './decode';

export interface Disclosure {
  /** As presented: the base64url text its digest is taken over. */
  readonly text: string;
  readonly salt?: string;
  /** The claim name; undefined for an array element's disclosure. */
  readonly name?: string;
  readonly value?: unknown;
  /** Why it is not a disclosure; then salt, name and value are undefined. */
  readonly error?: string;
}

export interface SdJwtPresentation {
  /** The issuer-signed JWT. */
  readonly jwt: string;
  readonly disclosures: readonly Disclosure[];
  /** The issuer-signed JWT and the disclosures, each followed by "~": what a KB-JWT's sd_hash covers. */
  readonly hashed: string;
  /** The Key Binding JWT, when the presentation ends with one. */
  readonly keyBinding?: DecodedToken;
  /** What is wrong with the presentation's shape (an empty part, a last part that is not a KB-JWT). */
  readonly error?: string;
}

/** The shape of an SD-JWT presentation, before its issuer-signed JWT is decoded. */
export interface PresentationParts {
  readonly jwt: string;
  readonly disclosures: readonly string[];
  readonly hashed: string;
  readonly keyBinding?: string;
  readonly error?: string;
}

const TILDE = '~';

/** Splits `<JWT>~<disclosure>~…~[<KB-JWT>]` into its parts (RFC 9901 §4). */
export function presentationParts(text: string): PresentationParts {
  const parts = text.split(TILDE);
  const jwt = parts[0];
  const last = parts[parts.length - 1];
  const middle = parts.slice(1, -1);
  // A last part without a dot is a disclosure whose "~" is missing, not a Key Binding JWT.
  const endsWithKeyBinding = last.includes('.');
  const disclosures = endsWithKeyBinding || last === '' ? middle : [...middle, last];
  const hashed = endsWithKeyBinding ? text.slice(0, text.length - last.length) : last === '' ? text : `${text}${TILDE}`;
  let error: string | undefined;
  if (!endsWithKeyBinding && last !== '') {
    error = 'The presentation ends with a disclosure without its "~": it must end with "~" or a Key Binding JWT (RFC 9901 §4).';
  } else if (disclosures.some((disclosure) => disclosure === '')) {
    error = 'The presentation has an empty part between two "~" (RFC 9901 §4).';
  }
  return { jwt, disclosures, hashed, keyBinding: endsWithKeyBinding ? last : undefined, error };
}

/** Claim names a disclosure may not carry: they are the digests' own keys (RFC 9901 §4.2.1). */
const RESERVED_NAMES = ['_sd', '...'];

/** A disclosure decoded: `[salt, name, value]` for an object property, `[salt, value]` for an array element (RFC 9901 §4.2). */
export function decodeDisclosure(text: string): Disclosure {
  if (text === '') {
    return { text, error: 'Empty disclosure.' };
  }
  const binary = /^[A-Za-z0-9_-]+$/.test(text) && text.length % 4 !== 1 ? base64UrlBinary(text) : undefined;
  if (binary === undefined) {
    return { text, error: 'Not base64url.' };
  }
  const json = binaryUtf8(binary);
  if (json === undefined) {
    return { text, error: 'Not UTF-8.' };
  }
  if (jsonSyntaxError(json) !== undefined) {
    return { text, error: 'Not JSON.' };
  }
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 3)) {
    return { text, error: 'Not a JSON array of salt, name and value (or salt and value).' };
  }
  if (typeof value[0] !== 'string') {
    return { text, error: 'Its salt is not a string.' };
  }
  if (value.length === 2) {
    return { text, salt: value[0], value: value[1] };
  }
  if (typeof value[1] !== 'string') {
    return { text, error: 'Its claim name is not a string.' };
  }
  if (RESERVED_NAMES.includes(value[1])) {
    return { text, error: `Its claim name is "${value[1]}", which is reserved for digests.` };
  }
  return { text, salt: value[0], name: value[1], value: value[2] };
}

/** The typ of an SD-JWT (RFC 9901 §9.11) or an SD-JWT VC (dc+sd-jwt, and vc+sd-jwt before it). */
export function isSdJwtType(typ: unknown): boolean {
  return typeof typ === 'string' && /^([a-z0-9.-]+\+)?sd-jwt$/i.test(typ);
}

/** A DPoP proof (RFC 9449 §4.2): explicitly typed dpop+jwt. */
export function isDpopProof(header: JsonObject | undefined): boolean {
  return typeof header?.typ === 'string' && header.typ.toLowerCase() === 'dpop+jwt';
}
