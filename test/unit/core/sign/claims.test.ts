import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from '../../../support/repoRoot';
import { join } from 'node:path';
import { memberPosition, parseClaimsFile } from '../../../../src/core/sign/claims';
import { parseDuration } from '../../../../src/core/token/time';
import { decodeToken } from '../../../../src/core/token/decode';
import { parseJsonc } from '../../../../src/core/text/jsonc';
import { lintToken } from '../../../../src/core/judge/lint';
import { CLAIMS_TEMPLATES } from '../../../../src/core/sign/templates';
import { signedUrl, signedUrlFor } from '../../../../src/core/providers/signedUrls';
import { assemble } from '../../../support/tokens';

const NOW = 1_800_000_000;

describe('parseJsonc', () => {
  it('reads JSON with comments and trailing commas', () => {
    assert.deepEqual(parseJsonc('{\n  // c\n  "a": [1, 2,], /* x */ "b": "s",\n}'), { ok: true, value: { a: [1, 2], b: 's' } });
  });

  const errors: Array<[string, string, number, number]> = [
    ['{"a": 1,\n  "b" 2}', 'Expected ":" after "b" but found "2".', 2, 7],
    ['{"a": }', 'Expected a value but found "}".', 1, 7],
    ['{"a": 1', 'Expected "," or "}" but found the end of the file.', 1, 8],
    ["{'a': 1}", 'Expected a property name in double quotes but found "\'".', 1, 2],
    ['{"a": "x\n"}', 'Unterminated string.', 1, 7],
    ['{"a": 1} x', 'Unexpected "x" after the end of the JSON value.', 1, 10],
    ['{"a": 1, "a": 2}', 'Duplicate property "a".', 1, 10],
    ['/* open', 'Unterminated /* comment.', 1, 1],
  ];
  for (const [text, message, line, column] of errors) {
    it(`says where: ${message}`, () => {
      const result = parseJsonc(text);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.deepEqual([result.error.message, result.error.line, result.error.column], [message, line, column]);
      }
    });
  }

  it('does not let "__proto__" pollute the result', () => {
    const result = parseJsonc('{"__proto__": {"polluted": true}}');
    assert.ok(result.ok);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes, hours, days and weeks with an optional sign', () => {
    assert.deepEqual(['90s', '15m', '+1h', '7d', '2w', '-5m', '1.5h'].map(parseDuration), [90, 900, 3600, 604800, 1209600, -300, 5400]);
    assert.deepEqual(['15', 'm', '15 minutes', ''].map(parseDuration), [undefined, undefined, undefined, undefined]);
  });
});

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

describe('claims templates', () => {
  for (const template of CLAIMS_TEMPLATES) {
    it(`${template.label} parses as a claims file`, () => {
      const result = parseClaimsFile(template.content, NOW);
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      assert.equal(result.claims.payload.exp, NOW + 900 * (template.id === 'api-access' ? 4 : 1));
      assert.match(template.fileName, /\.claims\.json$/);
    });
  }

  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'claims.schema.json'), 'utf8')) as { properties: object };
  for (const template of CLAIMS_TEMPLATES.filter((candidate) => candidate.id.startsWith('mux-'))) {
    it(`${template.label}: every claim is in the schema, and the signed token has no lint`, () => {
      const result = parseClaimsFile(template.content, NOW);
      assert.ok(result.ok);
      for (const claim of Object.keys(result.claims.payload)) {
        assert.ok(claim in schema.properties, `${claim} is not described by the claims schema`);
      }
      const token = decodeToken(assemble({ alg: 'RS256', kid: 'k' }, { ...result.claims.payload, kid: 'k' }));
      assert.deepEqual(lintToken(token, { now: NOW }), []);
    });
  }
});

describe('signedUrl', () => {
  it('builds Mux playback URLs by aud', () => {
    assert.equal(signedUrl({ sub: 'abc', aud: 'v' }, 'T'), 'https://stream.mux.com/abc.m3u8?token=T');
    assert.equal(signedUrl({ sub: 'abc', aud: 't' }, 'T'), 'https://image.mux.com/abc/thumbnail.png?token=T');
    assert.equal(signedUrl({ sub: 'abc', aud: 'g' }, 'T'), 'https://image.mux.com/abc/animated.gif?token=T');
    assert.equal(signedUrl({ sub: 'abc', aud: 's' }, 'T'), 'https://image.mux.com/abc/storyboard.vtt?token=T');
    assert.equal(signedUrl({ sub: 'abc', aud: 'd' }, 'T'), undefined);
  });

  it('builds the FastPix stream URL from aud media:<id>', () => {
    assert.equal(signedUrl({ iss: 'fastpix.io', aud: 'media:xyz' }, 'T'), 'https://stream.fastpix.io/xyz.m3u8?token=T');
  });

  it('gives none for other tokens', () => {
    assert.equal(signedUrl({ iss: 'https://auth.example.com', sub: 'u', aud: 'v' }, 'T'), undefined);
  });

  it('gives none, and says why, for a playback id holding a lone surrogate (encodeURIComponent would throw)', () => {
    assert.equal(signedUrl({ sub: '\ud800', aud: 'v' }, 'T'), undefined);
    assert.equal(signedUrl({ iss: 'fastpix.io', aud: 'media:\udc00' }, 'T'), undefined);
    assert.deepEqual(signedUrlFor({ sub: 'a\ud800', aud: 'v' }, 'T'), {
      reason: 'its "sub" holds an unpaired UTF-16 surrogate, which a URL cannot carry',
    });
    assert.deepEqual(signedUrlFor({ iss: 'fastpix.io', aud: 'media:\udc00x' }, 'T'), {
      reason: 'its "aud" holds an unpaired UTF-16 surrogate, which a URL cannot carry',
    });
    assert.deepEqual(signedUrlFor({ sub: '\ud83d\ude00', aud: 'v' }, 'T'), { url: 'https://stream.mux.com/%F0%9F%98%80.m3u8?token=T' });
    assert.deepEqual(signedUrlFor({ sub: 'u', aud: 'x' }, 'T'), {});
  });
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
