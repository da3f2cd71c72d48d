// A token opened for editing is a claims file: what it shows reads back as the same claims and
// header, time claims carry their dates beside the numbers, and relative times are taken back.
import * as assert from 'node:assert/strict';
import { decodeToken } from '../../../../src/core/token/decode';
import { editableClaims, editedSignRequest, isEditable, spanAfterEdit, NOT_EDITABLE } from '../../../../src/core/sign/editToken';
import { parseClaimsFile } from '../../../../src/core/sign/claims';
import { assemble } from '../../../support/tokens';

const NOW = 1_800_000_000;

function editable(header: object, payload: object, options: Partial<Parameters<typeof editableClaims>[1]> = {}): string {
  const result = editableClaims(decodeToken(assemble(header, payload)), { now: NOW, ...options });
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.text;
}

describe('editableClaims: a token as a claims file', () => {
  it('writes the claims, their dates beside the times, and "$jwt" with the key, alg and header', () => {
    const text = editable(
      { alg: 'ES256', typ: 'JWT', kid: 'prod-key' },
      { sub: 'user-1', roles: ['a', 'b'], iat: NOW - 3600, exp: NOW + 840 },
      { keyLabel: 'prod-key', origin: 'api.http, line 3' },
    );
    assert.equal(
      text,
      [
        '{',
        '  // The token from api.http, line 3. Edit, then Sign and Replace or Sign and Copy. Times take "now", "15m", "+1h", "7d".',
        '  "sub": "user-1",',
        '  "roles": [',
        '    "a",',
        '    "b"',
        '  ],',
        '  "iat": 1799996400, // 2027-01-15T07:00:00Z (1 h ago)',
        '  "exp": 1800000840, // 2027-01-15T08:14:00Z (in 14 min)',
        '  "$jwt": {',
        '    "key": "prod-key", // the stored key that verifies this token',
        '    "alg": "ES256",',
        '    "kidIn": "header",',
        '    "header": {',
        '      "typ": "JWT"',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('reads back as the same claims and header, and takes relative times', () => {
    const header = { alg: 'RS256', typ: 'at+jwt', kid: 'mux-kid', cty: 'x' };
    const payload = { sub: 'abc', aud: 'v', kid: 'mux-kid', iat: NOW - 60, exp: NOW + 60, nested: { a: [1, { b: null }] } };
    const text = editable(header, payload, { keyLabel: 'mux' });
    const back = parseClaimsFile(text, NOW);
    assert.ok(back.ok);
    assert.deepEqual(back.claims.payload, payload);
    assert.deepEqual(editedSignRequest(back.claims, { alg: 'RS256', kid: 'mux-kid' }), {
      payload,
      alg: 'RS256',
      header: { typ: 'at+jwt', cty: 'x' },
      kid: 'mux-kid',
      kidIn: 'both',
    });
    assert.equal(back.claims.options.key, 'mux');
    const later = parseClaimsFile(text.replace(/"exp": \d+/, '"exp": "1h"'), NOW);
    assert.ok(later.ok);
    assert.equal(later.claims.payload.exp, NOW + 3600);
  });

  it("takes the kid the claims carry where the kid goes in the payload, else the original's", () => {
    const claims = { payload: { sub: 'a', kid: 'edited' }, options: {} };
    assert.equal(editedSignRequest({ ...claims, options: { kidIn: 'payload' } }, { alg: 'RS256', kid: 'original' }).kid, 'edited');
    assert.equal(editedSignRequest(claims, { alg: 'RS256', kid: 'original' }).kid, 'original');
    assert.equal(editedSignRequest({ payload: { sub: 'a' }, options: { kidIn: 'payload', alg: 'RS384' } }, { alg: 'RS256' }).alg, 'RS384');
  });

  it('keeps a token without iat without one, and says why no key is named', () => {
    const text = editable({ alg: 'HS256' }, { sub: 'x' }, { noKeyReason: 'No stored key verifies this token.' });
    assert.match(text, /"iat": null, \/\/ none in the original token/);
    assert.match(text, /"\$jwt": \{\n {4}\/\/ No stored key verifies this token\.\n {4}"alg": "HS256",\n {4}"kidIn": "header"\n {2}\}/);
    const back = parseClaimsFile(text, NOW);
    assert.ok(back.ok);
    assert.deepEqual(back.claims.payload, { sub: 'x' });
  });

  it('escapes invisible characters in claims, so the text stays the same JSON', () => {
    const text = editable({ alg: 'HS256' }, { sub: 'a\u202Eb', 'n\nm': 1 });
    assert.ok(!text.includes('\u202E'));
    const back = parseClaimsFile(text, NOW);
    assert.ok(back.ok);
    assert.equal(back.claims.payload.sub, 'a\u202Eb');
    assert.equal(back.claims.payload['n\nm'], 1);
  });

  for (const [name, jwt] of [
    ['an unsigned token', assemble({ alg: 'none' }, { sub: 'x' }, '')],
    ['a JWE', 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d'],
    ['an SD-JWT', `${assemble({ alg: 'ES256', typ: 'dc+sd-jwt' }, { _sd: [], _sd_alg: 'sha-256' })}~WyJzYWx0IiwiYSIsMV0~`],
    ['a text payload', `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('hello').toString('base64url')}.c2ln`],
  ] as const) {
    it(`refuses ${name}`, () => {
      const decoded = decodeToken(jwt);
      assert.equal(isEditable(decoded), false);
      assert.deepEqual(editableClaims(decoded, { now: NOW }), {
        ok: false,
        error: { code: 'ERR_TOKEN_UNSUITABLE', message: NOT_EDITABLE },
      });
    });
  }

  it('refuses a token with a claim named "$jwt", which the file reserves', () => {
    const decoded = decodeToken(assemble({ alg: 'HS256' }, { $jwt: { key: 'prod-key' } }));
    assert.equal(isEditable(decoded), false);
    const result = editableClaims(decoded, { now: NOW });
    assert.equal(
      result.ok ? '' : result.error.message,
      'This token has a claim named "$jwt", which a claims file reserves for signing options.',
    );
  });
});

describe('spanAfterEdit: following a token through edits around it', () => {
  const span = { start: 10, end: 20 };
  it('moves with an edit before it, an insertion at its start included', () => {
    assert.deepEqual(spanAfterEdit(span, { start: 0, end: 2, length: 5 }), { start: 13, end: 23 });
    assert.deepEqual(spanAfterEdit(span, { start: 10, end: 10, length: 1 }), { start: 11, end: 21 });
    assert.deepEqual(spanAfterEdit(span, { start: 2, end: 10, length: 0 }), { start: 2, end: 12 });
  });
  it('stays for an edit after it, and is lost to an edit that overlaps it', () => {
    assert.deepEqual(spanAfterEdit(span, { start: 20, end: 25, length: 0 }), span);
    assert.equal(spanAfterEdit(span, { start: 15, end: 16, length: 1 }), undefined);
    assert.equal(spanAfterEdit(span, { start: 5, end: 11, length: 0 }), undefined);
    assert.equal(spanAfterEdit(span, { start: 19, end: 30, length: 0 }), undefined);
  });
});
