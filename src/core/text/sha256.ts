// SHA-256 (FIPS 180-4) in plain TypeScript, synchronous: the verify cache keys every token by its
// hash on paths that cannot wait (a hover asks the cache synchronously), and Web Crypto's digest is
// async only. Checked against node:crypto in the unit tests.
import { base64UrlText } from './base64';

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Int32Array(64);
const encoder = new TextEncoder();
/** Reused across calls: the cache hashes every new token, and a fresh buffer each time costs more than the hash. */
let scratch = new Uint8Array(4096);

/** SHA-256's initial hash value (FIPS 180-4 §5.3.3). */
export const SHA256_INITIAL_STATE: Readonly<Int32Array> = Int32Array.of(
  0x6a09e667,
  0xbb67ae85 | 0,
  0x3c6ef372,
  0xa54ff53a | 0,
  0x510e527f,
  0x9b05688c | 0,
  0x1f83d9ab,
  0x5be0cd19,
);

/**
 * Runs the compression function over the 64-byte blocks of `bytes` from `start` to `end`, updating
 * `state`: exposed so HMAC can start from a state that has already absorbed its key block.
 */
export function sha256Blocks(state: Int32Array, bytes: Uint8Array, start: number, end: number): void {
  for (let block = start; block < end; block += 64) {
    scheduleBlock(bytes, block, W, 0);
    sha256Scheduled(state, W);
  }
}

/**
 * The message schedules (64 words a block) of the 64-byte blocks of `bytes` from `start` to `end`.
 * They depend on the message alone: HMAC of one message under many keys works them out once and
 * runs only the rounds (sha256Scheduled) for each key.
 */
export function sha256Schedules(bytes: Uint8Array, start: number, end: number): Int32Array {
  const schedules = new Int32Array(((end - start) >> 6) * 64);
  for (let block = start, base = 0; block < end; block += 64, base += 64) {
    scheduleBlock(bytes, block, schedules, base);
  }
  return schedules;
}

/** The 64-word schedule of the block of `bytes` at `at`, written to `out` from `base`. */
function scheduleBlock(bytes: Uint8Array, at: number, out: Int32Array, base: number): void {
  for (let t = base; t < base + 16; t++, at += 4) {
    out[t] = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
  }
  for (let t = base + 16; t < base + 64; t++) {
    const a = out[t - 15],
      b = out[t - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    out[t] = (out[t - 16] + s0 + out[t - 7] + s1) | 0;
  }
}

/** The compression function's rounds over blocks whose schedules are given (64 words a block), updating `state`. */
export function sha256Scheduled(state: Int32Array, schedules: Int32Array): void {
  let h0 = state[0],
    h1 = state[1],
    h2 = state[2],
    h3 = state[3];
  let h4 = state[4],
    h5 = state[5],
    h6 = state[6],
    h7 = state[7];
  for (let base = 0; base < schedules.length; base += 64) {
    let a = h0,
      b = h1,
      c = h2,
      d = h3,
      e = h4,
      f = h5,
      g = h6,
      h = h7;
    for (let t = 0; t < 64; t++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t] + schedules[base + t]) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  state[0] = h0;
  state[1] = h1;
  state[2] = h2;
  state[3] = h3;
  state[4] = h4;
  state[5] = h5;
  state[6] = h6;
  state[7] = h7;
}

/**
 * Writes SHA-256's padding after the first `length` bytes of `padded` for a message of
 * `messageLength` bytes in all (more than `length` when blocks before these were hashed already);
 * returns where the padded blocks end.
 */
export function sha256Pad(padded: Uint8Array, length: number, messageLength = length): number {
  const total = (((length + 8) >> 6) + 1) << 6;
  padded.fill(0, length, total);
  padded[length] = 0x80;
  const bitLength = messageLength * 8;
  const high = Math.floor(bitLength / 0x100000000);
  padded[total - 8] = high >>> 24;
  padded[total - 7] = (high >>> 16) & 0xff;
  padded[total - 6] = (high >>> 8) & 0xff;
  padded[total - 5] = high & 0xff;
  padded[total - 4] = bitLength >>> 24;
  padded[total - 3] = (bitLength >>> 16) & 0xff;
  padded[total - 2] = (bitLength >>> 8) & 0xff;
  padded[total - 1] = bitLength & 0xff;
  return total;
}

/** SHA-256 of the first `length` bytes of `padded`, which has room for the padding after them. */
function digest(padded: Uint8Array, length: number): Uint8Array {
  const total = sha256Pad(padded, length);
  const state = SHA256_INITIAL_STATE.slice();
  sha256Blocks(state, padded, 0, total);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    out[i * 4] = state[i] >>> 24;
    out[i * 4 + 1] = (state[i] >>> 16) & 0xff;
    out[i * 4 + 2] = (state[i] >>> 8) & 0xff;
    out[i * 4 + 3] = state[i] & 0xff;
  }
  return out;
}

/** SHA-256 of the bytes. */
export function sha256(bytes: Uint8Array): Uint8Array {
  const padded = new Uint8Array((((bytes.length + 8) >> 6) + 1) << 6);
  padded.set(bytes);
  return digest(padded, bytes.length);
}

/** SHA-256 of the text's UTF-8 bytes, as unpadded base64url. */
export function sha256Text(text: string): string {
  // UTF-8 takes at most three bytes per UTF-16 unit; 72 more leave room for the padding.
  const room = text.length * 3 + 72;
  // Past 64 KB a one-off buffer: the scratch one is not kept that large for one long token.
  if (scratch.length < room && room <= 65_536) {
    scratch = new Uint8Array(65_536);
  }
  const buffer = scratch.length >= room ? scratch : new Uint8Array(room);
  const { written } = encoder.encodeInto(text, buffer);
  return base64UrlText(digest(buffer, written));
}
