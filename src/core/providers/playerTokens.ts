// Cross-checks a page's video player elements against the tokens they carry: a <mux-player> /
// <MuxPlayer> (HTML, JSX, Vue, Svelte) whose playback-id is not the sub of its playback token, a
// token of the wrong kind in a slot (aud v/t/s/d), an expired token, a signed playback id with its
// playback token missing (its optional thumbnail and storyboard tokens missing: one note); and <fastpix-player playback-id token>. Mux Player fails these at runtime with a
// 403 and a message; this finds them in the source. Pure: text in, findings with offsets out.
import { decodeToken, type DecodedToken } from '../token/decode';
import { describeValue } from '../text/display';
import { relativeDuration, timeStatus } from '../token/time';

export type PlayerFindingCode =
  'player-playback-id-mismatch' | 'player-token-aud' | 'player-token-expired' | 'player-token-missing' | 'player-token-unreadable';

export interface PlayerFinding {
  readonly code: PlayerFindingCode;
  readonly severity: 'error' | 'information';
  /** Offsets in the text of what is wrong (the token's value, or the element's name for a missing token). */
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** A Mux Player token slot: its attribute (HTML), its prop (JSX), its key in `tokens={{…}}`, and the aud Mux wants. */
interface TokenSlot {
  readonly attribute: string;
  readonly prop: string;
  readonly tokensKey: string;
  readonly aud: string;
  readonly what: string;
}

const MUX_SLOTS: readonly TokenSlot[] = [
  { attribute: 'playback-token', prop: 'playbackToken', tokensKey: 'playback', aud: 'v', what: 'playback' },
  { attribute: 'thumbnail-token', prop: 'thumbnailToken', tokensKey: 'thumbnail', aud: 't', what: 'thumbnail' },
  { attribute: 'storyboard-token', prop: 'storyboardToken', tokensKey: 'storyboard', aud: 's', what: 'storyboard' },
  { attribute: 'drm-token', prop: 'drmToken', tokensKey: 'drm', aud: 'd', what: 'DRM' },
];

/** A literal attribute value and where it sits; bound expressions (`:playback-id="id"`, `{id}`) are not literals. */
interface AttributeValue {
  readonly value: string;
  readonly start: number;
}

interface PlayerElement {
  readonly kind: 'mux' | 'fastpix';
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly attributes: ReadonlyMap<string, AttributeValue>;
  /** The members of a JSX `tokens={{ playback: "…" }}` object with literal values. */
  readonly tokens: ReadonlyMap<string, AttributeValue>;
  /** The offset where reading the tag stopped. */
  readonly end: number;
}

const ELEMENT_START = /<(mux-player|MuxPlayer|fastpix-player)(?=[\s/>])/g;
/** An attribute name and its `=`, matched where the reader stands (sticky: no slicing, no search ahead). */
const ATTRIBUTE = /[:@]?([A-Za-z_][\w.:-]*)(\s*=\s*)?/y;
/** An element's tag is read at most this far, and never into the next player element. */
const MAX_TAG_LENGTH = 64 * 1024;
/** All tags of a document together are read at most this far: the work per document is bounded. */
const MAX_TAG_TEXT = 1024 * 1024;
const MAX_ELEMENTS = 1000;

export interface PlayerCheck {
  readonly findings: readonly PlayerFinding[];
  /** Seconds until a token read here expires (the findings change then); undefined when none will. */
  readonly secondsUntilChange?: number;
}

/** Every finding for every player element in `text`, in document order. */
export function checkPlayerTokens(text: string, now: number): PlayerCheck {
  const findings: PlayerFinding[] = [];
  const context: CheckContext = { now, nextExpiry: Infinity };
  // One element past the last read: it bounds that element's tag.
  const starts: Array<{ readonly index: number; readonly name: string }> = [];
  for (const match of text.matchAll(ELEMENT_START)) {
    starts.push({ index: match.index, name: match[1] });
    if (starts.length > MAX_ELEMENTS) {
      break;
    }
  }
  // Tags are read within disjoint spans (each ends before the next element), so the whole pass is linear.
  let budget = MAX_TAG_TEXT;
  for (let n = 0; n < Math.min(starts.length, MAX_ELEMENTS) && budget > 0; n++) {
    const { index, name } = starts[n];
    const limit = Math.min(starts[n + 1]?.index ?? text.length, index + Math.min(MAX_TAG_LENGTH, budget));
    const element = readElement(text, index, name, limit);
    budget -= element.end - index;
    findings.push(...(element.kind === 'mux' ? checkMuxPlayer(element, context) : checkFastPixPlayer(element, context)));
  }
  return { findings, secondsUntilChange: Number.isFinite(context.nextExpiry) ? context.nextExpiry - now : undefined };
}

interface CheckContext {
  readonly now: number;
  /** The soonest exp still ahead, in epoch seconds. */
  nextExpiry: number;
}

function checkMuxPlayer(element: PlayerElement, context: CheckContext): PlayerFinding[] {
  const findings: PlayerFinding[] = [];
  const playbackId = attribute(element, 'playback-id', 'playbackId');
  const present = MUX_SLOTS.map((slot) => ({
    slot,
    token: attribute(element, slot.attribute, slot.prop) ?? element.tokens.get(slot.tokensKey),
  }));
  for (const { slot, token } of present) {
    if (!token || token.value === '') {
      continue;
    }
    const decoded = decodeToken(token.value);
    const problem = tokenProblem(decoded, token, slot.what);
    if (problem) {
      findings.push(problem);
      continue;
    }
    const at = { start: token.start, end: token.start + token.value.length };
    const { sub, aud } = decoded.payload ?? {};
    if (aud !== slot.aud) {
      findings.push({
        ...at,
        code: 'player-token-aud',
        severity: 'error',
        message: `403: the ${slot.attribute} has "aud" ${describeValue(aud ?? null)}; Mux wants "${slot.aud}" for a ${slot.what} token.`,
      });
    }
    if (playbackId && playbackId.value !== '' && sub !== playbackId.value) {
      findings.push({
        ...at,
        code: 'player-playback-id-mismatch',
        severity: 'error',
        message: `403: playback id mismatch: the ${slot.attribute} is for ${describeValue(sub ?? null)}, the player plays ${describeValue(playbackId.value)}.`,
      });
    }
    findings.push(...expiry(decoded, at, slot.attribute, context));
  }
  const signed = present.some(({ token }) => token && token.value !== '');
  if (signed && playbackId) {
    const missing = present.filter(({ slot, token }) => slot.aud !== 'd' && (!token || token.value === '')).map(({ slot }) => slot);
    const at = { start: element.nameStart, end: element.nameEnd, code: 'player-token-missing' as const };
    if (missing.some((slot) => slot.aud === 'v')) {
      findings.push({
        ...at,
        severity: 'error',
        message: '403: this player has signed tokens but no playback-token: Mux refuses to play it.',
      });
    }
    // Thumbnails and storyboards are optional (many players show neither), so their absence is one
    // note per player, never a warning; DRM tokens only for DRM playback ids.
    const optional = missing.filter((slot) => slot.aud !== 'v');
    if (optional.length) {
      findings.push({
        ...at,
        severity: 'information',
        message: `No ${optional.map((slot) => slot.attribute).join(' or ')}: if this player shows ${optional.map((slot) => `${slot.what}s`).join(' or ')}, Mux refuses them (403).`,
      });
    }
  }
  return findings;
}

function checkFastPixPlayer(element: PlayerElement, context: CheckContext): PlayerFinding[] {
  const token = attribute(element, 'token', 'token');
  if (!token || token.value === '') {
    return [];
  }
  const decoded = decodeToken(token.value);
  const problem = tokenProblem(decoded, token, 'FastPix');
  if (problem) {
    return [problem];
  }
  const at = { start: token.start, end: token.start + token.value.length };
  const findings: PlayerFinding[] = [];
  const playbackId = attribute(element, 'playback-id', 'playbackId');
  const aud = decoded.payload?.aud;
  if (playbackId && playbackId.value !== '' && aud !== `media:${playbackId.value}`) {
    findings.push({
      ...at,
      code: 'player-playback-id-mismatch',
      severity: 'error',
      message: `403: playback id mismatch: the token's "aud" is ${describeValue(aud ?? null)}, the player plays ${describeValue(`media:${playbackId.value}`)}.`,
    });
  }
  findings.push(...expiry(decoded, at, 'token', context));
  return findings;
}

function tokenProblem(decoded: DecodedToken, token: AttributeValue, what: string): PlayerFinding | undefined {
  if (decoded.kind === 'jws' && !decoded.error && decoded.payload) {
    return undefined;
  }
  return {
    start: token.start,
    end: token.start + token.value.length,
    code: 'player-token-unreadable',
    severity: 'error',
    message: `The ${what} token is not a readable JWT${decoded.error ? `: ${decoded.error.message}` : '.'}`,
  };
}

function expiry(decoded: DecodedToken, at: { start: number; end: number }, name: string, context: CheckContext): PlayerFinding[] {
  const time = timeStatus(decoded.payload, context.now);
  if (time.state !== 'expired') {
    if (time.state === 'valid' && time.secondsFromNow !== undefined) {
      context.nextExpiry = Math.min(context.nextExpiry, context.now + time.secondsFromNow);
    }
    return [];
  }
  return [
    {
      ...at,
      code: 'player-token-expired',
      severity: 'error',
      message: `403: the ${name} expired ${relativeDuration(time.secondsFromNow ?? 0)}.`,
    },
  ];
}

function attribute(element: PlayerElement, html: string, jsx: string): AttributeValue | undefined {
  return element.attributes.get(html) ?? element.attributes.get(jsx);
}

/**
 * Reads the opening tag from `<name` to its `>`, skipping quoted strings and `{…}` expressions, and
 * keeps the literal values: `a="x"`, `a='x'`, `a={"x"}`, `a={'x'}`, `` a={`x`} `` (no `${`). Reads
 * nothing at or past `limit`; a `<` outside quotes and braces starts another tag, so this one is
 * unterminated and ends there.
 */
function readElement(text: string, start: number, name: string, limit: number): PlayerElement {
  const attributes = new Map<string, AttributeValue>();
  const tokens = new Map<string, AttributeValue>();
  const nameStart = start + 1;
  const nameEnd = nameStart + name.length;
  let i = nameEnd;
  while (i < limit) {
    const char = text[i];
    if (char === '>' || char === '<' || (char === '/' && text[i + 1] === '>')) {
      break;
    }
    ATTRIBUTE.lastIndex = i;
    const attributeMatch = startsAttribute(char) ? ATTRIBUTE.exec(text) : null;
    if (!attributeMatch) {
      i = char === '{' ? skipBraces(text, i, limit) : i + 1;
      continue;
    }
    const bound = char === ':' || char === '@';
    const attributeName = attributeMatch[1];
    i += attributeMatch[0].length;
    if (!attributeMatch[2] || i >= limit) {
      continue;
    }
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const end = indexWithin(text, quote, i + 1, limit);
      // Svelte's "{id}" and template placeholders are expressions, not values.
      if (!bound && !/[{}]/.test(text.slice(i + 1, end))) {
        attributes.set(attributeName, { value: text.slice(i + 1, end), start: i + 1 });
      }
      i = end + 1;
    } else if (quote === '{') {
      const end = skipBraces(text, i, limit);
      const inner = text.slice(i + 1, end - 1);
      const literal = stringLiteral(inner.trim());
      if (literal !== undefined) {
        attributes.set(attributeName, { value: literal, start: i + 1 + inner.indexOf(literal) });
      } else if (attributeName === 'tokens') {
        for (const member of inner.matchAll(/\b(playback|thumbnail|storyboard|drm)\s*:\s*(["'`])([^"'`$]*)\2/g)) {
          tokens.set(member[1], { value: member[3], start: i + 1 + member.index + member[0].length - member[3].length - 1 });
        }
      }
      i = end;
    }
  }
  return {
    kind: name === 'fastpix-player' ? 'fastpix' : 'mux',
    nameStart,
    nameEnd,
    attributes,
    tokens,
    end: Math.min(i, limit),
  };
}

function startsAttribute(char: string): boolean {
  return char === ':' || char === '@' || char === '_' || (char >= 'A' && char <= 'Z') || (char >= 'a' && char <= 'z');
}

function stringLiteral(text: string): string | undefined {
  const match = /^(["'`])([^"'`$\\]*)\1$/.exec(text);
  return match?.[2];
}

/** The offset of `char` in `text` from `from`, or `limit` when it is not there before `limit`. */
function indexWithin(text: string, char: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) {
    if (text[i] === char) {
      return i;
    }
  }
  return limit;
}

/** The offset just past the `}` matching the `{` at `start` (strings inside skipped), or `limit`. */
function skipBraces(text: string, start: number, limit: number): number {
  let depth = 0;
  for (let i = start; i < limit; i++) {
    const char = text[i];
    if (char === '"' || char === "'" || char === '`') {
      const close = indexWithin(text, char, i + 1, limit);
      if (close >= limit) {
        return limit;
      }
      i = close;
    } else if (char === '{') {
      depth++;
    } else if (char === '}' && --depth === 0) {
      return i + 1;
    }
  }
  return limit;
}
