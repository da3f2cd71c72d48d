// A signed token opened for editing: its payload and header written as a claims file (the same
// format as core/sign/claims.ts, so the same schema, diagnostics and relative times apply), each
// time claim with its date in a comment beside the number. Read back with `parseClaimsFile`; what
// to sign comes from `editedSignRequest`. Which key may sign it is the one re-sign rule's answer
// (`resigner`), never decided here.
import type { DecodedToken, JsonObject } from '../token/decode';
import type { Result } from '../text/result';
import { isoUtc, numericDate, relativeDuration } from '../token/time';
import { oneLine, safeJson } from '../text/display';
import { planResign } from './resign';
import type { ClaimsFile } from './claims';
import type { KidPlacement } from './sign';
import { tokenKid } from '../judge/verify';

/** The one wording for a token that cannot be edited here. */
export const NOT_EDITABLE =
  'Only a well-formed signed JWT (JWS) with JSON claims can be edited; SD-JWT, DPoP proofs, encrypted (JWE), nested and unsigned tokens cannot.';

export interface EditableOptions {
  /** Now, in seconds: each time claim's comment says how far from now it is. */
  readonly now: number;
  /** The label of the stored key that verifies the token: "$jwt.key". */
  readonly keyLabel?: string;
  /** Why no key is named ("$jwt.key" left out): a comment in its place. */
  readonly noKeyReason?: string;
  /** Where the token is, for the first comment ("api.http, line 3"). */
  readonly origin?: string;
}

export interface EditableError {
  readonly code: 'ERR_TOKEN_UNSUITABLE';
  readonly message: string;
}

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat']);

/** Whether Edit Token can open this token: the tokens a re-sign could sign, without a claim named "$jwt". */
export function isEditable(decoded: DecodedToken): boolean {
  return planResign(decoded, 0) !== undefined && !!decoded.payload && !('$jwt' in decoded.payload);
}

/**
 * The claims-file text for editing a token; an error for a token that cannot be edited (the same
 * tokens that cannot be re-signed, or one with a claim named "$jwt", which the file reserves).
 */
export function editableClaims(decoded: DecodedToken, options: EditableOptions): Result<{ text: string }, EditableError> {
  const plan = planResign(decoded, options.now);
  const payload = decoded.payload;
  if (!plan || !payload) {
    return { ok: false, error: { code: 'ERR_TOKEN_UNSUITABLE', message: NOT_EDITABLE } };
  }
  if ('$jwt' in payload) {
    return {
      ok: false,
      error: {
        code: 'ERR_TOKEN_UNSUITABLE',
        message: 'This token has a claim named "$jwt", which a claims file reserves for signing options.',
      },
    };
  }
  try {
    JSON.stringify(decoded.header);
    JSON.stringify(payload);
  } catch {
    return { ok: false, error: { code: 'ERR_TOKEN_UNSUITABLE', message: 'This token is nested too deeply to edit.' } };
  }
  const lines: string[] = ['{'];
  const origin = options.origin ? ` from ${oneLine(options.origin, 120)}` : '';
  lines.push(`  // The token${origin}. Edit, then Sign and Replace or Sign and Copy. Times take "now", "15m", "+1h", "7d".`);
  const members: string[] = [];
  for (const [name, value] of Object.entries(payload)) {
    members.push(member(name, value, 2, timeComment(name, value, options.now)));
  }
  // A token without iat keeps none: a claims file adds one unless it is null.
  if (numericDate(payload, 'iat') === undefined && !('iat' in payload)) {
    members.push(member('iat', null, 2, 'none in the original token; a time or "now" adds one'));
  }
  const jwt: string[] = [];
  if (options.keyLabel !== undefined) {
    jwt.push(member('key', options.keyLabel, 4, 'the stored key that verifies this token'));
  }
  jwt.push(member('alg', plan.alg, 4));
  // A token without a kid keeps the header's default place, where a key's own kid would go.
  jwt.push(member('kidIn', tokenKid(decoded) === undefined ? 'header' : plan.kidIn, 4));
  if (Object.keys(plan.header).length > 0) {
    jwt.push(member('header', plan.header, 4));
  }
  const noKey = options.keyLabel === undefined && options.noKeyReason ? [`    // ${oneLine(options.noKeyReason, 240)}`] : [];
  members.push(`  "$jwt": {\n${[...noKey, ...withCommas(jwt)].join('\n')}\n  }`);
  lines.push(...withCommas(members), '}', '');
  return { ok: true, text: lines.join('\n') };
}

/** `"name": value` at `indent`, a nested value indented to match, and an optional comment after it. */
function member(name: string, value: unknown, indent: number, comment?: string): string {
  const pad = ' '.repeat(indent);
  const json = safeJson(value, 2).replace(/\n/g, `\n${pad}`);
  return `${pad}${safeJson(name)}: ${json}${comment ? ` // ${comment}` : ''}`;
}

/** Commas after every member but the last, placed before a trailing comment. */
function withCommas(members: readonly string[]): string[] {
  return members.map((line, index) => {
    if (index === members.length - 1) {
      return line;
    }
    const comment = line.lastIndexOf(' // ');
    // A comment is only ours when it follows the value on the member's last line.
    const lastLine = line.lastIndexOf('\n');
    return comment > lastLine ? `${line.slice(0, comment)},${line.slice(comment)}` : `${line},`;
  });
}

function timeComment(name: string, value: unknown, now: number): string | undefined {
  if (!TIME_CLAIMS.has(name) || typeof value !== 'number' || !Number.isFinite(value)) {
    return undefined;
  }
  return `${isoUtc(value)} (${relativeDuration(value - now)})`;
}

/**
 * What to sign for an edited token: its claims, and its header options over the original's alg.
 * The kid is the one the claims carry where the kid goes in the payload, else the original's.
 */
export function editedSignRequest(
  claims: ClaimsFile,
  original: { readonly alg: string; readonly kid?: string },
): { payload: JsonObject; alg: string; header?: JsonObject; kid?: string; kidIn: KidPlacement } {
  const { payload, options } = claims;
  const kidIn = options.kidIn ?? 'header';
  const kid = kidIn !== 'header' && typeof payload.kid === 'string' ? payload.kid : original.kid;
  return { payload, alg: options.alg ?? original.alg, header: options.header, kid, kidIn };
}

/** A span of text by offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Where a span is after an edit of [start, end) replaced by `length` characters: moved by an edit
 * before it (an insertion at its start included), kept by one after it, undefined when the edit
 * overlaps it (its text may have changed).
 */
export function spanAfterEdit(span: Span, edit: Span & { readonly length: number }): Span | undefined {
  if (edit.start >= span.end) {
    // Also an insertion right after the token: the span keeps its place, and the replace checks the text around it.
    return span;
  }
  if (edit.end <= span.start) {
    const delta = edit.length - (edit.end - edit.start);
    return { start: span.start + delta, end: span.end + delta };
  }
  return undefined;
}
