// src/cli/scanFile.ts: the byte probe that lets a scan skip a file must never skip one holding a token.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { mayHoldToken } from '../../../src/cli/scanFile';
import { scanTokenWindows } from '../../../src/core/token/scan';

const b64 = (value: string) => Buffer.from(value).toString('base64url');
const PIECES = [
  `${b64('{"alg":"HS256"}')}.${b64('{"sub":"a"}')}.c2ln`,
  `${b64(' {"alg":"none"}')}.${b64('{"sub":"b"}')}.`,
  `${b64('\t{"alg":"none"}')}.${b64('{"sub":"c"}')}.`,
  `${b64('{"alg":"dir","enc":"A256GCM"}')}..AAAA.QUJD.AAAA`,
  // A header led by whitespace, to be followed by pieces: its token is found from the ".ey" of whatever comes next.
  b64(' {"alg":"none"}'),
  'eyJ',
  'eyA',
  '.ey',
  'key',
  'Z',
  'they',
  'ey',
  '.',
  '~',
  '-',
  '_',
  ' ',
  '\n',
  '=',
  'é',
];

describe('CLI byte probe', () => {
  it('says a text may hold a token wherever the scanner finds one', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const bytes = Buffer.from(pieces.join(''));
        if (scanTokenWindows(bytes.toString('latin1')).tokens.length > 0) {
          assert.ok(mayHoldToken(bytes), pieces.join(''));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('passes over text whose "ey"s are all inside words, and catches one after a separator or a dot', () => {
    assert.equal(mayHoldToken(Buffer.from('the key and they obey; money.\n')), false);
    assert.equal(mayHoldToken(Buffer.from('eyes')), false);
    assert.equal(mayHoldToken(Buffer.from('x=eyJ')), true);
    assert.equal(mayHoldToken(Buffer.from('eyL')), true);
    assert.equal(mayHoldToken(Buffer.from('a.ey')), true);
    // The byte after "ey" decides; at the end of the bytes there is none (the next chunk repeats the "ey").
    assert.equal(mayHoldToken(Buffer.from(' ey')), false);
  });
});
