import * as assert from 'node:assert/strict';
import { decodeMatch, scanTokens, tokenAt } from '../../../../src/core/token/scan';
import { sampleTokens } from '../../../support/samples';
import { assemble, b64 } from '../../../support/tokens';

const api = sampleTokens.apiToken;
const found = (text: string) => scanTokens(text).tokens.map((token) => text.slice(token.start, token.end));

describe('scanTokens', () => {
  const contexts: Array<[string, string]> = [
    ['bare', `${api}`],
    ['after Bearer', `Authorization: Bearer ${api}\n`],
    ['in a query string', `https://stream.mux.com/abc.m3u8?token=${api}&x=1`],
    ['after &token=', `https://x.test/a?b=1&token=${api}`],
    ['in a fragment', `https://app.test/cb#id_token=${api}&state=1`],
    ['in a JSON string', `{"token": "${api}"}`],
    ['in YAML', `auth:\n  token: '${api}'\n`],
    ['in a .env value', `API_TOKEN=${api}\n`],
    ['in a log line', `2026-11-23 INFO auth=${api} status=200`],
    ['in Markdown code at the end of a sentence', `The token is \`${api}\`.`],
    ['before a full stop', `Use ${api}.`],
  ];
  for (const [name, text] of contexts) {
    it(`finds a token ${name}, with its exact range`, () => {
      assert.deepEqual(found(text), [api]);
    });
  }

  it('finds an unsigned token with its empty signature part', () => {
    assert.deepEqual(found(`x ${sampleTokens.unsignedToken} y`), [sampleTokens.unsignedToken]);
  });

  it('finds a JWE with its five parts', () => {
    const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a2V5.aXY.Y2lwaGVy.dGFn`;
    const [token] = scanTokens(`token=${jwe};`).tokens;
    assert.equal(token.kind, 'jwe');
    assert.equal(token.text, jwe);
  });

  it('finds every token on a line and across lines', () => {
    const text = `${api} ${sampleTokens.expiredToken}\n${sampleTokens.unicodeToken}`;
    assert.equal(scanTokens(text).tokens.length, 3);
  });

  const nonTokens: Array<[string, string]> = [
    ['dotted identifiers', 'they.are.here and eyes.open.wide'],
    ['ordinary base64', 'ZXlKaGJHY2lPaUpJVXpJMU5pSjk=.abc.def'],
    ['a header that is JSON but has no alg', `${b64({ typ: 'JWT' })}.${b64({})}.sig`],
    ['a header that is a JSON array', `${b64([1])}.${b64({})}.sig`],
    ['two parts only', `${b64({ alg: 'HS256' })}.${b64({})}`],
    ['"ey" inside a longer word', `key${assemble({ alg: 'HS256' }, {})}`],
  ];
  for (const [name, text] of nonTokens) {
    it(`finds nothing in ${name}`, () => {
      assert.deepEqual(found(text), []);
    });
  }

  it('skips tokens longer than the limit and counts them', () => {
    const long = assemble({ alg: 'HS256' }, { data: 'x'.repeat(2000) });
    const result = scanTokens(`${long} ${api}`, { maxTokenLength: 1000 });
    assert.deepEqual(
      result.tokens.map((t) => t.text),
      [api],
    );
    assert.equal(result.skippedTooLong, 1);
  });

  it('stops at maxTokens and says so', () => {
    const result = scanTokens(`${api} ${api} ${api}`, { maxTokens: 2 });
    assert.equal(result.tokens.length, 2);
    assert.equal(result.truncated, true);
  });

  it('finds the token at an offset, including just after its end', () => {
    const text = `Bearer ${api}`;
    assert.equal(tokenAt(text, 7)?.text, api);
    assert.equal(tokenAt(text, text.length)?.text, api);
    assert.equal(tokenAt(text, 2), undefined);
  });

  it('decodes a match without decoding its header again', () => {
    const [match] = scanTokens(`x=${api}`).tokens;
    const token = decodeMatch(match);
    assert.equal(token.header, match.header);
    assert.equal(token.payload?.sub, 'user-42');
  });
});
