// One file read and judged: skipped when it is over the size limit, binary (a NUL byte in its first
// 8,000 bytes, git's own test) or unreadable. A file starting with a UTF-16 byte order mark is
// decoded (its ASCII has a NUL in every other byte, so it would read as binary). Otherwise its bytes
// are searched as latin1 (one character per byte, no UTF-8 decoding: tokens are ASCII) by
// scanTokenWindows, which finds what scanTokens finds in the decoded text; only a finding's place
// is worked out, from the bytes. Most files of a tree hold no place where a token could start:
// they are read in chunks into one buffer and searched as bytes, and never become text.
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
 * One read buffer per thread, grown to the largest file read whole (at most maxDocumentSize): a new
 * buffer per file would make the garbage collector chase a tree's worth of memory.
 */
let readBuffer = Buffer.allocUnsafe(1024 * 1024);
/** Bytes a file is probed in, at a time; most files fit in one read. At least BINARY_PROBE_BYTES. */
const CHUNK_BYTES = 256 * 1024;
/** Bytes of the chunk before kept in front of the next, so a place across the seam is seen whole. */
const CARRIED = 3;
const chunk = Buffer.allocUnsafe(CARRIED + CHUNK_BYTES);
const EY = Buffer.from('ey');
/** base64url characters by byte: a token never starts right after one. */
const BASE64URL_BYTE = new Uint8Array(256);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
  BASE64URL_BYTE[char.charCodeAt(0)] = 1;
}

/**
 * Whether `bytes` hold a place where scanTokenWindows would look for a token: an "ey" followed by
 * A to D or I to L and not inside a base64url run, or a ".ey" (a header whose JSON starts with
 * whitespace ends there). Never false where a token is; an "ey" at offset 0 counts as after a
 * separator.
 */
export function mayHoldToken(bytes: Buffer): boolean {
  const length = bytes.length;
  for (let at = bytes.indexOf(EY); at !== -1; at = bytes.indexOf(EY, at + 1)) {
    const before = at > 0 ? bytes[at - 1] : -1;
    if (before === 0x2e) {
      return true;
    }
    if ((before !== -1 && BASE64URL_BYTE[before] === 1) || at + 2 >= length) {
      continue;
    }
    const next = bytes[at + 2];
    if ((next >= 0x41 && next <= 0x44) || (next >= 0x49 && next <= 0x4c)) {
      return true;
    }
  }
  return false;
}

/** A file read whole, or why not. */
interface WholeFile {
  readonly data?: Buffer;
  readonly size: number;
  readonly skipped?: SkipReason;
}

type Probe =
  /** Skipped, or the whole file in the chunk buffer: it may hold a token, or it is UTF-16. */
  | WholeFile
  /** No place a token could start: nothing to judge. */
  | { readonly clean: true; readonly size: number }
  /** It may hold a token, or it is UTF-16, and is longer than a chunk: read it whole. */
  | { readonly whole: true };

/**
 * A file as the whole-file read would see it, never held whole: its size checked, its first bytes
 * tested for UTF-16 and binary, its bytes searched for a place a token could start. A read shorter
 * than asked for is the end of the file, so a small file costs one read and no stat.
 */
function probe(path: string, limit: number): Probe {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    let got = readSync(fd, chunk, CARRIED, CHUNK_BYTES, 0);
    const size = got === CHUNK_BYTES ? fstatSync(fd).size : got;
    if (size > limit) {
      return { size, skipped: 'too-large' };
    }
    const first = chunk.subarray(CARRIED, CARRIED + got);
    const utf16 = got >= 2 && ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff));
    if (!utf16 && first.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
      return { size, skipped: 'binary' };
    }
    if (utf16 || mayHoldToken(first)) {
      return got < CHUNK_BYTES ? { data: first, size: got } : { whole: true };
    }
    let read = got;
    while (got === CHUNK_BYTES) {
      // The chunk's last bytes go in front of the next: an "ey" across the seam is seen with the byte before it and after it.
      chunk.copy(chunk, 0, CHUNK_BYTES, CARRIED + CHUNK_BYTES);
      got = readSync(fd, chunk, CARRIED, CHUNK_BYTES, read);
      read += got;
      if (mayHoldToken(chunk.subarray(0, CARRIED + got))) {
        return { whole: true };
      }
    }
    return { clean: true, size: read };
  } catch {
    return { size: 0, skipped: 'unreadable' };
  } finally {
    if (fd !== undefined) {
      closeSync(fd);
    }
  }
}
/** Decoded headers shared by every file this thread scans (bounded in src/core/token/scan.ts). */
const headerCache = new Map<string, JsonObject | null>();

function readWhole(path: string, limit: number): WholeFile {
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

/** A file's result, at once when there is nothing in it to judge (most files: no promise to wait for). */
export function scanFile(
  path: string,
  display: string,
  settings: CliSettings,
  verifier: Verifier,
  now: number,
): FileResult | Promise<FileResult> {
  const probed = probe(path, settings.maxDocumentSize);
  if ('clean' in probed) {
    return { display, tokens: [], tokenCount: 0, truncated: false, bytes: probed.size };
  }
  const { data, size, skipped } = 'whole' in probed ? readWhole(path, settings.maxDocumentSize) : probed;
  if (!data) {
    return { display, tokens: [], tokenCount: 0, truncated: false, skipped, bytes: size };
  }
  return judgeFile(data, size, display, settings, verifier, now);
}

async function judgeFile(
  data: Buffer,
  size: number,
  display: string,
  settings: CliSettings,
  verifier: Verifier,
  now: number,
): Promise<FileResult> {
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
