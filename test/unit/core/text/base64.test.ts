// src/core/text/base64.ts: base64, base64url and UTF-8 without Buffer (the web worker has none),
// held to Buffer's answers.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  base64Bytes,
  base64Text,
  base64UrlBinary,
  base64UrlText,
  binaryUtf8,
  decodeUtf8,
  edgeBytes,
  isBase64Text,
  utf8Bytes,
  utf8Text,
} from '../../../../src/core/text/base64';

describe('base64 and UTF-8 without Buffer', () => {
  it('decodes base64url and base64 as Buffer does, for every length', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = randomBytes(length);
      assert.deepEqual(Buffer.from(base64Bytes(bytes.toString('base64url'))), bytes);
      assert.deepEqual(Buffer.from(base64Bytes(bytes.toString('base64').replace(/=+$/, ''))), bytes);
      assert.equal(base64UrlText(bytes), bytes.toString('base64url'));
      assert.equal(base64Text(bytes), bytes.toString('base64'));
    }
  });

  it('reads the first and last bytes from the edges of the text alone', () => {
    for (let length = 1; length < 40; length++) {
      const bytes = randomBytes(length);
      assert.deepEqual(edgeBytes(bytes.toString('base64url')), { first: bytes[0], last: bytes[length - 1] }, `length ${length}`);
    }
  });

  it('decodes token parts through atob to the same text as Buffer, ASCII or not', () => {
    for (const text of ['{"alg":"HS256"}', '{"name":"Zoë ✓ 😀"}', '']) {
      assert.equal(binaryUtf8(base64UrlBinary(Buffer.from(text).toString('base64url'))!), text);
    }
    assert.equal(binaryUtf8(base64UrlBinary(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]).toString('base64url'))!), undefined);
    assert.equal(base64UrlBinary('a'), undefined);
  });

  it('stops at the first character outside the alphabet (callers check the alphabet first)', () => {
    assert.deepEqual(Buffer.from(base64Bytes('YWJj!ZGVm')), Buffer.from('abc'));
    assert.equal(isBase64Text('YWJj!ZGVm'), false);
    assert.equal(isBase64Text('YWJjZA=='), true);
    assert.equal(isBase64Text('YWJjZ'), false);
  });

  it('reads UTF-8 strictly where it must, and leniently (BOM kept) where Buffer did', () => {
    assert.equal(utf8Text(Buffer.from('{"a":"é✓"}')), '{"a":"é✓"}');
    assert.equal(utf8Text(Buffer.from([0x7b, 0xff, 0x7d])), undefined);
    assert.equal(utf8Text(Buffer.from('\uFFFD', 'utf8')), '\uFFFD');
    assert.equal(utf8Text(Buffer.from('\uFEFF{}')), '\uFEFF{}');
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0x28]);
    assert.equal(decodeUtf8(bytes), bytes.toString('utf8'));
  });
});

describe('utf8Bytes', () => {
  it('encodes text as Buffer does, a lone surrogate as U+FFFD', () => {
    for (const text of ['', 'abc', 'Zoë ✓ 😀', '\u0000\u007f\u0080\u07ff\u0800\uffff', 'a\ud800b']) {
      assert.deepEqual(Buffer.from(utf8Bytes(text)), Buffer.from(text, 'utf8'), JSON.stringify(text));
    }
  });
});
