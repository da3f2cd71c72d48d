// src/core/sign/claims.ts: claims files read into the payload and options that are signed, every
// number carried exactly or refused with its place.
import * as assert from 'node:assert/strict';
import { isClaimsFile, memberPosition, parseClaimsFile, presetPlaceholders } from '../../../../src/core/sign/claims';
import { CLAIMS_TEMPLATES } from '../../../../src/core/sign/templates';

const NOW = 1_800_000_000;

describe('parseClaimsFile', () => {
  it('resolves relative times against the clock, adds iat, and removes $jwt', () => {
    const result = parseClaimsFile('{ "sub": "x", "exp": "15m", "nbf": "now", "$jwt": { "key": "k", "kidIn": "payload" } }', NOW);
    assert.ok(result.ok);
    assert.deepEqual(result.claims.payload, { sub: 'x', exp: NOW + 900, nbf: NOW, iat: NOW });
    assert.deepEqual(result.claims.options, { key: 'k', alg: undefined, header: undefined, kidIn: 'payload', output: undefined });
  });

  it('keeps epoch seconds, and leaves iat out when the file sets it to null', () => {
    const result = parseClaimsFile('{ "exp": 1900000000, "iat": null }', NOW);
    assert.ok(result.ok);
    assert.deepEqual(result.claims.payload, { exp: 1900000000 });
  });

  const errors: Array<[string, string, string, RegExp, number?]> = [
    [
      'invalid JSON',
      '{\n  "sub": "x",\n  "exp" "15m"\n}',
      'ERR_CLAIMS_JSON',
      /^Invalid JSON at line 3, column 9: Expected ":" after "exp"/,
      3,
    ],
    [
      'a unitless relative time',
      '{\n  "exp": "900"\n}',
      'ERR_CLAIMS_TIME',
      /"exp": "900" has no unit\. Use s \(seconds\), m \(minutes\), h \(hours\), d \(days\), w \(weeks\)/,
      2,
    ],
    ['a time that is not a time', '{ "exp": "tomorrow" }', 'ERR_CLAIMS_TIME', /"exp": "tomorrow" is not a time/, 1],
    ['exp as an object', '{ "exp": {} }', 'ERR_CLAIMS_TIME', /"exp" must be a number of seconds or a relative time/],
    ['sub as a number', '{\n  "sub": 42\n}', 'ERR_CLAIMS_TYPE', /"sub" must be a string, not 42/, 2],
    ['aud as a number', '{ "aud": 5 }', 'ERR_CLAIMS_TYPE', /"aud" must be a string or an array of strings/],
    ['an array instead of an object', '[1]', 'ERR_CLAIMS_NOT_OBJECT', /A claims file is a JSON object/],
    ['an unknown $jwt option', '{ "$jwt": { "keys": "x" } }', 'ERR_CLAIMS_OPTION', /"\$jwt\.keys" is not an option/],
    [
      'a bad kidIn',
      '{\n  "$jwt": {\n    "kidIn": "body"\n  }\n}',
      'ERR_CLAIMS_OPTION',
      /"\$jwt\.kidIn" must be one of header, payload, both/,
      3,
    ],
    ['alg inside $jwt.header', '{ "$jwt": { "header": { "alg": "none" } } }', 'ERR_CLAIMS_OPTION', /Set the algorithm with "\$jwt\.alg"/],
  ];
  for (const [name, text, code, message, line] of errors) {
    it(`refuses ${name}, saying where`, () => {
      const result = parseClaimsFile(text, NOW);
      assert.equal(result.ok, false);
      if (result.ok) {
        return;
      }
      assert.equal(result.error.code, code);
      assert.match(result.error.message, message);
      if (line !== undefined) {
        assert.equal(result.error.line, line);
      }
    });
  }
});

describe('memberPosition', () => {
  it('finds "$jwt.key" even when a claim named "key" comes first', () => {
    const text = '{\n  "key": "not this one",\n  "$jwt": { "key": "signer", "alg": "HS256" }\n}';
    assert.deepEqual(memberPosition(text, '$jwt.key'), { line: 3, column: 13 });
    assert.deepEqual(memberPosition(text, '$jwt.alg'), { line: 3, column: 30 });
    assert.deepEqual(memberPosition(text, 'key'), { line: 2, column: 3 });
  });

  it('does not take a member inside an array, or one the file lacks', () => {
    const text = '{ "aud": [{ "key": 1 }], "$jwt": {} }';
    assert.equal(memberPosition(text, 'key'), undefined);
    assert.equal(memberPosition(text, '$jwt.key'), undefined);
    assert.equal(memberPosition('{ "key": ', '$jwt.key'), undefined);
  });

  it('places a claims error on the "$jwt" option, not an earlier claim of the same name', () => {
    const result = parseClaimsFile('{\n  "kidIn": "x",\n  "$jwt": { "kidIn": "nowhere" }\n}', 0);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.deepEqual([result.error.member, result.error.line, result.error.column], ['$jwt.kidIn', 3, 13]);
    }
  });
});

describe('claims files: numbers are signed exactly or refused with the place', () => {
  const refused = (text: string) => {
    const result = parseClaimsFile(text, NOW);
    assert.equal(result.ok, false, text);
    return result.ok ? undefined : result.error;
  };

  it('refuses a relative time of 309+ digits instead of signing "exp": null', () => {
    const error = refused(`{\n  "exp": "${'9'.repeat(309)}d"\n}`);
    assert.deepEqual([error?.code, error?.member, error?.line], ['ERR_CLAIMS_TIME', 'exp', 2]);
    assert.equal(
      error?.message,
      '"exp": "99999999999999999999…" lands outside 1970 to year 5138; use a nearer time such as "15m" or "7d".',
    );
    assert.equal(refused('{"exp": "999999999d"}')?.code, 'ERR_CLAIMS_TIME');
  });

  it('refuses integers past 2^53, 1e400 and underflow, naming line and column', () => {
    const big = refused('{\n  "sub": "x",\n  "n": 9007199254740993\n}');
    assert.deepEqual([big?.code, big?.line, big?.column], ['ERR_CLAIMS_JSON', 3, 8]);
    assert.equal(
      big?.message,
      'Invalid JSON at line 3, column 8: 9007199254740993 has more precision than JSON numbers carry: it would be signed as 9007199254740992. Use a string.',
    );
    assert.equal(
      refused('{"n": 1e400}')?.message,
      'Invalid JSON at line 1, column 7: 1e400 is too large for JSON: it would be signed as null.',
    );
    assert.match(refused('{"n": 1e-400}')?.message ?? '', /it would be signed as 0\./);
    assert.match(refused('{"n": 0.1000000000000000000001}')?.message ?? '', /signed as 0\.1\./);
  });

  it('keeps numbers JSON carries exactly', () => {
    const result = parseClaimsFile(
      '{"a": 9007199254740991, "b": -0.5, "c": 1e21, "d": 1.5e-7, "e": 0, "f": -0, "g": 120.50, "exp": 1800000900}',
      NOW,
    );
    assert.ok(result.ok, JSON.stringify(result));
    if (result.ok) {
      assert.deepEqual(result.claims.payload, {
        a: 9007199254740991,
        b: -0.5,
        c: 1e21,
        d: 1.5e-7,
        e: 0,
        f: -0,
        g: 120.5,
        exp: 1800000900,
        iat: NOW,
      });
    }
  });
});

describe('presetPlaceholders', () => {
  it("finds a claim still holding a preset's placeholder, with its place, in file order", () => {
    const text = '{\n  // "sub": "YOUR_COMMENTED_ID",\n  "aud": "media:YOUR_PLAYBACK_ID",\n  "sub": "YOUR_ASSET_ID"\n}\n';
    assert.deepEqual(presetPlaceholders(text), [
      { claim: 'aud', placeholder: 'YOUR_PLAYBACK_ID', offset: text.indexOf('YOUR_PLAYBACK_ID'), line: 3, column: 17 },
      { claim: 'sub', placeholder: 'YOUR_ASSET_ID', offset: text.indexOf('YOUR_ASSET_ID'), line: 4, column: 11 },
    ]);
  });

  it('leaves "$jwt", comments, numbers and filled-in values alone, and a file that does not parse', () => {
    assert.deepEqual(presetPlaceholders('{ "sub": "abc123", "exp": 900, "$jwt": { "key": "YOUR_KEY" } } // YOUR_X'), []);
    assert.deepEqual(presetPlaceholders('{ "sub": "YOUR_ID", '), []);
  });

  for (const template of CLAIMS_TEMPLATES) {
    it(`${template.label}: the first placeholder is a value to change, never the kid signing writes`, () => {
      const [first] = presetPlaceholders(template.content);
      if (template.id === 'api-access') {
        assert.equal(first, undefined);
        return;
      }
      assert.ok(first);
      assert.notEqual(first.claim, 'kid');
      assert.equal(first.placeholder, template.id === 'mux-data' ? 'YOUR_ASSET_ID' : 'YOUR_PLAYBACK_ID');
    });
  }
});

describe('isClaimsFile', () => {
  const cases: Array<[string, string, boolean]> = [
    ['playback.claims.json', '{}', true],
    ['api.jwt.jsonc', 'not even JSON', true],
    ['request.json', '{ "sub": "x", "$jwt": {} }', true],
    ['tokens.json', '{ "apiToken": "eyJ..." }', false],
    ['package.json', '{ "name": "x", "nested": { "$jwt": {} } }', false],
    ['broken.json', '{ "$jwt": ', false],
    ['list.json', '[{ "$jwt": {} }]', false],
  ];
  for (const [name, text, expected] of cases) {
    it(`${name} ${text.slice(0, 30)}: ${expected ? 'a claims file' : 'not a claims file'}`, () => {
      assert.equal(isClaimsFile(name, text), expected);
    });
  }
});
