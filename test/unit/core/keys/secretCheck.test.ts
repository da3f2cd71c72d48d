// src/core/keys/secretCheck.ts: the check value Restore Key compares an HMAC secret by.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { secretKeyCheck } from '../../../../src/core/keys/secretCheck';
import { testKeys } from '../../../support/keys';

describe('secretKeyCheck: telling an HMAC secret again without keeping it', () => {
  it("is the same for the same secret, different for another, and not the secret's plain hash", async () => {
    const { createHash } = await import('node:crypto');
    const { secretKeyCheck } = await import('../../../../src/core/keys/secretCheck');
    const secret = Buffer.from(testKeys().hmac32);
    const check = await secretKeyCheck(secret);
    assert.equal(await secretKeyCheck(Buffer.from(testKeys().hmac32)), check);
    assert.notEqual(await secretKeyCheck(Buffer.from(testKeys().hmac64)), check);
    assert.notEqual(check, createHash('sha256').update(secret).digest('base64url'));
    assert.match(check, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!check.includes(testKeys().hmac32.slice(0, 6)));
  });
});

describe('secretKeyCheck: the check value is HMAC-SHA-256 of a fixed text under the secret', () => {
  it('matches node:crypto for short and long secrets alike (HMAC hashes a key past 64 bytes first)', async () => {
    for (const secret of [
      new Uint8Array([1]),
      Buffer.from(testKeys().hmac32),
      Buffer.from(testKeys().hmac64),
      new Uint8Array(200).fill(7),
    ]) {
      const expected = createHmac('sha256', secret).update('JWT Lens secret check v1').digest('base64url');
      assert.equal(await secretKeyCheck(secret), expected);
    }
  });
});
