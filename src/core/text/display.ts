// Token-derived text made safe to show. A claim can hold anything: line breaks that forge Markdown
// structure, bidi controls that reorder what people read (Trojan Source, CVE-2021-42574), zero-width
// characters, `$(icon)` syntax that VS Code renders in labels, and padding that pushes the real
// status out of view. Every value from a token passes through one of these before reaching a person.

/**
 * Characters that are invisible or change how surrounding text reads: C0/C1 controls, the soft
 * hyphen, bidi marks, embeddings, overrides and isolates, zero-width characters, line and paragraph
 * separators, invisible operators and the byte-order mark.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
/** The same without C0 controls, which JSON.stringify escapes itself (and indents with). */
const INVISIBLE_IN_JSON = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/** The Trojan Source subset: bidi controls and zero-width characters, which a reviewer cannot see. */
const TROJAN_SOURCE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;

export const DEFAULT_LABEL_LENGTH = 60;

/** `\u202E` for U+202E: the form JSON itself uses, so a reader can tell exactly what is there. */
function escapeCodePoint(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with every invisible or reordering character shown as `\uXXXX`. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, escapeCodePoint);
}

/** The first Trojan Source character in the text, as `U+202E`, or undefined. */
export function firstTrojanSource(text: string): string | undefined {
  const match = TROJAN_SOURCE.exec(text);
  return match ? `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** Cuts to `max` characters with an ellipsis, never splitting a surrogate pair. */
export function capLength(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) {
    end--;
  }
  return `${text.slice(0, end)}…`;
}

/** One line, invisibles shown, at most `max` characters: for text outside code blocks. */
export function oneLine(text: string, max = 200): string {
  return capLength(showInvisible(text), max);
}

/**
 * Text for a plain-text label that renders `$(name)` as an icon (CodeLens titles, QuickPick labels,
 * descriptions and details, status bar text and tooltips): one line, invisibles shown, `$(` escaped
 * as VS Code's own escapeIcons does, and capped so padding cannot push the rest out of view.
 */
export function labelText(text: string, max = DEFAULT_LABEL_LENGTH): string {
  return escapeIcons(oneLine(text, max));
}

/** `$(name)` escaped so a label shows it as text, not as an icon. */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

/**
 * JSON.stringify that never throws (a header nested thousands deep overflows the stack; a BigInt
 * cannot be serialised), with invisibles escaped: `\u202E` inside a JSON string is the same JSON, so
 * the shown text stays valid while a Trojan Source character cannot reorder it.
 */
export function safeJson(value: unknown, indent?: number): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value, null, indent);
  } catch {
    return '(too deeply nested to show)';
  }
  return json === undefined ? String(json) : json.replace(INVISIBLE_IN_JSON, escapeCodePoint);
}

/** A short, single-line description of any JSON value for messages: `"abc"`, `42`, `an array`. */
export function describeValue(value: unknown, max = 40): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  if (typeof value === 'string') {
    return oneLine(JSON.stringify(value), max);
  }
  return oneLine(String(value), max);
}

/** The text with its first character upper-cased, for messages that start with a part or state name. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
