// The table of bad inputs: each is decoded without throwing, with the part and message expected.
import * as assert from 'node:assert/strict';
import { decodeToken } from '../../../src/core/token/decode';
import { lintToken } from '../../../src/core/judge/lint';
import { scanTokens } from '../../../src/core/token/scan';
import { timeStatus } from '../../../src/core/token/time';
import { renderHover } from '../../../src/core/render/hoverMarkdown';
import { judge, lensTitle } from '../../../src/core/judge/verdict';
import { verifyToken } from '../../../src/core/judge/verify';
import { sampleTokens } from '../../support/samples';
import { assemble, b64 } from '../../support/tokens';

const api = sampleTokens.apiToken;
const [apiHeader, apiPayload, apiSignature] = api.split('.');
const HS = b64({ alg: 'HS256', typ: 'JWT' });

type Row = [name: string, input: () => string, code: string | undefined, part: string | undefined, message: RegExp | string];

const BAD_INPUTS: Row[] = [
  ['empty text', () => '', 'ERR_EMPTY', 'token', 'No token: the text is empty.'],
  ['only whitespace', () => ' \n\t ', 'ERR_EMPTY', 'token', 'No token: the text is empty.'],
  ['a bare "Bearer"', () => 'Bearer ', 'ERR_PART_COUNT', 'token', 'Token has 1 part; a JWS has 3 and a JWE has 5, separated by dots.'],
  ['one part', () => apiHeader, 'ERR_PART_COUNT', 'token', 'Token has 1 part; a JWS has 3 and a JWE has 5, separated by dots.'],
  [
    'two parts (signature cut off)',
    () => `${apiHeader}.${apiPayload}`,
    'ERR_PART_COUNT',
    'token',
    'Token has 2 parts; a JWS has 3 and a JWE has 5, separated by dots.',
  ],
  ['four parts', () => `${api}.x`, 'ERR_PART_COUNT', 'token', 'Token has 4 parts; a JWS has 3 and a JWE has 5, separated by dots.'],
  ['six parts', () => 'a.b.c.d.e.f', 'ERR_PART_COUNT', 'token', 'Token has 6 parts; a JWS has 3 and a JWE has 5, separated by dots.'],
  [
    'standard base64 "+" in the header',
    () => `${apiHeader.slice(0, 4)}+${apiHeader.slice(5)}.${apiPayload}.${apiSignature}`,
    'ERR_BASE64URL',
    'header',
    'Header is not base64url: character "+" at position 5.',
  ],
  [
    '"/" in the payload',
    () => `${apiHeader}.${apiPayload.slice(0, 9)}/${apiPayload.slice(10)}.${apiSignature}`,
    'ERR_BASE64URL',
    'payload',
    'Payload is not base64url: character "/" at position 10.',
  ],
  ['base64 padding', () => `${apiHeader}=.${apiPayload}.${apiSignature}`, 'ERR_BASE64URL', 'header', /character "=" at position/],
  [
    'a space inside the payload',
    () => `${apiHeader}.${apiPayload.slice(0, 3)} ${apiPayload.slice(3)}.${apiSignature}`,
    'ERR_BASE64URL',
    'payload',
    'Payload is not base64url: character " " at position 4.',
  ],
  [
    'a truncated header (length 4n+1)',
    () => `${b64({ alg: 'HS256' })}a.${apiPayload}.${apiSignature}`.replace(/^(.{16})[^.]*a\./, '$1a.'),
    'ERR_BASE64URL',
    'header',
    /cannot be a whole number of bytes; the token may be truncated/,
  ],
  [
    'a truncated payload',
    () => `${apiHeader}.${apiPayload.slice(0, 21)}.${apiSignature}`,
    'ERR_BASE64URL',
    'payload',
    /the token may be truncated/,
  ],
  [
    'a truncated signature',
    () => `${apiHeader}.${apiPayload}.${apiSignature.slice(0, 5)}`,
    'ERR_BASE64URL',
    'signature',
    /Signature is not base64url: its length \(5\)/,
  ],
  [
    'a header that is not JSON',
    () => `${b64('alg=HS256')}.${apiPayload}.${apiSignature}`,
    'ERR_JSON',
    'header',
    /^Header is not valid JSON: /,
  ],
  [
    'a JSON array as header',
    () => `${b64([{ alg: 'HS256' }])}.${apiPayload}.${apiSignature}`,
    'ERR_NOT_OBJECT',
    'header',
    'Header is JSON but not an object (it is an array).',
  ],
  [
    'a JSON string as header',
    () => `${b64('"HS256"')}.${apiPayload}.${apiSignature}`,
    'ERR_NOT_OBJECT',
    'header',
    'Header is JSON but not an object (it is a string).',
  ],
  [
    'null as header',
    () => `${b64('null')}.${apiPayload}.${apiSignature}`,
    'ERR_NOT_OBJECT',
    'header',
    'Header is JSON but not an object (it is null).',
  ],
  [
    'a header without alg',
    () => `${b64({ typ: 'JWT' })}.${apiPayload}.${apiSignature}`,
    'ERR_NO_ALG',
    'header',
    'Header has no "alg" string, so this is not a JWS or JWE.',
  ],
  [
    'a numeric alg',
    () => `${b64({ alg: 256 })}.${apiPayload}.${apiSignature}`,
    'ERR_NO_ALG',
    'header',
    'Header has no "alg" string, so this is not a JWS or JWE.',
  ],
  [
    'invalid UTF-8 in the header',
    () => `${Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url')}.${apiPayload}.${apiSignature}`,
    'ERR_UTF8',
    'header',
    'Header is not valid UTF-8.',
  ],
  [
    'invalid UTF-8 in the payload',
    () => `${HS}.${Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]).toString('base64url')}.c2ln`,
    'ERR_UTF8',
    'payload',
    'Payload is not valid UTF-8.',
  ],
  ['a claims set that is not JSON', () => assemble({ alg: 'HS256' }, '{"sub": x}'), 'ERR_JSON', 'payload', /^Payload is not valid JSON: /],
  // A JWS need not carry a JWT (RFC 7515): text and non-object JSON payloads decode, as "not a JWT".
  ['a payload that is text', () => assemble({ alg: 'HS256' }, 'hello world'), undefined, undefined, ''],
  ['a JSON array as payload', () => assemble({ alg: 'HS256' }, [1, 2]), undefined, undefined, ''],
  ['a number as payload', () => assemble({ alg: 'HS256' }, '42'), undefined, undefined, ''],
  [
    'a JSON payload with a trailing comma',
    () => assemble({ alg: 'HS256' }, '{"sub":"x",}'),
    'ERR_JSON',
    'payload',
    /^Payload is not valid JSON/,
  ],
  ['a NUL byte in the token', () => `${apiHeader}\u0000.${apiPayload}.${apiSignature}`, 'ERR_BASE64URL', 'header', /character "\\u0000"/],
  [
    'an emoji in the signature',
    () => `${apiHeader}.${apiPayload}.sig🙂`,
    'ERR_BASE64URL',
    'signature',
    /Signature is not base64url: character "\\ud83d"/,
  ],
  [
    'a 10 MB garbage line',
    () => 'x'.repeat(10 * 1024 * 1024),
    'ERR_TOO_LONG',
    'token',
    'Token is 10,485,760 characters, over the 65,536 limit (setting jwtLens.maxTokenLength).',
  ],
  [
    'a token over the length limit',
    () => assemble({ alg: 'HS256' }, { data: 'y'.repeat(70_000) }),
    'ERR_TOO_LONG',
    'token',
    /over the 65,536 limit/,
  ],
  ['only dots', () => '..', 'ERR_EMPTY', 'header', 'Header is empty.'],
  ['an empty payload', () => `${apiHeader}..${apiSignature}`, 'ERR_EMPTY', 'payload', 'Payload is empty.'],
  // Well-formed by structure, wrong in meaning: decoding succeeds, the judges say what is wrong.
  ['huge numbers in exp', () => assemble({ alg: 'HS256' }, '{"exp": 1e400, "iat": 99999999999999999999}'), undefined, undefined, ''],
  ['exp as a string', () => assemble({ alg: 'HS256' }, { exp: '1800000000' }), undefined, undefined, ''],
  ['a JWE (payload stays encrypted)', () => `${b64({ alg: 'dir', enc: 'A128GCM' })}..aXY.Y2lwaGVy.dGFn`, undefined, undefined, ''],
  ['deeply nested JSON', () => assemble({ alg: 'HS256' }, `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`), undefined, undefined, ''],
  // Hostile headers.
  [
    'junk after "eyJ" (not UTF-8)',
    () => `eyJ${'x'.repeat(41)}.${apiPayload}.${apiSignature}`,
    'ERR_UTF8',
    'header',
    'Header is not valid UTF-8.',
  ],
  [
    'a header cut before its closing brace',
    () => `${b64('{"alg":"HS256"')}.${apiPayload}.${apiSignature}`,
    'ERR_JSON',
    'header',
    'Header is not valid JSON: it ends too early.',
  ],
  [
    'a header with a bad escape',
    () => `${b64('{"alg":"HS\\x256"}')}.${apiPayload}.${apiSignature}`,
    'ERR_JSON',
    'header',
    'Header is not valid JSON: unexpected "x" at position 12.',
  ],
  [
    'a typ nested 10,000 deep',
    () => `${b64(`{"alg":"HS256","typ":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)}.${apiPayload}.${apiSignature}`,
    undefined,
    undefined,
    '',
  ],
  [
    'a kid with newlines and a bidi override',
    () => assemble({ alg: 'HS256', kid: 'a\n\n# b\u202E' }, { sub: 'x' }),
    undefined,
    undefined,
    '',
  ],
  ['a header JSON led by whitespace', () => assemble(' \n{"alg":"HS256"}', { sub: 'x' }), undefined, undefined, ''],
  ['an unknown crit extension', () => assemble({ alg: 'HS256', crit: ['zip2'], zip2: 1 }, { sub: 'x' }), undefined, undefined, ''],
  ['string nbf and iat', () => assemble({ alg: 'HS256' }, { nbf: '1800000000', iat: '1800000000' }), undefined, undefined, ''],
];

describe('bad inputs: decodeToken says which part failed and why, and never throws', () => {
  assert.ok(BAD_INPUTS.length >= 30);
  for (const [name, input, code, part, message] of BAD_INPUTS) {
    it(name, async () => {
      const text = input();
      const decoded = decodeToken(text);
      assert.equal(decoded.error?.code, code);
      if (part) {
        assert.equal(decoded.error?.part, part);
      }
      if (message instanceof RegExp) {
        assert.match(decoded.error?.message ?? '', message);
      } else {
        assert.equal(decoded.error?.message ?? '', message);
      }
      // Every judge takes whatever decoded without throwing.
      assert.doesNotThrow(() => lintToken(decoded, { now: 1_800_000_000 }));
      assert.doesNotThrow(() => timeStatus(decoded.payload, 1_800_000_000));
      assert.doesNotThrow(() => scanTokens(text.slice(0, 1_000_000)));
      const verdict = await verifyToken(decoded, []);
      assert.ok(['malformed', 'no-key', 'encrypted', 'rejected'].includes(verdict.status), verdict.status);
      // Judging and rendering take whatever decoded, too.
      const judged = judge(decoded, verdict, { now: 1_800_000_000 });
      assert.equal(judged.unjudged, undefined);
      assert.doesNotThrow(() => renderHover(judged, {}, { now: 1_800_000_000 }));
      assert.doesNotThrow(() => lensTitle(judged));
    });
  }

  it('judges huge and string exp as no expiry, and says why in a lint', () => {
    const huge = decodeToken(assemble({ alg: 'HS256' }, '{"exp": 1e400}'));
    assert.equal(timeStatus(huge.payload, 1_800_000_000).state, 'no-expiry');
    const text = decodeToken(assemble({ alg: 'HS256' }, { exp: '1800000000' }));
    assert.deepEqual(
      lintToken(text, { now: 1_800_000_000 }).map((f) => f.id),
      ['time-not-number'],
    );
  });

  const notJwt: Array<[string, unknown, string]> = [
    ['text', 'hello world', 'not a JWT (payload is not JSON)'],
    ['a JSON array', [1, 2], 'not a JWT (payload is an array, not a JSON object)'],
    ['a JSON number', '42', 'not a JWT (payload is a number, not a JSON object)'],
    ['a JSON string', '"x"', 'not a JWT (payload is a string, not a JSON object)'],
  ];
  for (const [name, payload, reason] of notJwt) {
    it(`decodes a JWS whose payload is ${name} as "${reason}", with the payload as text`, () => {
      const decoded = decodeToken(assemble({ alg: 'HS256' }, payload));
      assert.deepEqual([decoded.error, decoded.payload, decoded.notJwt], [undefined, undefined, reason]);
      assert.equal(decoded.payloadText, typeof payload === 'string' ? payload : JSON.stringify(payload));
    });
  }

  it('keeps what did decode: the header of a token whose payload is broken', () => {
    const decoded = decodeToken(`${apiHeader}.${apiPayload.slice(0, 21)}.${apiSignature}`);
    assert.equal(decoded.header?.kid, 'demo-hs256');
  });
});
