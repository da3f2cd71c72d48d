// What sits beside a token in its text. A DPoP proof (RFC 9449) travels in a `DPoP:` header with the
// access token it binds in `Authorization: DPoP …`: in an .http file, a log or a curl command they
// are lines of one header block, so the access token is looked for there, in the lines around the
// proof up to a blank line.

/** Lines, and characters, looked at either side of the proof: a header block is short. */
const MAX_LINES = 40;
const MAX_CHARS = 16_384;

/** The token68 after an `Authorization: DPoP` scheme (RFC 9449 §7.1), any case. */
const DPOP_SCHEME = /(?:^|[^A-Za-z0-9_-])DPoP[ \t]+([A-Za-z0-9._~+/-]+=*)/gi;

/** Where the header block around [start, end) begins and ends: the nearest blank lines, within bounds. */
function blockAround(text: string, start: number, end: number): { from: number; to: number } {
  let from = text.lastIndexOf('\n', start - 1) + 1;
  for (let lines = 0; lines < MAX_LINES && from > 0 && start - from < MAX_CHARS; lines++) {
    const previous = text.lastIndexOf('\n', from - 2) + 1;
    if (text.slice(previous, from - 1).trim() === '') {
      break;
    }
    from = previous;
  }
  const lineEnd = text.indexOf('\n', end);
  let to = lineEnd < 0 ? text.length : lineEnd;
  for (let lines = 0; lines < MAX_LINES && to < text.length && to - end < MAX_CHARS; lines++) {
    const nextEnd = text.indexOf('\n', to + 1);
    const next = nextEnd < 0 ? text.length : nextEnd;
    if (text.slice(to + 1, next).trim() === '') {
      break;
    }
    to = next;
  }
  return { from, to };
}

/**
 * The access token sent with the DPoP proof at [start, end): the credentials of an `Authorization:
 * DPoP …` in the same header block (the nearest when there are several), or undefined.
 */
export function accessTokenBeside(text: string, start: number, end: number): string | undefined {
  const { from, to } = blockAround(text, start, end);
  const block = text.slice(from, to);
  let best: { token: string; distance: number } | undefined;
  for (const found of block.matchAll(DPOP_SCHEME)) {
    const at = from + found.index + found[0].length - found[1].length;
    if (at >= start && at < end) {
      continue;
    }
    const distance = at < start ? start - at : at - end;
    if (!best || distance < best.distance) {
      best = { token: found[1], distance };
    }
  }
  return best?.token;
}
