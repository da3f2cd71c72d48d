// Fuzz targets (fast-check, seeded): random and mutated tokens into scan, decode, verify, lint,
// hover rendering and the claims-file parser; random and mutated DER into the DER helper, and the same
// wrapped as PEM into key import. The property everywhere: no uncaught exception, and every failure
// is a typed result with a message. `npm run fuzz` runs 100k cases per target; `npm test` runs a
// small count of each (test/unit/robustness/fuzz.test.ts).
import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import {
  certificateSpki,
  derItem,
  keyInfo,
  pkcs1PrivateToPkcs8,
  pkcs1PublicToSpki,
  rsaPssAsRsa,
  sec1ToPkcs8,
} from '../../../../src/core/text/der';
import { importKeyText } from '../../../../src/core/keys/importKey';
import { parseClaimsFile } from '../../../../src/core/sign/claims';
import { decodeToken } from '../../../../src/core/token/decode';
import { renderDecodedHtml } from '../../../../src/core/render/decodedHtml';
import { lintToken } from '../../../../src/core/judge/lint';
import { renderHover } from '../../../../src/core/render/hoverMarkdown';
import { scanTokens } from '../../../../src/core/token/scan';
import { judge, lensTitle } from '../../../../src/core/judge/verdict';
import { verifyToken, type VerificationKey } from '../../../../src/core/judge/verify';
import { testCertificate, testKeys } from '../../../support/keys';

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
    // The poison header (JSON.stringify overflows on it), forged lines, Trojan Source, icons, crit.
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
  // Junk candidates: "eyJ" and random base64url, as a hostile text holds thousands of.
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

let derSeeds: Uint8Array[] | undefined;

/** Real DER of every container key import reads: PKCS#8, PKCS#1, SEC1, SPKI (RSA, RSA-PSS, EC, Ed25519), X.509. */
function derSamples(): Uint8Array[] {
  if (!derSeeds) {
    const { rsa, p256, ed25519 } = testKeys();
    // node's typings list no parameters for 'rsa-pss'.
    const pssParameters: Record<string, unknown> = { hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 };
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048, ...pssParameters });
    const certificate = testCertificate().certificatePem.replace(/-----[A-Z ]+-----|\s+/g, '');
    derSeeds = [
      rsa.privateKey.export({ type: 'pkcs8', format: 'der' }),
      rsa.privateKey.export({ type: 'pkcs1', format: 'der' }),
      rsa.publicKey.export({ type: 'spki', format: 'der' }),
      rsa.publicKey.export({ type: 'pkcs1', format: 'der' }),
      p256.privateKey.export({ type: 'sec1', format: 'der' }),
      p256.privateKey.export({ type: 'pkcs8', format: 'der' }),
      p256.publicKey.export({ type: 'spki', format: 'der' }),
      ed25519.privateKey.export({ type: 'pkcs8', format: 'der' }),
      pss.privateKey.export({ type: 'pkcs8', format: 'der' }),
      pss.publicKey.export({ type: 'spki', format: 'der' }),
      Buffer.from(certificate, 'base64'),
    ].map((bytes) => new Uint8Array(bytes));
  }
  return derSeeds;
}

/** Random bytes; a real container with a bit flipped, cut short, a byte replaced or bytes inserted; hostile lengths; deep nesting. */
const derBytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc
    .tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 4 }), fc.uint8Array({ minLength: 1, maxLength: 8 }))
    .map(([which, at, kind, noise]) => {
      const samples = derSamples();
      const sample = samples[which % samples.length];
      const position = at % sample.length;
      const copy = Uint8Array.from(sample);
      switch (kind) {
        case 0:
          copy[position] ^= 1 << (at % 8);
          return copy;
        case 1:
          return sample.slice(0, position);
        case 2:
          copy[position] = noise[0];
          return copy;
        case 3:
          return Uint8Array.from([...sample.subarray(0, position), ...noise, ...sample.subarray(position)]);
        default:
          return Uint8Array.from([...sample, ...noise]);
      }
    }),
  // A tag with a long-form length claiming far more (or less) than follows.
  fc
    .tuple(
      fc.constantFrom(0x30, 0x02, 0x03, 0x04, 0x05, 0x06, 0xa0, 0xa1),
      fc.uint8Array({ maxLength: 6 }),
      fc.uint8Array({ maxLength: 40 }),
    )
    .map(([tag, length, body]) => Uint8Array.from([tag, 0x80 | length.length, ...length, ...body])),
  // SEQUENCEs nested thousands deep.
  fc.integer({ min: 1, max: 3000 }).map((depth) => Uint8Array.from({ length: depth * 2 }, (_, i) => (i % 2 === 0 ? 0x30 : 0x80))),
);

/** A wrapper's output: one SEQUENCE spanning all of it. */
function assertOneSequence(der: Uint8Array | undefined): void {
  if (der !== undefined) {
    const outer = derItem(der, 0);
    assert.deepEqual([outer?.tag, outer?.start !== undefined, outer?.end], [0x30, true, der.length]);
  }
}

const PEM_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PUBLIC KEY', 'RSA PUBLIC KEY', 'CERTIFICATE'];

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
    name: 'der',
    run: async (count) =>
      fc.assert(
        fc.property(derBytes, (der) => {
          for (const isPrivate of [true, false]) {
            const info = keyInfo(der, isPrivate);
            if (info) {
              assert.ok(info.algorithm.length > 0);
              assert.ok(info.curve === undefined || info.algorithm === 'ec', info.algorithm);
              assert.ok(info.pss === undefined || info.algorithm === 'rsa-pss', info.algorithm);
            }
            assertOneSequence(rsaPssAsRsa(der, isPrivate));
          }
          // Whatever went in, a wrapped container names the algorithm it was wrapped as.
          const pkcs8 = pkcs1PrivateToPkcs8(der);
          assertOneSequence(pkcs8);
          assert.ok(pkcs8 === undefined || keyInfo(pkcs8, true)?.algorithm === 'rsa');
          const spki = pkcs1PublicToSpki(der);
          assertOneSequence(spki);
          assert.ok(spki === undefined || keyInfo(spki, false)?.algorithm === 'rsa');
          const ec = sec1ToPkcs8(der);
          assertOneSequence(ec);
          assert.ok(ec === undefined || keyInfo(ec, true)?.algorithm === 'ec');
          assertOneSequence(certificateSpki(der));
        }),
        { seed: FUZZ_SEED, numRuns: count },
      ),
  },
  {
    name: 'pem',
    run: async (count) =>
      fc.assert(
        fc.asyncProperty(derBytes, fc.constantFrom(...PEM_LABELS), fc.boolean(), async (der, label, base64Wrapped) => {
          const body = Buffer.from(der).toString('base64');
          const pem = `-----BEGIN ${label}-----\n${(body.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;
          // As the Mux and FastPix APIs hand out keys: the whole PEM base64-encoded on one line.
          const result = await importKeyText(base64Wrapped ? Buffer.from(pem).toString('base64') : pem);
          if (result.ok) {
            assert.ok(result.keys.length > 0);
            for (const key of result.keys) {
              assert.ok(['RSA', 'EC', 'OKP', 'oct'].includes(key.type), key.type);
            }
          } else {
            assert.match(result.error.code, /^ERR_KEY_[A-Z_]+$/);
            assert.ok(result.error.message.length > 0);
            assert.ok(body.length < 24 || !result.error.message.includes(body.slice(0, 24)), 'the message quotes the key');
          }
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
