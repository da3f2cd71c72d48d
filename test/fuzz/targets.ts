// Fuzz targets (fast-check, seeded): random and mutated tokens into scan, decode, verify, lint,
// hover rendering and the claims-file parser. The property everywhere: no uncaught exception, and
// every failure is a typed result with a message. `npm run fuzz` runs 100k cases per target;
// `npm test` runs a small count of each (test/unit/fuzz.test.ts).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseClaimsFile } from '../../src/core/sign/claims';
import { decodeToken } from '../../src/core/token/decode';
import { renderDecodedHtml } from '../../src/core/render/decodedHtml';
import { lintToken } from '../../src/core/judge/lint';
import { renderHover } from '../../src/core/render/hoverMarkdown';
import { scanTokens } from '../../src/core/token/scan';
import { judge, lensTitle } from '../../src/core/judge/verdict';
import { verifyToken, type VerificationKey } from '../../src/core/judge/verify';

export const FUZZ_SEED = 8725;
const NOW = 1_800_000_000;
const SAMPLE = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4IiwiZXhwIjoxODAwMDAwMDYwfQ.c2lnbmF0dXJlLWJ5dGVz';
const b64 = (text: string) => Buffer.from(text).toString('base64url');

const jsonText = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constantFrom(
    '{"exp":1e400}',
    '{"exp":-1e308,"iat":99999999999999999999}',
    '{"alg":"none"}',
    '{"alg":"HS256","crit":["b64"],"b64":false}',
    `${'['.repeat(3000)}${']'.repeat(3000)}`,
    `{"a":${'{"a":'.repeat(1000)}1${'}'.repeat(1001)}`,
    '{"sub":"\\u0000\\ud800"}',
    '{"__proto__":{"x":1}}',
    // Issue 12: the poison header (JSON.stringify overflows on it), forged lines, Trojan Source, icons, crit.
    `{"alg":"HS256","typ":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    '{"alg":"HS256","kid":"x\\n\\n# \u2713 Signature valid"}',
    '{"alg":"RS256","kid":"prod\u202Ekey\u200B"}',
    '{"alg":"$(verified)","kid":"$(pass)\u00a0\u00a0"}',
    ' \n{"alg":"HS256"}',
    '{"alg":"HS256","crit":["b64"],"b64":false}',
  ),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);

/** Bit flips, truncation, swapped and duplicated parts, NULs and unicode over a real token. */
const mutated = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 }), fc.string({ unit: 'binary', maxLength: 8 })).map(([at, kind, noise]) => {
  const position = at % SAMPLE.length;
  const [h, p, s] = SAMPLE.split('.');
  switch (kind) {
    case 0:
      return SAMPLE.slice(0, position) + String.fromCharCode(SAMPLE.charCodeAt(position) ^ (1 << (at % 7))) + SAMPLE.slice(position + 1);
    case 1:
      return SAMPLE.slice(0, position);
    case 2:
      return `${p}.${h}.${s}`;
    case 3:
      return `${h}.${h}.${s}.${s}`;
    case 4:
      return SAMPLE.slice(0, position) + '\u0000' + SAMPLE.slice(position);
    case 5:
      return SAMPLE.slice(0, position) + noise + SAMPLE.slice(position);
    case 6:
      return `Bearer ${SAMPLE}${noise}`;
    default:
      return `${h}.${b64(noise)}.${s}`;
  }
});

export const tokenText = fc.oneof(
  mutated,
  fc
    .tuple(jsonText, jsonText, fc.string({ maxLength: 30 }))
    .map(([header, payload, signature]) => `${b64(header)}.${b64(payload)}.${signature}`),
  fc
    .tuple(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), jsonText)
    .map(([extra, payload]) => `${b64(JSON.stringify({ alg: 'RS256', ...extra }))}.${b64(payload)}.c2ln`),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom('ey', 'J', '.', 'eyJ', 'A', '_', '-', ' ', '\n'), { maxLength: 60 }).map((parts) => parts.join('')),
  // Junk candidates: "eyJ" and random base64url, as a hostile text holds thousands of (issue 12).
  fc
    .tuple(fc.uint8Array({ maxLength: 60 }), fc.uint8Array({ maxLength: 40 }))
    .map(([a, b]) => `eyJ${Buffer.from(a).toString('base64url')}.eyJ${Buffer.from(b).toString('base64url')}.c2ln`),
);

const claimsText = fc.oneof(
  fc
    .record(
      {
        sub: fc.oneof(fc.string(), fc.integer()),
        exp: fc.oneof(fc.constantFrom('15m', '+1h', 'now', '900', '7x', ''), fc.integer(), fc.double()),
        iat: fc.oneof(fc.constant(null), fc.integer()),
        aud: fc.oneof(fc.string(), fc.array(fc.string())),
        $jwt: fc.oneof(
          fc.constant(undefined),
          fc.record({ kidIn: fc.constantFrom('header', 'payload', 'both', 'x'), alg: fc.string() }, { requiredKeys: [] }),
        ),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value, null, 2)),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc
    .tuple(
      fc.jsonValue().map((value) => JSON.stringify(value, null, 1)),
      fc.nat(),
      fc.string({ maxLength: 3 }),
    )
    .map(([text, at, noise]) => text.slice(0, at % (text.length + 1)) + noise + text.slice(at % (text.length + 1))),
  fc.constant(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`),
);

export interface FuzzTarget {
  readonly name: string;
  /** Runs `count` cases; throws on the first counterexample. */
  run(count: number, keys?: readonly VerificationKey[]): Promise<void>;
}

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  {
    name: 'decode',
    run: async (count) =>
      fc.assert(
        fc.property(tokenText, (text) => {
          const decoded = decodeToken(text);
          if (!decoded.header) {
            assert.ok(decoded.error, 'no header and no error');
          }
          if (decoded.error) {
            assert.ok(decoded.error.code.startsWith('ERR_') && decoded.error.message.length > 0);
          }
        }),
        { seed: FUZZ_SEED, numRuns: count },
      ),
  },
  {
    name: 'scan',
    run: async (count) =>
      fc.assert(
        fc.property(
          fc.array(tokenText, { maxLength: 6 }).map((parts) => parts.join(' ')),
          (text) => {
            for (const token of scanTokens(text).tokens) {
              assert.equal(text.slice(token.start, token.end), token.text);
            }
          },
        ),
        { seed: FUZZ_SEED, numRuns: count },
      ),
  },
  {
    name: 'verify',
    run: async (count, keys = []) =>
      fc.assert(
        fc.asyncProperty(tokenText, async (text) => {
          const result = await verifyToken(decodeToken(text), keys);
          assert.ok(result.message.length > 0);
          if (result.status === 'valid') {
            assert.fail(`a fuzzed token verified: ${text}`);
          }
        }),
        { seed: FUZZ_SEED, numRuns: count },
      ),
  },
  {
    name: 'lint',
    run: async (count) =>
      fc.assert(
        fc.property(tokenText, fc.integer({ min: 0, max: 100 }), (text, hmacKeyBytes) => {
          for (const finding of lintToken(decodeToken(text), { now: NOW, hmacKeyBytes })) {
            assert.ok(finding.message.length > 0);
          }
        }),
        { seed: FUZZ_SEED, numRuns: count },
      ),
  },
  {
    name: 'hover',
    run: async (count) =>
      fc.assert(
        fc.property(tokenText, (text) => {
          const verdict = judge(decodeToken(text), undefined, { now: NOW });
          assert.equal(verdict.unjudged, undefined);
          const markdown = renderHover(verdict, {}, { now: NOW });
          // No link but our own: a claim can never produce "](command:" or raw HTML outside code blocks.
          const outside = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
          assert.ok(!/\]\(command:/.test(outside) && !/<[a-z]/i.test(outside), markdown);
          // No Trojan Source character anywhere, and no icon from the token in the CodeLens title.
          assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/.test(markdown), markdown);
          assert.ok(!/(^|[^\\])\$\(/.test(lensTitle(verdict)), lensTitle(verdict));
          assert.ok(!/<script/i.test(renderDecodedHtml(verdict, { now: NOW, styleUri: 'vscode-resource:/decoded.css', cspSource: 'x' })));
        }),
        { seed: FUZZ_SEED, numRuns: count },
      ),
  },
  {
    name: 'claims',
    run: async (count) =>
      fc.assert(
        fc.property(claimsText, (text) => {
          const result = parseClaimsFile(text, NOW);
          if (!result.ok) {
            assert.ok(result.error.code && result.error.message.length > 0);
          }
        }),
        { seed: FUZZ_SEED, numRuns: count },
      ),
  },
];
