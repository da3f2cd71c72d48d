// The command line's fast path finds what the extension's scan finds: scanTokenWindows against
// scanTokens on the same text, and the byte path of `jwt-lens scan` (latin1 text, lines and columns
// counted in bytes) against the decoded text placed by LineCounter. Seeded, so a failure reproduces.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { scanTokens, scanTokenWindows, type ScanOptions } from '../../../../src/core/token/scan';
import { LineCounter } from '../../../../src/cli/judgeText';
import { BytePlacer } from '../../../../src/cli/scanFile';
import { assemble, b64 } from '../../../support/tokens';

const SEED = 20261123;
const RUNS = Number(process.env.JWT_LENS_PROPERTY_RUNS ?? 300);

const jws = assemble({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', exp: 1 });
const jwe = ['eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ', 'a2V5', 'aXY', 'Y2lwaGVy', 'dGFn'].join('.');
/**
 * Headers whose base64url starts "eyA" to "eyD" ('{' and a space) or "eyL" (a multi-byte character
 * first), with a JSON payload ("eyJ…") and with one that is not ("c2ln": no ".ey" in the token).
 */
const unusual = [
  '{ "alg":"HS256"}',
  '{ \n"alg":"none"}',
  '{"é":1,"alg":"HS256"}',
  '{  "alg":"RS256","kid":"k"}',
  '{ \t"alg":"none"}',
].flatMap((header) => [`${b64(header)}.${b64({ sub: 'x' })}.c2ln`, `${b64(header)}.c2ln.c2ln`]);
/**
 * Headers whose JSON starts with whitespace: their base64url starts with I, C or D, not "ey"; the
 * payloads start "eyJ", "eyA" ('{' and a space) or are not JSON at all ("eyZ").
 */
const spaced = [' {"alg":"HS256"}', '\t{"alg":"none"}', '\n{"alg":"HS256"}', '\r\n{"alg":"HS256"}'].flatMap((header) => [
  `${b64(header)}.${b64({ sub: 'x' })}.c2ln`,
  `${b64(header)}.${b64('{ "sub":"x"}')}.c2ln`,
  `${b64(header)}.eyZ.c2ln`,
]);

/** Pieces that meet at the scanner's edge cases: junk "ey" runs, dots, cut tokens, separators. */
const piece = fc.oneof(
  fc.constantFrom(jws, jwe, ...unusual, ...spaced, `${jws}.`, `${jws}.${jws}`, jws.slice(0, 30), `.${jws}`, `x${jws}`, '-'),
  fc.constantFrom('ey', 'eyJ', 'eyJeyJeyJ', 'eyJhbGciOi.', 'eyI.eyJ.', '.ey', '..', '.', 'they', 'key.eye.value', 'eyK.eyL.x'),
  fc.constantFrom(' ', '\n', '\r\n', '\t', '"', '=', 'Bearer ', 'é', '€', '😀', '\u2028', '\ufeff', '\u00a0'),
  fc.stringMatching(/^[A-Za-z0-9_.-]{0,12}$/),
  fc.string({ maxLength: 8 }),
);
const text = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));

const sameTokens = (input: string, options: ScanOptions = {}) => {
  const whole = scanTokens(input, options);
  const windows = scanTokenWindows(input, options);
  assert.deepEqual(
    windows.tokens.map(({ start, end, text: token, kind, header }) => ({ start, end, text: token, kind, header })),
    whole.tokens.map(({ start, end, text: token, kind, header }) => ({ start, end, text: token, kind, header })),
  );
  assert.equal(windows.truncated, whole.truncated);
};

/** The old path: decode the whole file, scan the text, place by LineCounter. */
function placedFromText(bytes: Uint8Array) {
  const decoded = new TextDecoder('utf-8').decode(bytes);
  const lines = new LineCounter(decoded);
  return scanTokens(decoded).tokens.map((token) => ({ text: token.text, ...lines.at(token.start) }));
}

/** The fast path: latin1 of the bytes, windows, places from the bytes. */
function placedFromBytes(bytes: Uint8Array) {
  const buffer = Buffer.from(bytes);
  const latin1 = buffer.toString('latin1');
  const placer = new BytePlacer(buffer, latin1);
  return scanTokenWindows(latin1).tokens.map((token) => ({ text: token.text, ...placer.at(token.start) }));
}

describe('scanTokenWindows and the byte path of jwt-lens scan', () => {
  it('finds the same tokens as scanTokens (ranges, text, kind, header) on random and adversarial text', () => {
    fc.assert(
      fc.property(text, (input) => sameTokens(input)),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  });

  it('stops at maxTokens and skips over-long tokens as scanTokens does', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 8, max: 200 }), (input, maxTokens, maxTokenLength) =>
        sameTokens(input, { maxTokens, maxTokenLength }),
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  const cases: [string, string][] = [
    ['a token after multi-byte characters on its line', `é€😀 ${jws}\n`],
    ['CRLF line ends', `a\r\nb ${jws}\r\n\r\n  ${jws}\r\n`],
    ['a byte order mark at the start', `\ufeff${jws} ${jws}\n\ufeff${jws}`],
    ['headers led by whitespace', `x=${spaced.join(';\n')}`],
    ['headers starting "eyA" to "eyD" and "eyL"', `${unusual.join(' é\n')}`],
    ['junk "ey" runs around a token', `eyJeyJeyJ.eyJ.eyJ ${'eyJ'.repeat(50)}.${jws} ey.ey.${jws}`],
    ['two tokens on one line with characters of two code units between them', `${jws}😀😀${jws} é ${jws}`],
  ];
  for (const [name, input] of cases) {
    it(`places tokens as the decoded text does: ${name}`, () => {
      const expected = placedFromText(new TextEncoder().encode(input));
      assert.ok(expected.length > 0);
      assert.deepEqual(placedFromBytes(new TextEncoder().encode(input)), expected);
    });
  }

  it('places tokens as the decoded text does on random UTF-8, including invalid byte sequences', () => {
    const bytes = fc
      .array(
        fc.oneof(
          text.map((input) => new TextEncoder().encode(input)),
          fc.uint8Array({ maxLength: 6 }),
        ),
        { maxLength: 8 },
      )
      .map((parts) => Uint8Array.from(parts.flatMap((part) => [...part])));
    fc.assert(
      fc.property(bytes, (input) => assert.deepEqual(placedFromBytes(input), placedFromText(input))),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });
});
