// A JSON syntax check that never throws and never recurses. The scanner decodes every candidate
// header it meets; with JSON.parse alone each junk candidate costs a thrown SyntaxError (several
// µs), which made a text of many junk `eyJ…` headers ~500× slower than good tokens. JSON.parse
// runs only on text this accepts, so it cannot throw there.

export interface JsonSyntaxError {
  /** Zero-based offset of the first character that is not JSON. */
  readonly at: number;
  readonly message: string;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

const isDigit = (code: number) => code >= ZERO && code <= NINE;
const isHex = (code: number) => isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
/** The characters that may follow a backslash in a JSON string: " \ / b f n r t u. */
const ESCAPES = new Set([QUOTE, BACKSLASH, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74, 0x75]);

/** Where `text` stops being one JSON value (ECMA-404), or undefined when it is one. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const n = text.length;
  let i = 0;
  /** Open containers, innermost last: true for an object, false for an array. */
  const open: boolean[] = [];

  const skipSpace = () => {
    let c = text.charCodeAt(i);
    while (c === SPACE || c === TAB || c === LF || c === CR) {
      c = text.charCodeAt(++i);
    }
  };
  const error = (): JsonSyntaxError => ({
    at: i,
    message: i >= n ? 'it ends too early' : `unexpected ${JSON.stringify(text[i])} at position ${i + 1}`,
  });
  const readString = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i++;
        return true;
      }
      if (c < SPACE) {
        return false;
      }
      if (c === BACKSLASH) {
        const escaped = text.charCodeAt(i + 1);
        if (!ESCAPES.has(escaped)) {
          i++;
          return false;
        }
        if (escaped === 0x75) {
          for (let k = 2; k < 6; k++) {
            if (!isHex(text.charCodeAt(i + k))) {
              i += k;
              return false;
            }
          }
          i += 6;
        } else {
          i += 2;
        }
      } else {
        i++;
      }
    }
    return false;
  };
  const readDigits = (): boolean => {
    if (!isDigit(text.charCodeAt(i))) {
      return false;
    }
    while (isDigit(text.charCodeAt(i))) {
      i++;
    }
    return true;
  };
  const readNumber = (): boolean => {
    if (text.charCodeAt(i) === MINUS) {
      i++;
    }
    if (text.charCodeAt(i) === ZERO) {
      i++;
    } else if (!readDigits()) {
      return false;
    }
    if (text.charCodeAt(i) === DOT) {
      i++;
      if (!readDigits()) {
        return false;
      }
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === PLUS || sign === MINUS) {
        i++;
      }
      if (!readDigits()) {
        return false;
      }
    }
    return true;
  };
  /** A member name and its colon; leaves `i` at the value. */
  const readName = (): boolean => {
    skipSpace();
    if (text.charCodeAt(i) !== QUOTE || !readString()) {
      return false;
    }
    skipSpace();
    if (text.charCodeAt(i) !== COLON) {
      return false;
    }
    i++;
    return true;
  };

  for (;;) {
    // A value starts here.
    skipSpace();
    const c = text.charCodeAt(i);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      i++;
      skipSpace();
      const close = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
      if (text.charCodeAt(i) === close) {
        i++;
      } else {
        open.push(c === OPEN_OBJECT);
        if (c === OPEN_OBJECT && !readName()) {
          return error();
        }
        continue;
      }
    } else if (c === QUOTE) {
      if (!readString()) {
        return error();
      }
    } else if (c === MINUS || isDigit(c)) {
      if (!readNumber()) {
        return error();
      }
    } else if (text.startsWith('true', i)) {
      i += 4;
    } else if (text.startsWith('false', i)) {
      i += 5;
    } else if (text.startsWith('null', i)) {
      i += 4;
    } else {
      return error();
    }
    // A value ended: close containers until a comma asks for the next value.
    for (;;) {
      skipSpace();
      if (open.length === 0) {
        return i === n ? undefined : error();
      }
      const inObject = open[open.length - 1];
      const next = text.charCodeAt(i);
      if (next === COMMA) {
        i++;
        if (inObject && !readName()) {
          return error();
        }
        break;
      }
      if (next !== (inObject ? CLOSE_OBJECT : CLOSE_ARRAY)) {
        return error();
      }
      i++;
      open.pop();
    }
  }
}
