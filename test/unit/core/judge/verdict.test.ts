// src/core/judge/verdict.ts: the judgement of one token (judge) and the words every surface shows for
// it (lensTitle, urgency, isProblem). A header or payload that breaks JSON.stringify or throws on
// read spoils only its own token's verdict.
import * as assert from 'node:assert/strict';
import { decodeToken, type DecodedToken } from '../../../../src/core/token/decode';
import { renderDecodedHtml } from '../../../../src/core/render/decodedHtml';
import { renderHover } from '../../../../src/core/render/hoverMarkdown';
import { isProblem, judge, lensTitle, urgency } from '../../../../src/core/judge/verdict';
import type { SignatureCheck } from '../../../../src/core/judge/verify';
import { assemble, b64 } from '../../../support/tokens';

const NOW = 1_800_000_000;
const valid: SignatureCheck = { status: 'valid', key: { id: '1', label: 'prod-key' }, kid: 'k', alg: 'RS256', message: '' };

/** A header whose typ is an array nested `depth` deep: JSON.parse reads it, JSON.stringify overflows. */
function poisonToken(depth = 10_000): string {
  const header = `{"alg":"HS256","typ":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  return `${b64(header)}.${b64({ sub: 'x', exp: NOW - 60 })}.c2ln`;
}

describe('judge: each token in isolation', () => {
  it('judges a token whose typ is nested 10,000 deep without throwing, and lints it', () => {
    const verdict = judge(decodeToken(poisonToken()), undefined, { now: NOW });
    assert.equal(verdict.unjudged, undefined);
    assert.equal(verdict.time.state, 'expired');
    assert.deepEqual(verdict.lints.find((lint) => lint.id === 'unexpected-typ')?.message, '"typ" is an array, not JWT or at+jwt.');
  });

  it("renders the poison token's hover, decoded view and CodeLens title without throwing", () => {
    const verdict = judge(decodeToken(poisonToken()), undefined, { now: NOW });
    assert.match(renderHover(verdict, {}, { now: NOW }), /\(too deeply nested to show\)/);
    assert.match(
      renderDecodedHtml(verdict, { now: NOW, styleUri: 'vscode-resource:/decoded.css', cspSource: 'c' }),
      /\(too deeply nested to show\)/,
    );
    assert.equal(lensTitle(verdict), 'JWT HS256 · expired 1 min ago · verifying…');
  });

  it('turns a failure while judging into that token\'s "could not be judged" verdict', () => {
    const base = decodeToken(assemble({ alg: 'HS256' }, { sub: 'x' }));
    const payload = { ...base.payload };
    Object.defineProperty(payload, 'exp', {
      enumerable: true,
      get: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    });
    const token: DecodedToken = { ...base, payload };
    const verdict = judge(token, undefined, { now: NOW });
    assert.equal(verdict.unjudged, 'Maximum call stack size exceeded');
    assert.equal(lensTitle(verdict), 'JWT HS256 · ✗ could not be judged');
    assert.equal(isProblem(verdict), true);
    assert.equal(urgency(verdict, 300), 'bad');
    // This payload throws on every read, so even the hover cannot render it: it says so instead.
    assert.equal(
      renderHover(verdict, {}, { now: NOW }),
      '**JWT Lens** · ✗ this token could not be shown: Maximum call stack size exceeded',
    );
  });

  it('a JWE whose enc is an array nested thousands deep gets a CodeLens title, not a stack overflow', () => {
    const header = `{"alg":"RSA-OAEP","enc":${'['.repeat(10_000)}"A256GCM"${']'.repeat(10_000)}}`;
    const token = decodeToken(`${Buffer.from(header).toString('base64url')}.a.b.c.d`, 1_000_000);
    assert.equal(token.kind, 'jwe');
    assert.equal(lensTitle(judge(token, undefined, { now: NOW })), 'JWE RSA-OAEP an array · 🔒 encrypted');
  });
});

describe('CodeLens titles and labels: no icons or padding from token content', () => {
  it('escapes $( and caps the kid so the real status stays in view', () => {
    const kid = `x${'\u00A0'.repeat(900)}$(verified) signed by prod-key`;
    const token = decodeToken(assemble({ alg: '$(pass)HS256', kid }, { exp: NOW - 60 }));
    const title = lensTitle(judge(token, { status: 'no-key', kid, alg: 'HS256', message: '' }, { now: NOW }));
    assert.doesNotMatch(title.replace(/\\\$\(/g, ''), /\$\(/);
    assert.ok(title.length <= 110, `${title.length}: ${title}`);
    assert.match(title, /^JWT \\\$\(pass\)HS256 · expired 1 min ago · \? no key for kid x\u00A0+…$/);
  });

  it("escapes $( in a malformed token's error text", () => {
    const title = lensTitle(judge(decodeToken(`${b64({ alg: '$(x)' })}.${b64('{$(verified) not json')}.c2ln`), undefined, { now: NOW }));
    assert.equal(title.startsWith('JWT \\$(x) · ✗ malformed: Payload is not valid JSON'), true, title);
  });
});

describe('lensTitle', () => {
  const cases: Array<[string, string, SignatureCheck | undefined, string]> = [
    ['valid', assemble({ alg: 'RS256' }, { exp: NOW + 860 }), valid, 'JWT RS256 · expires in 14 min · ✓ signed by prod-key'],
    ['expired', assemble({ alg: 'RS256' }, { exp: NOW - 3 * 86400 }), valid, 'JWT RS256 · expired 3 days ago · ✓ signed by prod-key'],
    [
      'bad signature',
      assemble({ alg: 'RS256' }, { exp: NOW + 60 }),
      { status: 'invalid-signature', message: '' },
      'JWT RS256 · expires in 1 min · ✗ bad signature',
    ],
    [
      'unknown kid',
      assemble({ alg: 'ES256', kid: 'abc' }, {}),
      { status: 'no-key', kid: 'abc', message: '' },
      'JWT ES256 · no expiry · ? no key for kid abc',
    ],
    [
      'unsigned',
      assemble({ alg: 'none' }, { exp: NOW + 60 }, ''),
      { status: 'unsigned', message: '' },
      'JWT none · expires in 1 min · ⚠ unsigned',
    ],
    ['not verified yet', assemble({ alg: 'HS256' }, { exp: NOW + 60 }), undefined, 'JWT HS256 · expires in 1 min · verifying…'],
  ];
  for (const [name, token, verify, title] of cases) {
    it(`reads "${title}" for a ${name} token`, () => {
      assert.equal(lensTitle(judge(decodeToken(token), verify, { now: NOW })), title);
    });
  }

  it('reads an encrypted JWE with its algorithms', () => {
    const jwe = `${Buffer.from('{"alg":"dir","enc":"A128GCM"}').toString('base64url')}..aXY.Y2lwaGVy.dGFn`;
    assert.equal(lensTitle(judge(decodeToken(jwe), { status: 'encrypted', message: '' }, { now: NOW })), 'JWE dir A128GCM · 🔒 encrypted');
  });
});
