// src/core/text/jsonc.ts: JSON with comments for claims files, errors placed by line and column, and
// the numbers JSON cannot carry exactly named before they are signed.
import * as assert from 'node:assert/strict';
import { inexactNumber, parseJsonc, positionAt } from '../../../../src/core/text/jsonc';

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

describe('positionAt', () => {
  it('counts lines and columns from one, a line break belonging to the line it ends', () => {
    const text = 'ab\ncd\n\nef';
    assert.deepEqual(positionAt(text, 0), { offset: 0, line: 1, column: 1 });
    assert.deepEqual(positionAt(text, 2), { offset: 2, line: 1, column: 3 });
    assert.deepEqual(positionAt(text, 3), { offset: 3, line: 2, column: 1 });
    assert.deepEqual(positionAt(text, 7), { offset: 7, line: 4, column: 1 });
    assert.deepEqual(positionAt(text, text.length), { offset: 9, line: 4, column: 3 });
  });
});

describe('inexactNumber', () => {
  it('passes numbers JSON carries exactly, however they are spelt', () => {
    for (const literal of ['0', '-0', '120.50', '1e21', '1.5e-7', '9007199254740991', '-0.5', '100000000000000000000000000000']) {
      assert.equal(inexactNumber(literal, Number(literal)), undefined, literal);
    }
  });

  it('names overflow, underflow and lost precision with the value that would be signed', () => {
    assert.equal(inexactNumber('1e400', Number('1e400')), '1e400 is too large for JSON: it would be signed as null.');
    assert.equal(
      inexactNumber('1e-400', Number('1e-400')),
      '1e-400 has more precision than JSON numbers carry: it would be signed as 0. Use a string.',
    );
    assert.equal(
      inexactNumber('9007199254740993', Number('9007199254740993')),
      '9007199254740993 has more precision than JSON numbers carry: it would be signed as 9007199254740992. Use a string.',
    );
  });

  it('quotes at most 20 characters of a long literal', () => {
    const literal = '1234567890123456789012345678901';
    assert.equal(
      inexactNumber(literal, Number(literal)),
      '12345678901234567890… has more precision than JSON numbers carry: it would be signed as 1.2345678901234568e+30. Use a string.',
    );
  });
});
