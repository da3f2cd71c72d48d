// Whether an HS256/384/512 token was signed with a secret on the public list (keys/knownSecretList.ts):
// such a token proves nothing, since anyone can sign another with the same secret. Every candidate's
// HMAC over the signing input is compared with the signature, and the answer is kept per token,
// since the same tokens are judged again on every edit. HS256, by far the most common, is computed
// here from each secret's HMAC states, prepared once (its key blocks already absorbed): a Web Crypto
// call per secret costs tens of microseconds in node, mostly in getting to the thread pool and back,
// which for every secret on the list made a token cost tens of milliseconds. HS384 and HS512 go
// through Web Crypto, each secret imported once per hash and kept.
import { KNOWN_SECRET_SOURCES, knownSecret, type KnownSecret } from '../keys/knownSecretList';
import { base64Bytes, utf8Bytes } from '../text/base64';
import { sha256, sha256Blocks, sha256Pad, sha256Scheduled, sha256Schedules, sha256Text, SHA256_INITIAL_STATE } from '../text/sha256';
import type { DecodedToken } from '../token/decode';

const HASHES: Readonly<Record<string, { readonly name: string; readonly bytes: number }>> = {
  HS256: { name: 'SHA-256', bytes: 32 },
  HS384: { name: 'SHA-384', bytes: 48 },
  HS512: { name: 'SHA-512', bytes: 64 },
};

/**
 * Longest token checked: the work is one HMAC per listed secret over the signing input, so a
 * megabyte token would cost hundreds of megabytes of hashing. Real HS* tokens are far shorter.
 */
export const MAX_CHECKED_CHARS = 16 * 1024;
/** Answers kept; a document of tokens judged again on each edit asks for the same ones. */
const MAX_ANSWERS = 5000;

/** Web Crypto's key type, named from the API (the DOM lib that declares it is not in this build). */
type HmacKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;

interface Candidate {
  readonly key: HmacKey;
  readonly secret: string;
}

const candidatesByHash = new Map<string, Promise<readonly Candidate[]>>();
const answers = new Map<string, Promise<KnownSecret | undefined>>();

/** How many signatures were computed, for the tests and the benchmark that prove the cache. */
export const knownSecretWork = { hmacs: 0 };

/**
 * The list entry of the secret that signed this token, or undefined: not an HS* token, too long
 * to check, or signed with a secret not on the list. Never throws.
 */
export function signedWithKnownSecret(decoded: DecodedToken): Promise<KnownSecret | undefined> {
  const alg = decoded.header?.alg;
  const hash = typeof alg === 'string' ? HASHES[alg] : undefined;
  if (!hash || decoded.kind !== 'jws' || decoded.error || decoded.parts.length !== 3 || decoded.text.length > MAX_CHECKED_CHARS) {
    return Promise.resolve(undefined);
  }
  const cacheKey = `${alg}:${sha256Text(decoded.text)}`;
  const known = answers.get(cacheKey);
  if (known) {
    return known;
  }
  const answer = check(decoded.text, hash).catch(() => undefined);
  answers.set(cacheKey, answer);
  if (answers.size > MAX_ANSWERS) {
    answers.delete(answers.keys().next().value as string);
  }
  return answer;
}

async function check(jwt: string, hash: { name: string; bytes: number }): Promise<KnownSecret | undefined> {
  const dot = jwt.lastIndexOf('.');
  const signature = base64Bytes(jwt.slice(dot + 1));
  if (signature.length !== hash.bytes) {
    return undefined;
  }
  const input = utf8Bytes(jwt.slice(0, dot));
  if (hash.name === 'SHA-256') {
    return knownSha256Secret(input, signature);
  }
  const subtle = globalThis.crypto.subtle;
  const candidates = await candidatesFor(hash.name);
  knownSecretWork.hmacs += candidates.length;
  const macs = await Promise.all(candidates.map((candidate) => subtle.sign('HMAC', candidate.key, input)));
  const index = macs.findIndex((mac) => sameBytes(new Uint8Array(mac), signature));
  return index === -1 ? undefined : knownSecret(candidates[index].secret);
}

function candidatesFor(hash: string): Promise<readonly Candidate[]> {
  let candidates = candidatesByHash.get(hash);
  if (!candidates) {
    const subtle = globalThis.crypto.subtle;
    const secrets = [...new Set(KNOWN_SECRET_SOURCES.flatMap((source) => source.secrets))];
    candidates = Promise.all(
      secrets.map(async (secret) => ({
        secret,
        key: await subtle.importKey('raw', utf8Bytes(secret), { name: 'HMAC', hash }, false, ['sign']),
      })),
    );
    // A failed import (no Web Crypto) is tried again next time rather than kept.
    candidates.catch(() => candidatesByHash.delete(hash));
    candidatesByHash.set(hash, candidates);
  }
  return candidates;
}

interface HmacStates {
  readonly secret: string;
  /** SHA-256 state after the key XOR ipad block, and after the key XOR opad block. */
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

let sha256States: readonly HmacStates[] | undefined;

function hmacStates(): readonly HmacStates[] {
  sha256States ??= [...new Set(KNOWN_SECRET_SOURCES.flatMap((source) => source.secrets))].map((secret) => {
    let key = utf8Bytes(secret);
    if (key.length > 64) {
      key = sha256(key);
    }
    const block = (pad: number) => {
      const bytes = new Uint8Array(64).fill(pad);
      key.forEach((byte, i) => (bytes[i] ^= byte));
      const state = SHA256_INITIAL_STATE.slice();
      sha256Blocks(state, bytes, 0, 64);
      return state;
    };
    return { secret, inner: block(0x36), outer: block(0x5c) };
  });
  return sha256States;
}

/** HMAC-SHA-256 (RFC 2104) of the input under each listed secret, compared with the signature. */
function knownSha256Secret(input: Uint8Array, signature: Uint8Array): KnownSecret | undefined {
  const states = hmacStates();
  knownSecretWork.hmacs += states.length;
  // The input, padded once as the second and later blocks of every inner hash.
  const padded = new Uint8Array(input.length + 72);
  padded.set(input);
  const innerEnd = sha256Pad(padded, input.length, 64 + input.length);
  // The same message under every secret: its schedules once, the rounds for each secret.
  const schedules = sha256Schedules(padded, 0, innerEnd);
  // The outer hash's second block: the inner digest, padded for 64 + 32 bytes.
  const outerBlock = new Uint8Array(64);
  sha256Pad(outerBlock, 32, 96);
  const expected = new Int32Array(8);
  for (let i = 0; i < 8; i++) {
    expected[i] = (signature[i * 4] << 24) | (signature[i * 4 + 1] << 16) | (signature[i * 4 + 2] << 8) | signature[i * 4 + 3];
  }
  const state = new Int32Array(8);
  for (const candidate of states) {
    state.set(candidate.inner);
    sha256Scheduled(state, schedules);
    for (let i = 0; i < 8; i++) {
      outerBlock[i * 4] = state[i] >>> 24;
      outerBlock[i * 4 + 1] = (state[i] >>> 16) & 0xff;
      outerBlock[i * 4 + 2] = (state[i] >>> 8) & 0xff;
      outerBlock[i * 4 + 3] = state[i] & 0xff;
    }
    state.set(candidate.outer);
    sha256Blocks(state, outerBlock, 0, 64);
    if (state.every((word, i) => word === expected[i])) {
      return knownSecret(candidate.secret);
    }
  }
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

/** Forgets every answer (the benchmark measures a cold check; tests prove the cache). */
export function clearKnownSecretAnswers(): void {
  answers.clear();
}
