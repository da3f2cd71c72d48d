// src/core/text/sha256.ts: the synchronous SHA-256 the verify cache keys tokens by, held to node:crypto.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  sha256,
  sha256Blocks,
  sha256Pad,
  sha256Scheduled,
  sha256Schedules,
  sha256Text,
  SHA256_INITIAL_STATE,
} from '../../../../src/core/text/sha256';

describe('sha256Text: the verify cache key', () => {
  it('matches node:crypto for texts around every block boundary, and for non-ASCII text', () => {
    for (let length = 0; length < 140; length++) {
      const text = 'x'.repeat(length);
      assert.equal(sha256Text(text), createHash('sha256').update(text).digest('base64url'));
    }
    for (const size of [300, 5_000, 30_000]) {
      const token = `${randomBytes(size).toString('base64url')}é✓`;
      assert.equal(sha256Text(token), createHash('sha256').update(token).digest('base64url'));
    }
    // After a long text, a short one is hashed alone, not with the long one's bytes after it.
    assert.equal(sha256Text('abc'), createHash('sha256').update('abc').digest('base64url'));
  });
});

describe('sha256: bytes', () => {
  it('matches node:crypto for byte arrays around every padding boundary', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000]) {
      const bytes = randomBytes(length);
      assert.deepEqual(Buffer.from(sha256(bytes)), createHash('sha256').update(bytes).digest(), `length ${length}`);
    }
  });

  it('gives the same state from precomputed schedules as from the blocks, from any starting state', () => {
    for (const length of [0, 55, 56, 64, 200, 1000]) {
      const padded = new Uint8Array(length + 72);
      padded.set(randomBytes(length));
      const end = sha256Pad(padded, length);
      const start = new Int32Array(Uint8Array.from(randomBytes(32)).buffer);
      const fromBlocks = start.slice();
      sha256Blocks(fromBlocks, padded, 0, end);
      const fromSchedules = start.slice();
      sha256Scheduled(fromSchedules, sha256Schedules(padded, 0, end));
      assert.deepEqual(fromSchedules, fromBlocks, `length ${length}`);
    }
    const digest = SHA256_INITIAL_STATE.slice();
    const abc = new Uint8Array(64);
    abc.set(Buffer.from('abc'));
    sha256Scheduled(digest, sha256Schedules(abc, 0, sha256Pad(abc, 3)));
    assert.equal(Buffer.from(digest.buffer).swap32().toString('hex'), createHash('sha256').update('abc').digest('hex'));
  });

  it('gives the FIPS 180-2 digest of "abc"', () => {
    assert.equal(
      Buffer.from(sha256(Buffer.from('abc'))).toString('hex'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
