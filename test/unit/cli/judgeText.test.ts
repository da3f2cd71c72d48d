// src/cli/judgeText.ts: each token in a text placed by line and column and judged as the extension
// judges it, with the keys given and the levels set.
import * as assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { judgeText, Verifier } from '../../../src/cli/judgeText';
import { loadSettings } from '../../../src/cli/configFile';
import { tokenFindings } from '../../../src/core/judge/findings';
import { judge } from '../../../src/core/judge/verdict';
import { assemble, decoded, signWith, verificationKey } from '../../support/tokens';

const NOW = 1_800_000_000;
const SECRET = 'cli-unit-secret-0123456789abcdef-0123456789';

describe('CLI judging', () => {
  it('places each token by line and column and judges it as the extension does', async () => {
    const expired = assemble({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', iat: NOW - 7200, exp: NOW - 3600 });
    const unsigned = `${assemble({ alg: 'none' }, { sub: 'b', iat: NOW, exp: NOW + 600 }, '')}`;
    const text = `first line\n  token: ${expired}\n\n😀 x=${unsigned} end\n`;
    const settings = loadSettings(undefined, [], tmpdir());
    const report = await judgeText(text, settings, new Verifier([]), NOW);
    assert.deepEqual(
      report.tokens.map((token) => [
        token.line,
        token.column,
        token.endColumn - token.column,
        token.title,
        token.findings.map((f) => `${f.level}:${f.code}`),
      ]),
      [
        [2, 10, expired.length, 'JWT HS256 · expired 1 h ago · ? no key for HS256', ['warning:expired']],
        [4, 6, unsigned.length, 'JWT none · expires in 10 min · ⚠ unsigned', ['warning:unsigned']],
      ],
    );
    // The same findings the extension's diagnostics get.
    const verdict = judge(decoded(expired), { status: 'no-key', alg: 'HS256', message: '' }, { now: NOW });
    assert.deepEqual(report.tokens[0].findings, tokenFindings(verdict, settings.diagnostics));
  });

  it('verifies with the keys given and applies per-code levels', async () => {
    const token = await signWith(SECRET, { sub: 'a', iat: NOW, exp: NOW + 600 }, 'HS256', { kid: 'unit' });
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.AAAA${token.slice(token.lastIndexOf('.') + 5)}`;
    const verifier = new Verifier([await verificationKey(SECRET, 'unit.secret', 'unit')]);
    const settings = loadSettings(undefined, ['unexpected-typ=off'], tmpdir());
    const report = await judgeText(`${token}\n${forged}\n`, settings, verifier, NOW);
    assert.deepEqual(
      report.tokens.map((entry) => [entry.signature, entry.findings.map((f) => `${f.level}:${f.code}`)]),
      [
        ['valid', ['error:live-token']],
        ['invalid-signature', ['error:live-token', 'error:invalid-signature']],
      ],
    );
  });
});
