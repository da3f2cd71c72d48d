// One file read and judged: skipped when it is over the size limit, binary (a NUL byte in its first
// 8,000 bytes, git's own test) or unreadable. A file starting with a UTF-16 byte order mark is
// decoded (its ASCII has a NUL in every other byte, so it would read as binary). Otherwise its bytes
// are searched as latin1 (one character per byte, no UTF-8 decoding: tokens are ASCII) by
// scanTokenWindows, which finds what scanTokens finds in the decoded text; only a finding's place
// is worked out, from the bytes. Runs in the worker threads, and in the main thread for a small scan.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { JsonObject } from '../core/token/decode';
import { scanTokenWindows } from '../core/token/scan';
import { judgeMatches, LineCounter, type Placer, type TokenReport, type Verifier } from './judgeText';
import type { CliSettings } from './configFile';
import { withAllowReasons } from './allowComments';

export type SkipReason = 'too-large' | 'binary' | 'unreadable';

export interface FileResult {
  readonly display: string;
  /** Tokens with findings only: a tree's clean tokens are counted, not kept. */
  readonly tokens: TokenReport[];
  readonly tokenCount: number;
  readonly truncated: boolean;
  readonly skipped?: SkipReason;
  readonly bytes: number;
  /** With --history: the commit that first added these tokens. */
  readonly commit?: { readonly hash: string; readonly date: string };
}

const BINARY_PROBE_BYTES = 8000;
/** Decodes a file's first bytes as the whole-file decoding did: a byte order mark at the start is dropped. */
const fromFileStart = new TextDecoder('utf-8');
/** Decodes bytes further in: a byte order mark there is a character (U+FEFF) of the text. */
const fromInside = new TextDecoder('utf-8', { ignoreBOM: true });
const NON_ASCII = /[\u0080-\u00ff]/;

/**
 * Lines and UTF-16 columns, as in the file's decoded text, of byte offsets in increasing order:
 * newlines are counted in the latin1 text (a byte each); a column is the byte count from the line
 * start unless the line holds a multi-byte character before the token, when that stretch alone
 * is decoded. Each stretch starts at a line start or an earlier token (ASCII), where decoding can
 * start afresh.
 */
export class BytePlacer implements Placer {
  private line = 1;
  private lineStart = 0;
  /** The last offset placed on the current line, and its column. */
  private mark = 0;
  private markColumn = 1;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly latin1: string,
  ) {}

  at(offset: number): { line: number; column: number } {
    for (
      let next = this.latin1.indexOf('\n', this.lineStart);
      next !== -1 && next < offset;
      next = this.latin1.indexOf('\n', this.lineStart)
    ) {
      this.line++;
      this.lineStart = next + 1;
    }
    if (this.mark < this.lineStart) {
      this.mark = this.lineStart;
      this.markColumn = 1;
    }
    const stretch = this.latin1.slice(this.mark, offset);
    const width = NON_ASCII.test(stretch)
      ? (this.mark === 0 ? fromFileStart : fromInside).decode(this.bytes.subarray(this.mark, offset)).length
      : stretch.length;
    this.mark = offset;
    this.markColumn += width;
    return { line: this.line, column: this.markColumn };
  }
}

/**
 * One read buffer per thread, grown to the largest file read (at most maxDocumentSize): a new
 * buffer per file would make the garbage collector chase a tree's worth of memory.
 */
let readBuffer = Buffer.allocUnsafe(1024 * 1024);
/** Decoded headers shared by every file this thread scans (bounded in src/core/token/scan.ts). */
const headerCache = new Map<string, JsonObject | null>();

function readWhole(path: string, limit: number): { data?: Buffer; size: number; skipped?: SkipReason } {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    if (size > limit) {
      return { size, skipped: 'too-large' };
    }
    if (readBuffer.length < size) {
      readBuffer = Buffer.allocUnsafe(size);
    }
    const data = readBuffer;
    let read = 0;
    while (read < size) {
      const got = readSync(fd, data, read, size - read, read);
      if (got === 0) {
        break;
      }
      read += got;
    }
    // Only this file's bytes: the buffer may hold an older, longer file's past them.
    return { data: data.subarray(0, read), size: read };
  } catch {
    return { size: 0, skipped: 'unreadable' };
  } finally {
    if (fd !== undefined) {
      closeSync(fd);
    }
  }
}

/** The text of a file that starts with a UTF-16 byte order mark (the mark dropped), else undefined. */
function utf16Text(data: Buffer): string | undefined {
  const littleEndian = data[0] === 0xff && data[1] === 0xfe;
  if (!littleEndian && !(data[0] === 0xfe && data[1] === 0xff)) {
    return undefined;
  }
  const units = data.subarray(2, data.length - (data.length % 2));
  return (littleEndian ? units : Buffer.from(units).swap16()).toString('utf16le');
}

export async function scanFile(path: string, display: string, settings: CliSettings, verifier: Verifier, now: number): Promise<FileResult> {
  const { data, size, skipped } = readWhole(path, settings.maxDocumentSize);
  if (!data) {
    return { display, tokens: [], tokenCount: 0, truncated: false, skipped, bytes: size };
  }
  const utf16 = utf16Text(data);
  if (utf16 !== undefined) {
    const { tokens, truncated } = scanTokenWindows(utf16, { maxTokenLength: settings.maxTokenLength, headerCache });
    const judged = await judgeMatches(tokens, new LineCounter(utf16), settings, verifier, now, { onlyFindings: true });
    return { display, tokens: judged.reports, tokenCount: judged.count, truncated, bytes: size };
  }
  if (data.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
    return { display, tokens: [], tokenCount: 0, truncated: false, skipped: 'binary', bytes: size };
  }
  const latin1 = data.toString('latin1');
  const { tokens, truncated } = scanTokenWindows(latin1, { maxTokenLength: settings.maxTokenLength, headerCache });
  const judged = await judgeMatches(tokens, new BytePlacer(data, latin1), settings, verifier, now, { onlyFindings: true });
  return { display, tokens: withAllowReasons(judged.reports, latin1), tokenCount: judged.count, truncated, bytes: size };
}
