// src/core/text/jsonSyntax.ts: the syntax check that lets the scanner skip junk headers without a
// thrown SyntaxError each, and that agrees with JSON.parse on what is JSON.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonSyntaxError } from '../../../../src/core/text/jsonSyntax';

describe('jsonSyntaxError guards JSON.parse, so scanning junk costs no exceptions', () => {
  it('agrees with JSON.parse on what is JSON (the syntax check guards JSON.parse)', () => {
    const texts = fc.oneof(
      fc.json(),
      fc.string({ maxLength: 40 }),
      fc
        .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', '\\', 'e', '-', '.', ' ', '\u0001', '\\u12', 'tru', '0'))
        .map(([json, at, noise]) => json.slice(0, at % (json.length + 1)) + noise + json.slice(at % (json.length + 1))),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        assert.equal(jsonSyntaxError(text) === undefined, parses, JSON.stringify(text));
      }),
      { seed: 8725, numRuns: 5000 },
    );
  });
});

describe('jsonSyntaxError: where the text stops being JSON', () => {
  it('accepts one JSON value with any JSON whitespace around it', () => {
    for (const text of [' {"a":[1,-2.5e-3,true,false,null,"\\u00e9\\n"]}\r\n', '0', '"x"', '[]', '\t{}']) {
      assert.equal(jsonSyntaxError(text), undefined, JSON.stringify(text));
    }
  });

  it('gives the offset of the first character that is not JSON, and says what it is', () => {
    assert.deepEqual(jsonSyntaxError('{"alg":"HS256",}'), { at: 15, message: 'unexpected "}" at position 16' });
    assert.deepEqual(jsonSyntaxError('[01]'), { at: 2, message: 'unexpected "1" at position 3' });
    assert.deepEqual(jsonSyntaxError('{"a":1} {}'), { at: 8, message: 'unexpected "{" at position 9' });
    assert.deepEqual(jsonSyntaxError('{"a":'), { at: 5, message: 'it ends too early' });
    assert.deepEqual(jsonSyntaxError(''), { at: 0, message: 'it ends too early' });
  });

  it('refuses what JSON.parse refuses inside strings: raw control characters and bad escapes', () => {
    assert.equal(jsonSyntaxError('"a\u0001b"')?.at, 2);
    assert.equal(jsonSyntaxError('"a\\xb"')?.at, 3);
    assert.equal(jsonSyntaxError('"\\u12G4"')?.at, 5);
  });

  it('reads an array nested 100,000 deep without recursing', () => {
    assert.equal(jsonSyntaxError(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), undefined);
    assert.equal(jsonSyntaxError(`${'['.repeat(100_000)}${']'.repeat(99_999)}`)?.message, 'it ends too early');
  });
});
