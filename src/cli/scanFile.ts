// One file read and judged: skipped when it is over the size limit, binary (a NUL byte in its first
// 8,000 bytes, git's own test) or unreadable; otherwise its text through judgeText. Runs in the
// worker threads, and in the main thread for a small scan.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { judgeText, type TokenReport, type Verifier } from './judgeText';
import type { CliSettings } from './settings';

export type SkipReason = 'too-large' | 'binary' | 'unreadable';

export interface FileResult {
  readonly display: string;
  /** Tokens with findings only: a tree's clean tokens are counted, not kept. */
  readonly tokens: TokenReport[];
  readonly tokenCount: number;
  readonly truncated: boolean;
  readonly skipped?: SkipReason;
  readonly bytes: number;
}

const BINARY_PROBE_BYTES = 8000;
const decoder = new TextDecoder('utf-8');
/**
 * One read buffer per thread, grown to the largest file read (at most maxDocumentSize): a new
 * buffer per file would make the garbage collector chase a tree's worth of memory.
 */
let readBuffer = new Uint8Array(1024 * 1024);

function readWhole(path: string, limit: number): { data?: Uint8Array; size: number; skipped?: SkipReason } {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    if (size > limit) {
      return { size, skipped: 'too-large' };
    }
    if (readBuffer.length < size) {
      readBuffer = new Uint8Array(size);
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

export async function scanFile(path: string, display: string, settings: CliSettings, verifier: Verifier, now: number): Promise<FileResult> {
  const { data, size, skipped } = readWhole(path, settings.maxDocumentSize);
  if (!data) {
    return { display, tokens: [], tokenCount: 0, truncated: false, skipped, bytes: size };
  }
  if (data.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
    return { display, tokens: [], tokenCount: 0, truncated: false, skipped: 'binary', bytes: size };
  }
  const report = await judgeText(decoder.decode(data), settings, verifier, now);
  return {
    display,
    tokens: report.tokens.filter((token) => token.findings.length > 0),
    tokenCount: report.tokens.length,
    truncated: report.truncated,
    bytes: size,
  };
}
