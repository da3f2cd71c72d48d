// Allow comments in a scanned file: each reported token's line, and the line above, read from the
// file's text (one character per byte, as scanFile searches it) only for tokens with findings.
import { allowReason } from '../core/text/allowComment';
import type { TokenReport } from './judgeText';

const NON_ASCII = /[\u0080-\u00ff]/;

/** Lines of a text by number, found as asked for in increasing order. */
class Lines {
  /** starts[n - 1]: where line n starts. */
  private readonly starts = [0];

  constructor(private readonly text: string) {}

  get(line: number): string | undefined {
    while (this.starts.length < line) {
      const newline = this.text.indexOf('\n', this.starts[this.starts.length - 1]);
      if (newline === -1) {
        return undefined;
      }
      this.starts.push(newline + 1);
    }
    const start = this.starts[line - 1];
    const end = this.text.indexOf('\n', start);
    return this.text.slice(start, end === -1 ? undefined : end).replace(/\r$/, '');
  }
}

/** The tokens, each covered by an allow comment marked with its reason (read as UTF-8). */
export function withAllowReasons(tokens: TokenReport[], latin1: string): TokenReport[] {
  if (tokens.length === 0 || !latin1.includes('jwt-lens')) {
    return tokens;
  }
  const lines = new Lines(latin1);
  const utf8 = (line: string | undefined) =>
    line !== undefined && NON_ASCII.test(line) ? Buffer.from(line, 'latin1').toString('utf8') : line;
  return tokens.map((token) => {
    const above = token.line > 1 ? utf8(lines.get(token.line - 1)) : undefined;
    const allowed = allowReason(utf8(lines.get(token.line)) ?? '', above);
    return allowed === undefined ? token : { ...token, allowed };
  });
}
