// Claims files: a JSON object (comments allowed) whose members are the payload, plus a reserved
// "$jwt" member with signing options. Time claims take epoch seconds or relative strings ("15m",
// "+1h", "7d", "now") resolved against an injected clock. Every error names the place.
import { isJsonObject, type JsonObject } from '../token/decode';
import { parseJsonc, positionAt, type MemberOffsets } from '../text/jsonc';
import type { Result } from '../text/result';
import { DURATION_UNITS, parseDuration } from '../token/time';
import type { KidPlacement } from './sign';

export type OutputMode = 'clipboard' | 'insert' | 'editor';
export const OUTPUT_MODES: readonly OutputMode[] = ['clipboard', 'insert', 'editor'];
export const KID_PLACEMENTS: readonly KidPlacement[] = ['header', 'payload', 'both'];

export interface ClaimsOptions {
  /** Key label or kid. */
  readonly key?: string;
  readonly alg?: string;
  readonly header?: JsonObject;
  readonly kidIn?: KidPlacement;
  readonly output?: OutputMode;
}

export interface ClaimsFile {
  readonly payload: JsonObject;
  readonly options: ClaimsOptions;
}

export type ClaimsErrorCode = 'ERR_CLAIMS_JSON' | 'ERR_CLAIMS_NOT_OBJECT' | 'ERR_CLAIMS_TIME' | 'ERR_CLAIMS_TYPE' | 'ERR_CLAIMS_OPTION';

export interface ClaimsError {
  readonly code: ClaimsErrorCode;
  readonly message: string;
  /** Where in the file, when known (one-based line and column). */
  readonly line?: number;
  readonly column?: number;
  readonly offset?: number;
  /** The member at fault, for example "exp" or "$jwt.kidIn". */
  readonly member?: string;
}

export type ClaimsResult = Result<{ claims: ClaimsFile }, ClaimsError>;

const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const;
const STRING_CLAIMS = ['iss', 'sub', 'jti'] as const;

/** The file's text with where the parser found each member, so an error points at that member. */
interface Source {
  readonly text: string;
  readonly members: ReadonlyMap<string, number>;
}

function claimsError(source: Source, code: ClaimsErrorCode, message: string, member?: string): ClaimsResult {
  const offset = member ? source.members.get(member) : undefined;
  const where = offset !== undefined ? positionAt(source.text, offset) : {};
  return { ok: false, error: { code, message, member, ...where } };
}

/**
 * Where a member's name is in a claims file ("$jwt.key" is the "key" inside "$jwt", never a claim
 * named "key"), one-based; undefined when the file does not parse or has no such member.
 */
export function memberPosition(text: string, member: string): { line: number; column: number } | undefined {
  const members: MemberOffsets = new Map();
  const offset = parseJsonc(text, members).ok ? members.get(member) : undefined;
  if (offset === undefined) {
    return undefined;
  }
  const { line, column } = positionAt(text, offset);
  return { line, column };
}

/** A claims file's name: *.claims.json or *.jwt.json (and .jsonc), as the schema and menus match it. */
export const CLAIMS_FILE_NAME = /\.(claims|jwt)\.jsonc?$/;

/** A claims file: named as one, or a JSON object with a top-level "$jwt" member. */
export function isClaimsFile(name: string, text: string): boolean {
  if (CLAIMS_FILE_NAME.test(name)) {
    return true;
  }
  const parsed = parseJsonc(text);
  return parsed.ok && isJsonObject(parsed.value) && Object.prototype.hasOwnProperty.call(parsed.value, '$jwt');
}

/** A preset's fill-in value, such as YOUR_PLAYBACK_ID: a token signed with one is refused where it is used. */
const PLACEHOLDER = /YOUR_[A-Z0-9_]+/;

export interface ClaimsPlaceholder {
  /** The claim whose value holds it, for example "aud". */
  readonly claim: string;
  readonly placeholder: string;
  /** Where it is in the file: offset, and one-based line and column. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/**
 * The claims whose string value still holds a preset's placeholder, in file order. A placeholder in
 * a comment is left alone, and so is "$jwt": only what would be signed counts.
 */
export function presetPlaceholders(text: string): ClaimsPlaceholder[] {
  const members: MemberOffsets = new Map();
  const parsed = parseJsonc(text, members);
  if (!parsed.ok || !isJsonObject(parsed.value)) {
    return [];
  }
  const found: ClaimsPlaceholder[] = [];
  for (const [claim, value] of Object.entries(parsed.value)) {
    const match = claim === '$jwt' || typeof value !== 'string' ? null : PLACEHOLDER.exec(value);
    const member = members.get(claim);
    if (!match || member === undefined) {
      continue;
    }
    // The value follows its member name; a comment between them is too rare to matter here.
    const offset = text.indexOf(match[0], member + claim.length);
    if (offset >= 0) {
      found.push({ claim, placeholder: match[0], ...positionAt(text, offset) });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** A time claim's value: epoch seconds kept, relative strings resolved against `now`. */
/** Latest NumericDate accepted (year 5138): later is a typo, and far past what JSON carries exactly. */
const MAX_TIME = 1e11;

function resolveTime(claim: string, value: unknown, now: number): { seconds: number } | { error: string } {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value > MAX_TIME) {
      return { error: `"${claim}" must be seconds since 1970 (a number like ${Math.floor(now)}), not ${value}.` };
    }
    return { seconds: Math.floor(value) };
  }
  if (typeof value === 'string') {
    if (value.trim() === 'now') {
      return { seconds: Math.floor(now) };
    }
    const duration = parseDuration(value);
    if (duration !== undefined) {
      // The same bounds as a number of seconds: a 309-digit "d" would otherwise be signed as null.
      const seconds = Math.floor(now + duration);
      if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_TIME) {
        const shown = value.length > 24 ? `${value.slice(0, 20)}…` : value;
        return { error: `"${claim}": "${shown}" lands outside 1970 to year 5138; use a nearer time such as "15m" or "7d".` };
      }
      return { seconds };
    }
    if (/^\s*[+-]?\d+(\.\d+)?\s*$/.test(value)) {
      return {
        error: `"${claim}": "${value}" has no unit. Use ${DURATION_UNITS}, for example "15m", or a number of seconds since 1970 without quotes.`,
      };
    }
    return {
      error: `"${claim}": "${value}" is not a time. Use "now", a relative time such as "15m", "+1h" or "7d" (units: ${DURATION_UNITS}), or seconds since 1970.`,
    };
  }
  return {
    error: `"${claim}" must be a number of seconds or a relative time such as "15m", not ${value === null ? 'null' : typeof value}.`,
  };
}

export function parseClaimsFile(text: string, now: number): ClaimsResult {
  const members: MemberOffsets = new Map();
  const parsed = parseJsonc(text, members);
  if (!parsed.ok) {
    const { message, line, column, offset } = parsed.error;
    return {
      ok: false,
      error: { code: 'ERR_CLAIMS_JSON', message: `Invalid JSON at line ${line}, column ${column}: ${message}`, line, column, offset },
    };
  }
  if (!isJsonObject(parsed.value)) {
    return {
      ok: false,
      error: {
        code: 'ERR_CLAIMS_NOT_OBJECT',
        message: 'A claims file is a JSON object: { "sub": "…", "exp": "15m" }.',
        line: 1,
        column: 1,
        offset: 0,
      },
    };
  }
  const { $jwt: rawOptions, ...payload } = parsed.value;
  const source: Source = { text, members };
  const options = readOptions(source, rawOptions);
  if ('error' in options) {
    return options.error;
  }

  for (const claim of TIME_CLAIMS) {
    if (!(claim in payload)) {
      continue;
    }
    if (payload[claim] === null && claim === 'iat') {
      continue;
    }
    const resolved = resolveTime(claim, payload[claim], now);
    if ('error' in resolved) {
      return claimsError(source, 'ERR_CLAIMS_TIME', resolved.error, claim);
    }
    payload[claim] = resolved.seconds;
  }
  // iat is added unless the file sets it to null, which leaves it out.
  if (!('iat' in payload)) {
    payload.iat = Math.floor(now);
  } else if (payload.iat === null) {
    delete payload.iat;
  }

  for (const claim of STRING_CLAIMS) {
    if (claim in payload && typeof payload[claim] !== 'string') {
      return claimsError(source, 'ERR_CLAIMS_TYPE', `"${claim}" must be a string, not ${JSON.stringify(payload[claim])}.`, claim);
    }
  }
  if ('aud' in payload) {
    const aud = payload.aud;
    if (!(typeof aud === 'string' || (Array.isArray(aud) && aud.every((item) => typeof item === 'string')))) {
      return claimsError(source, 'ERR_CLAIMS_TYPE', `"aud" must be a string or an array of strings, not ${JSON.stringify(aud)}.`, 'aud');
    }
  }
  return { ok: true, claims: { payload, options: options.value } };
}

function readOptions(source: Source, raw: unknown): { value: ClaimsOptions } | { error: ClaimsResult } {
  if (raw === undefined) {
    return { value: {} };
  }
  const bad = (member: string, message: string) => ({ error: claimsError(source, 'ERR_CLAIMS_OPTION', message, member) });
  if (!isJsonObject(raw)) {
    return bad('$jwt', '"$jwt" must be an object such as { "key": "my-key", "kidIn": "header" }.');
  }
  const known = ['key', 'alg', 'header', 'kidIn', 'output'];
  const unknown = Object.keys(raw).find((name) => !known.includes(name));
  if (unknown) {
    return bad(`$jwt.${unknown}`, `"$jwt.${unknown}" is not an option; use ${known.join(', ')}.`);
  }
  const { key, alg, header, kidIn, output } = raw;
  if (key !== undefined && typeof key !== 'string') {
    return bad('$jwt.key', '"$jwt.key" must be a key label or kid (a string).');
  }
  if (alg !== undefined && typeof alg !== 'string') {
    return bad('$jwt.alg', '"$jwt.alg" must be an algorithm name such as "RS256".');
  }
  if (header !== undefined && !isJsonObject(header)) {
    return bad('$jwt.header', '"$jwt.header" must be an object of extra header members.');
  }
  if (isJsonObject(header) && 'alg' in header) {
    return bad('$jwt.header', 'Set the algorithm with "$jwt.alg", not in "$jwt.header".');
  }
  if (kidIn !== undefined && !KID_PLACEMENTS.includes(kidIn as KidPlacement)) {
    return bad('$jwt.kidIn', `"$jwt.kidIn" must be one of ${KID_PLACEMENTS.join(', ')}.`);
  }
  if (output !== undefined && !OUTPUT_MODES.includes(output as OutputMode)) {
    return bad('$jwt.output', `"$jwt.output" must be one of ${OUTPUT_MODES.join(', ')}.`);
  }
  return {
    value: {
      key: key as string | undefined,
      alg: alg as string | undefined,
      header: header as JsonObject | undefined,
      kidIn: kidIn as KidPlacement | undefined,
      output: output as OutputMode | undefined,
    },
  };
}

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Edits that point a claims file from one signing key to another (a key rotation): the string
 * value of `"$jwt.key"` and of a `"kid"` claim, when it is one of `from`, becomes `to`. Other
 * members (a claim named "key", comments, other strings) are left alone. None when the file does not parse.
 */
export function retargetKeyReferences(text: string, from: readonly string[], to: string): TextEdit[] {
  const members = new Map<string, number>();
  const parsed = parseJsonc(text, members);
  if (!parsed.ok) {
    return [];
  }
  const edits: TextEdit[] = [];
  for (const member of ['$jwt.key', 'kid']) {
    const nameAt = members.get(member);
    if (nameAt === undefined) {
      continue;
    }
    const value = /^"(?:[^"\\]|\\.)*"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text.slice(nameAt, nameAt + 4096));
    if (!value || !from.includes(value[1])) {
      continue;
    }
    const end = nameAt + value[0].length - 1;
    edits.push({ start: end - value[1].length, end, text: JSON.stringify(to).slice(1, -1) });
  }
  return edits.sort((a, b) => a.start - b.start);
}
