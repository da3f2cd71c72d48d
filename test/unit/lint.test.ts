import * as assert from 'node:assert/strict';
import { decodeToken } from '../../src/core/decode';
import { LINT_RULES, lintToken } from '../../src/core/lint';
import { assemble } from '../support/tokens';

const NOW = 1_800_000_000;
const ids = (header: Record<string, unknown>, payload: Record<string, unknown>, options = {}) =>
  lintToken(decodeToken(assemble(header, payload)), { now: NOW, ...options }).map((finding) => finding.id);

describe('lintToken', () => {
  it('passes a short-lived, typed, signed token', () => {
    assert.deepEqual(ids({ alg: 'RS256', typ: 'JWT' }, { sub: 'x', iat: NOW, exp: NOW + 900 }), []);
  });

  it('flags alg none as an error', () => {
    const findings = lintToken(decodeToken(`${assemble({ alg: 'none' }, { exp: NOW + 60 }, '')}`), { now: NOW });
    assert.deepEqual(findings.map((f) => [f.id, f.severity]), [['alg-none', 'error']]);
  });

  it('flags a missing exp, and an exp that is not a number', () => {
    assert.deepEqual(ids({ alg: 'HS256' }, { sub: 'x' }), ['no-exp']);
    const [finding] = lintToken(decodeToken(assemble({ alg: 'HS256' }, { exp: '15m' })), { now: NOW });
    assert.equal(finding.message, '"exp" is not a number of seconds, so it is ignored: this token never expires.');
  });

  it('flags a lifetime over the limit, mentioning Mux\'s 7-day default in the explanation', () => {
    const [finding] = lintToken(decodeToken(assemble({ alg: 'RS256' }, { iat: NOW, exp: NOW + 7 * 86400 })), { now: NOW });
    assert.equal(finding.id, 'long-lifetime');
    assert.equal(finding.message, 'Lives 7 days, over the 1 day limit (jwtLens.maxLifetime).');
    assert.match(LINT_RULES['long-lifetime'].explanation, /Mux's SDK defaults to 7 days/);
    assert.deepEqual(ids({ alg: 'RS256' }, { iat: NOW, exp: NOW + 7 * 86400 }, { maxLifetimeSeconds: 8 * 86400 }), []);
  });

  it('flags iat and nbf in the future', () => {
    assert.deepEqual(ids({ alg: 'HS256' }, { iat: NOW + 3600, nbf: NOW + 3600, exp: NOW + 7200 }), ['future-iat', 'future-nbf']);
  });

  it('flags an HMAC key shorter than the hash', () => {
    const [finding] = lintToken(decodeToken(assemble({ alg: 'HS512' }, { exp: NOW + 60 })), { now: NOW, hmacKeyBytes: 32 });
    assert.equal(finding.message, 'The HS512 key is 32 bytes; HS512 needs at least 64.');
  });

  it('flags a typ other than JWT or at+jwt', () => {
    assert.deepEqual(ids({ alg: 'HS256', typ: 'JOSE' }, { exp: NOW + 60 }), ['unexpected-typ']);
    assert.deepEqual(ids({ alg: 'HS256', typ: 'at+jwt' }, { exp: NOW + 60 }), []);
  });

  it('flags a Mux-shaped token with an aud Mux does not know', () => {
    const mux = (aud: string) => ids({ alg: 'RS256', kid: 'k' }, { sub: 'playbackId', aud, exp: NOW + 60 });
    assert.deepEqual(mux('video'), ['mux-aud']);
    for (const aud of ['v', 't', 'g', 's', 'd', 'video_id', 'live_stream_id']) assert.deepEqual(mux(aud), []);
  });

  it('flags a FastPix token whose aud is not media:<id>', () => {
    assert.deepEqual(ids({ alg: 'RS256', kid: 'k' }, { iss: 'fastpix.io', aud: 'abc', exp: NOW + 60 }), ['fastpix-aud']);
    assert.deepEqual(ids({ alg: 'RS256', kid: 'k' }, { iss: 'fastpix.io', aud: 'media:abc', exp: NOW + 60 }), []);
  });

  it('gives every rule an id, a severity and an explanation citing its source', () => {
    for (const [id, rule] of Object.entries(LINT_RULES)) {
      assert.equal(rule.id, id);
      assert.match(rule.explanation, /RFC \d{4} §/);
    }
  });
});
