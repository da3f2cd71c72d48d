// `jwt-lens: allow <reason>`: a token someone has looked at and accepted (a test fixture, a
// documented example), said in a comment on its line or alone on the line above, in any language's
// comment syntax. The reason is shown in reports, so anything in it that looks like a token or a
// key is blanked out.
import { oneLine } from './display';

/** Line comment openers and block comment starts: C-like, shell/YAML/Python, SQL/Lua/Haskell, INI/Lisp, HTML/XML, TeX. */
const OPENER = String.raw`(?:\/\/|#|\/\*|<!--|--|;|%)`;
const MARKER = String.raw`jwt-lens:\s*allow\b`;
/** The marker after an opener anywhere on the line (a trailing comment). */
const ON_LINE = new RegExp(`${OPENER}.*?${MARKER}(.*)$`, 'i');
/** The marker in a line that is only a comment (or a block comment's " * " continuation). */
const ALONE = new RegExp(String.raw`^\s*(?:${OPENER}|\*)\s*.*?${MARKER}(.*)$`, 'i');
/** Runs long enough to be a token, a key or a secret. */
const SECRET_LIKE = /[A-Za-z0-9+/_=.-]{20,}/g;
const MAX_REASON = 120;

function reason(rest: string): string {
  const text = rest
    .replace(/(?:\*\/|-->)\s*$/, '')
    .replace(SECRET_LIKE, '…')
    .trim();
  return oneLine(text, MAX_REASON);
}

/**
 * The reason of an allow comment covering a token on `line` (the comment on that line, or on the
 * line above when that line is a comment only); '' when it gives none; undefined when there is none.
 */
export function allowReason(line: string, above?: string): string | undefined {
  const own = ON_LINE.exec(line);
  if (own) {
    return reason(own[1]);
  }
  const previous = above === undefined ? null : ALONE.exec(above);
  return previous ? reason(previous[1]) : undefined;
}
