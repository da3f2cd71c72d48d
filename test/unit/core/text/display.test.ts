// src/core/text/display.ts: token text made safe to show in hovers, CodeLens titles, labels and messages.
import * as assert from 'node:assert/strict';
import {
  capitalise,
  capLength,
  describeValue,
  escapeIcons,
  firstTrojanSource,
  labelText,
  oneLine,
  safeJson,
  showInvisible,
} from '../../../../src/core/text/display';

describe('display: token text made safe to show', () => {
  it('shows control, bidi and zero-width characters as \\uXXXX, keeping ordinary text', () => {
    assert.equal(showInvisible('a\nb\u202Ec\u200Bd\u2066é🙂'), 'a\\u000Ab\\u202Ec\\u200Bd\\u2066é🙂');
  });

  it('caps length without splitting a surrogate pair', () => {
    assert.equal(capLength('abcdef', 4), 'abc…');
    assert.equal(capLength('ab🙂cd', 4), 'ab…');
    assert.equal(oneLine('x'.repeat(300)).length, 200);
  });

  it('escapes $( in labels so no icon renders, and caps the piece', () => {
    assert.equal(labelText('$(verified) ok'), '\\$(verified) ok');
    assert.equal(labelText(`x${'\u00A0'.repeat(900)}$(verified)`).length, 60);
  });

  it('serialises any JSON without throwing, invisibles escaped and still valid JSON', () => {
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    assert.equal(safeJson(deep), '(too deeply nested to show)');
    const shown = safeJson({ sub: 'a\u202Eb' });
    assert.equal(shown, '{"sub":"a\\u202Eb"}');
    assert.deepEqual(JSON.parse(shown), { sub: 'a\u202Eb' });
  });
});

describe('display: naming values and characters in messages', () => {
  it('describes any JSON value on one short line', () => {
    assert.deepEqual(
      [null, [1], { a: 1 }, 'abc', 42, true].map((value) => describeValue(value)),
      ['null', 'an array', 'an object', '"abc"', '42', 'true'],
    );
    assert.equal(describeValue('a\u202Eb'), '"a\\u202Eb"');
    assert.equal(describeValue('x'.repeat(100)), `"${'x'.repeat(38)}…`);
  });

  it('names the first Trojan Source character, and none in ordinary text', () => {
    assert.equal(firstTrojanSource('prod\u202Ekey\u200B'), 'U+202E');
    assert.equal(firstTrojanSource('a\u2066b'), 'U+2066');
    assert.equal(firstTrojanSource('Zoë ✓ 😀\n'), undefined);
  });

  it('escapes every $( so no icon renders, and capitalises the first letter only', () => {
    assert.equal(escapeIcons('$(a) $(b)'), '\\$(a) \\$(b)');
    assert.equal(capitalise('payload is broken'), 'Payload is broken');
    assert.equal(capitalise(''), '');
  });
});
