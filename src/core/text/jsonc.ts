// A strict JSON parser that also accepts comments and trailing commas (as VS Code's .jsonc files do)
// and says exactly where input goes wrong: line, column and offset. JSON.parse's messages carry no
// reliable position, and the claims-file error must point at the place.
import type { Result } from './result';

export interface JsoncError {
  readonly message: string;
  /** Zero-based offset into the text. */
  readonly offset: number;
  /** One-based line and column, as editors show them. */
  readonly line: number;
  readonly column: number;
}

/**
 * Where each object member's name starts (zero-based offset of its opening quote), keyed by its path
 * of names joined with "." ("$jwt.key"); members inside arrays are not recorded. Diagnostics point
 * here rather than at the first matching text, which may belong to another member or a value.
 */
export type MemberOffsets = Map<string, number>;

export type JsoncResult = Result<{ value: unknown }, JsoncError>;

class ParseFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 512;

/** Parses the text; when `members` is given, fills it with where each member's name starts. */
export function parseJsonc(text: string, members?: MemberOffsets): JsoncResult {
  let i = 0;
  let depth = 0;

  const fail = (message: string, at = i): never => {
    throw new ParseFailure(message, at);
  };

  const skipSpaceAndComments = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) {
        i++;
      } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
        const end = text.indexOf('\n', i);
        i = end < 0 ? text.length : end + 1;
      } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) {
          fail('Unterminated /* comment.');
        }
        i = end + 2;
      } else {
        return;
      }
    }
  };

  const describe = (at: number) => (at >= text.length ? 'the end of the file' : JSON.stringify(text[at]));

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    for (;;) {
      const c = text.charCodeAt(i);
      if (i >= text.length || c === 0x0a) {
        fail('Unterminated string.', start);
      }
      if (c === 0x22) {
        break;
      }
      if (c === 0x5c) {
        i++;
      } else if (c < 0x20) {
        fail('Control character in a string; escape it.');
      }
      i++;
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('Invalid escape sequence in a string.', start);
    }
  };

  // `path`: the member names leading here (undefined at the top, null inside an array: not recorded).
  const parseValue = (path?: string | null): unknown => {
    skipSpaceAndComments();
    const c = text[i];
    if (c === '{') {
      return parseObject(path);
    }
    if (c === '[') {
      return parseArray();
    }
    if (c === '"') {
      return parseString();
    }
    const literal = /^(true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (literal) {
      const at = i;
      i += literal[0].length;
      const value: unknown = JSON.parse(literal[0]);
      const problem = typeof value === 'number' ? inexactNumber(literal[0], value) : undefined;
      if (problem) {
        fail(problem, at);
      }
      return value;
    }
    if (c === "'") {
      return fail('Strings need double quotes (").');
    }
    return fail(`Expected a value but found ${describe(i)}.`);
  };

  const enter = () => {
    if (++depth > MAX_DEPTH) {
      fail(`Nested deeper than ${MAX_DEPTH} levels.`);
    }
  };

  const parseObject = (path?: string | null): Record<string, unknown> => {
    enter();
    const result: Record<string, unknown> = {};
    i++;
    skipSpaceAndComments();
    while (text[i] !== '}') {
      if (text[i] !== '"') {
        fail(
          text[i] === undefined
            ? 'Expected "}" but found the end of the file.'
            : `Expected a property name in double quotes but found ${describe(i)}.`,
        );
      }
      const keyAt = i;
      const key = parseString();
      if (Object.prototype.hasOwnProperty.call(result, key)) {
        fail(`Duplicate property "${key}".`, keyAt);
      }
      skipSpaceAndComments();
      if (text[i] !== ':') {
        fail(`Expected ":" after "${key}" but found ${describe(i)}.`);
      }
      i++;
      const memberPath = path === null ? null : path === undefined ? key : `${path}.${key}`;
      if (memberPath !== null) {
        members?.set(memberPath, keyAt);
      }
      Object.defineProperty(result, key, { value: parseValue(memberPath), enumerable: true, writable: true, configurable: true });
      skipSpaceAndComments();
      if (text[i] === ',') {
        i++;
        skipSpaceAndComments();
      } else if (text[i] !== '}') {
        fail(`Expected "," or "}" but found ${describe(i)}.`);
      }
    }
    i++;
    depth--;
    return result;
  };

  const parseArray = (): unknown[] => {
    enter();
    const result: unknown[] = [];
    i++;
    skipSpaceAndComments();
    while (text[i] !== ']') {
      if (i >= text.length) {
        fail('Expected "]" but found the end of the file.');
      }
      result.push(parseValue(null));
      skipSpaceAndComments();
      if (text[i] === ',') {
        i++;
        skipSpaceAndComments();
      } else if (text[i] !== ']') {
        fail(`Expected "," or "]" but found ${describe(i)}.`);
      }
    }
    i++;
    depth--;
    return result;
  };

  try {
    const value = parseValue();
    skipSpaceAndComments();
    if (i < text.length) {
      fail(`Unexpected ${describe(i)} after the end of the JSON value.`);
    }
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof ParseFailure)) {
      throw error;
    }
    return { ok: false, error: { message: error.message, ...positionAt(text, error.offset) } };
  }
}

/** Line and column (one-based) of an offset. */
export function positionAt(text: string, offset: number): { offset: number; line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** "-12.50e3" as its significant digits and decimal exponent ("-125e5"), to compare two spellings. */
function significant(numberText: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(numberText);
  if (!match) {
    return numberText;
  }
  const digits = match[2] + (match[3] ?? '');
  const leading = /^0*/.exec(digits)![0].length;
  const core = digits.slice(leading).replace(/0+$/, '');
  if (core === '') {
    return '0';
  }
  return `${match[1]}${core}e${Number(match[4] ?? 0) + match[2].length - leading}`;
}

/**
 * Why a number literal would not survive signing unchanged (it overflows to Infinity, which JSON
 * writes as null; it underflows to 0; it has more digits than a double holds, as integers past
 * 2^53 do), or undefined when it is carried exactly.
 */
export function inexactNumber(literal: string, value: number): string | undefined {
  const shown = literal.length > 24 ? `${literal.slice(0, 20)}…` : literal;
  if (!Number.isFinite(value)) {
    return `${shown} is too large for JSON: it would be signed as null.`;
  }
  if (significant(literal) !== significant(String(value))) {
    return `${shown} has more precision than JSON numbers carry: it would be signed as ${String(value)}. Use a string.`;
  }
  return undefined;
}
