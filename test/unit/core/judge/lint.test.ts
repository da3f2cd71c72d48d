import * as assert from 'node:assert/strict';
import { decodeToken } from '../../../../src/core/token/decode';
import { LINT_RULES, lintToken } from '../../../../src/core/judge/lint';
import { assemble } from '../../../support/tokens';

const NOW = 1_800_000_000;
const ids = (header: Record<string, unknown>, payload: Record<string, unknown>, options = {}) =>
  lintToken(decodeToken(assemble(header, payload)), { now: NOW, ...options }).map((finding) => finding.id);

describe('lintToken', () => {
  it('passes a short-lived, typed, signed token', () => {
    assert.deepEqual(ids({ alg: 'RS256', typ: 'JWT' }, { sub: 'x', iat: NOW, exp: NOW + 900 }), []);
  });

  it('leaves alg none to the "unsigned" signature status: one report per fact', () => {
    const findings = lintToken(decodeToken(`${assemble({ alg: 'none' }, { exp: NOW + 60 }, '')}`), { now: NOW });
    assert.deepEqual(
      findings.map((f) => [f.id, f.severity]),
      [],
    );
  });

  it('flags a missing exp, and an exp that is not a number', () => {
    assert.deepEqual(ids({ alg: 'HS256' }, { sub: 'x' }), ['no-exp']);
    const [finding] = lintToken(decodeToken(assemble({ alg: 'HS256' }, { exp: '15m' })), { now: NOW });
    assert.deepEqual(
      [finding.id, finding.severity, finding.message],
      ['time-not-number', 'error', '"exp" is "15m", not a number of seconds.'],
    );
  });

  it('flags string nbf and iat as errors, as jose and jsonwebtoken reject them', () => {
    const findings = lintToken(decodeToken(assemble({ alg: 'HS256' }, { nbf: '1800000000', iat: true, exp: NOW + 60 })), { now: NOW });
    assert.deepEqual(
      findings.map((f) => [f.id, f.severity, f.message]),
      [
        ['time-not-number', 'error', '"nbf" is "1800000000", not a number of seconds.'],
        ['time-not-number', 'error', '"iat" is true, not a number of seconds.'],
      ],
    );
  });

  it('flags Trojan Source characters (bidi controls, zero-width) in claims and headers', () => {
    const find = (header: Record<string, unknown>, payload: Record<string, unknown>) =>
      lintToken(decodeToken(assemble(header, payload)), { now: NOW })
        .filter((f) => f.id === 'hidden-characters')
        .map((f) => f.message);
    assert.deepEqual(find({ alg: 'HS256' }, { sub: 'admin\u202E\u2066', exp: NOW + 60 }), ['"sub" holds a hidden character, U+202E.']);
    assert.deepEqual(find({ alg: 'HS256', kid: 'prod\u200Bkey' }, { exp: NOW + 60 }), ['"kid" holds a hidden character, U+200B.']);
    assert.deepEqual(find({ alg: 'HS256' }, { roles: [{ name: 'x\u2067' }], exp: NOW + 60 }), [
      '"roles" holds a hidden character, U+2067.',
    ]);
    assert.deepEqual(find({ alg: 'HS256' }, { ['is\u200Dadmin']: true, exp: NOW + 60 }), [
      'A payload member name holds a hidden character, U+200D.',
    ]);
    assert.deepEqual(find({ alg: 'HS256' }, { sub: 'plain text, accents é and emoji 🙂', exp: NOW + 60 }), []);
  });

  it('keeps each message one short sentence that the explanation does not repeat', () => {
    const findings = lintToken(decodeToken(assemble({ alg: 'HS256', typ: 'JOSE' }, { iat: NOW, exp: NOW + 76 * 365 * 86400 })), {
      now: NOW,
    });
    for (const finding of findings) {
      const text = `${finding.message} ${LINT_RULES[finding.id].explanation}`;
      assert.ok(finding.message.length <= 80 && !finding.message.includes('\n'), finding.message);
      assert.ok(text.length <= 160, text);
      // No word of four letters or more from the message's core repeated in the explanation's first clause.
      assert.ok(!LINT_RULES[finding.id].explanation.toLowerCase().includes(finding.message.toLowerCase().slice(0, 20)), text);
    }
    assert.equal(findings.find((f) => f.id === 'long-lifetime')?.message, 'Lives 76 years, over jwtLens.maxLifetime (1 day).');
  });

  it('flags a lifetime over the limit, which a setting raises', () => {
    const [finding] = lintToken(decodeToken(assemble({ alg: 'RS256' }, { iat: NOW, exp: NOW + 7 * 86400 })), { now: NOW });
    assert.equal(finding.id, 'long-lifetime');
    assert.equal(finding.message, 'Lives 7 days, over jwtLens.maxLifetime (1 day).');
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
    // at+jwt is a known type: only its missing RFC 9068 claims are flagged.
    assert.deepEqual(ids({ alg: 'HS256', typ: 'at+jwt' }, { exp: NOW + 60 }), ['at-jwt-claims']);
  });

  it('flags a Mux-shaped token with an aud Mux does not know', () => {
    const mux = (aud: string) => ids({ alg: 'RS256', kid: 'k' }, { sub: 'playbackId', aud, exp: NOW + 60 });
    assert.deepEqual(mux('video'), ['mux-aud']);
    for (const aud of ['v', 't', 'g', 's', 'd', 'video_id', 'live_stream_id']) {
      assert.deepEqual(mux(aud), []);
    }
  });

  it('flags a Mux token without exp as Mux refusing it (instead of the generic no-exp)', () => {
    const findings = lintToken(decodeToken(assemble({ alg: 'RS256', kid: 'k' }, { sub: 'playbackId', aud: 'v' })), { now: NOW });
    assert.deepEqual(
      findings.map((f) => [f.id, f.severity, f.message]),
      [['mux-no-exp', 'error', 'No "exp": Mux refuses the token.']],
    );
  });

  it('flags Mux image parameters in a token whose aud is not t or g', () => {
    const mux = (payload: Record<string, unknown>) =>
      lintToken(decodeToken(assemble({ alg: 'RS256', kid: 'k' }, { sub: 'p', exp: NOW + 60, ...payload })), { now: NOW });
    const table: Array<[Record<string, unknown>, string[]]> = [
      [{ aud: 't', time: 10, width: 640, rotate: 90, fit_mode: 'pad', flip_v: true, flip_h: true }, []],
      [{ aud: 'g', width: 320, fps: 15 }, []],
      [{ aud: 'v', time: 10 }, ['"time" is an image parameter; Mux ignores them unless "aud" is t or g.']],
      [{ aud: 's', width: 1, flip_h: true }, ['"width", "flip_h" are image parameters; Mux ignores them unless "aud" is t or g.']],
      [{ aud: 'v', playback_restriction_id: 'r1' }, []],
    ];
    for (const [payload, messages] of table) {
      assert.deepEqual(
        mux(payload).map((f) => f.message),
        messages,
        JSON.stringify(payload),
      );
    }
    assert.equal(mux({ aud: 'd', height: 2 })[0].id, 'mux-thumbnail-params');
  });

  it('flags a FastPix token whose aud is not media:<id>', () => {
    assert.deepEqual(ids({ alg: 'RS256', kid: 'k' }, { iss: 'fastpix.io', aud: 'abc', exp: NOW + 60 }), ['fastpix-aud']);
    assert.deepEqual(ids({ alg: 'RS256', kid: 'k' }, { iss: 'fastpix.io', aud: 'media:abc', exp: NOW + 60 }), []);
  });

  it('flags an at+jwt access token without the claims RFC 9068 §2.2 requires', () => {
    const claims = { iss: 'https://as.example', exp: NOW + 60, aud: 'api', sub: 'u', client_id: 'c', iat: NOW, jti: 'j' };
    assert.deepEqual(ids({ alg: 'RS256', typ: 'at+jwt' }, claims), []);
    const [finding] = lintToken(
      decodeToken(assemble({ alg: 'RS256', typ: 'at+jwt' }, { ...claims, client_id: undefined, jti: undefined })),
      { now: NOW },
    );
    assert.deepEqual(finding, { id: 'at-jwt-claims', severity: 'warning', message: '"typ" is at+jwt but it has no "client_id", "jti".' });
  });

  it('flags a Mux (RS256) or FastPix playback token without a kid: the platform refuses it', () => {
    const findings = lintToken(decodeToken(assemble({ alg: 'RS256' }, { sub: 'abc', aud: 'v', exp: NOW + 60 })), { now: NOW });
    assert.deepEqual(
      findings.map((finding) => [finding.id, finding.severity, finding.message]),
      [['playback-no-kid', 'error', 'No "kid": Mux refuses the token.']],
    );
    assert.deepEqual(ids({ alg: 'RS256' }, { iss: 'fastpix.io', aud: 'media:abc', exp: NOW + 60 }), ['playback-no-kid']);
    assert.deepEqual(ids({ alg: 'RS256' }, { sub: 'abc', aud: 'v', kid: 'k', exp: NOW + 60 }), [], 'kid in the payload, as Mux writes it');
    assert.deepEqual(ids({ alg: 'HS256' }, { sub: 'abc', aud: 'v', exp: NOW + 60 }), [], 'not Mux: Mux signs RS256 only');
  });

  it('gives every rule an id, a severity and an explanation citing its source', () => {
    for (const [id, rule] of Object.entries(LINT_RULES)) {
      assert.equal(rule.id, id);
      assert.match(rule.explanation, /RFC \d{4} §|CVE-\d{4}-\d+/);
    }
  });
});
