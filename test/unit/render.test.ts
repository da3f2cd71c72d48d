import * as assert from 'node:assert/strict';
import { decodeToken } from '../../src/core/decode';
import { escapeHtml, renderDecodedHtml } from '../../src/core/decodedHtml';
import { escapeMarkdown, fenced, renderHover } from '../../src/core/render';
import { planResign } from '../../src/core/resign';
import { judge, lensTitle } from '../../src/core/verdict';
import type { VerifyResult } from '../../src/core/verify';
import { assemble } from '../support/tokens';

const NOW = 1_800_000_000;
const valid: VerifyResult = { status: 'valid', key: { id: '1', label: 'prod-key' }, kid: 'k', alg: 'RS256', message: '' };

describe('lensTitle', () => {
  const cases: Array<[string, string, VerifyResult | undefined, string]> = [
    ['valid', assemble({ alg: 'RS256' }, { exp: NOW + 860 }), valid, 'JWT RS256 · expires in 14 min · ✓ signed by prod-key'],
    ['expired', assemble({ alg: 'RS256' }, { exp: NOW - 3 * 86400 }), valid, 'JWT RS256 · expired 3 days ago · ✓ signed by prod-key'],
    ['bad signature', assemble({ alg: 'RS256' }, { exp: NOW + 60 }), { status: 'invalid-signature', message: '' }, 'JWT RS256 · expires in 1 min · ✗ bad signature'],
    ['unknown kid', assemble({ alg: 'ES256', kid: 'abc' }, {}), { status: 'no-key', kid: 'abc', message: '' }, 'JWT ES256 · no expiry · ? no key for kid abc'],
    ['unsigned', assemble({ alg: 'none' }, { exp: NOW + 60 }, ''), { status: 'unsigned', message: '' }, 'JWT none · expires in 1 min · ⚠ unsigned'],
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

describe('renderHover', () => {
  it('leads with the expiry and signature lines before the claims', () => {
    const markdown = renderHover(judge(decodeToken(assemble({ alg: 'RS256', kid: 'k' }, { sub: 'x', exp: NOW + 860 })), valid, { now: NOW }), {}, { now: NOW, timeZone: 'UTC' });
    const lines = markdown.split('\n');
    assert.equal(lines[0], '**JWT RS256** · kid k');
    assert.match(lines[2], /^\$\(pass\) Expires in 14 min — 2027-01-15T08:14:20Z/);
    assert.equal(lines[3], '$(verified) ✓ signed by prod\\-key');
  });

  it('escapes claims so they cannot add links, HTML or icons outside code blocks', () => {
    assert.equal(escapeMarkdown('[x](command:evil) <b> $(zap)'), '\\[x\\]\\(command\\:evil\\) &lt;b&gt; \\$\\(zap\\)');
    const markdown = renderHover(judge(decodeToken(assemble({ alg: 'HS256', kid: '[k](command:x)' }, { sub: 'a' })), undefined, { now: NOW }), {}, { now: NOW });
    assert.ok(!markdown.split('```')[0].includes('[k](command:x)'));
  });

  it('fences content with a fence longer than any backtick run in it', () => {
    assert.equal(fenced('a ```` b', 'json'), '`````json\na ```` b\n`````');
  });

  it('folds a long payload and says how to see it all', () => {
    const payload = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`claim${i}`, i]));
    const markdown = renderHover(judge(decodeToken(assemble({ alg: 'HS256' }, payload)), undefined, { now: NOW }), {}, { now: NOW, maxJsonLines: 10 });
    assert.match(markdown, /… 92 more lines \(Open Decoded shows all\)/);
  });
});

describe('renderDecodedHtml', () => {
  it('escapes every piece of the token', () => {
    assert.equal(escapeHtml('<script>"&\''), '&lt;script&gt;&quot;&amp;&#39;');
    const html = renderDecodedHtml(judge(decodeToken(assemble({ alg: 'HS256' }, { name: '<script>alert(1)</script>' })), undefined, { now: NOW }), { now: NOW, nonce: 'n', cspSource: 'vscode-resource:' });
    assert.ok(!html.includes('<script>'));
    assert.match(html, /default-src 'none'/);
  });
});

describe('planResign', () => {
  it('keeps every claim, sets iat to now and exp to now plus the original lifetime', () => {
    const token = decodeToken(assemble({ alg: 'RS256', typ: 'JWT', kid: 'k' }, { sub: 'p', aud: 'v', iat: NOW - 3600, exp: NOW - 600 }));
    const plan = planResign(token, NOW)!;
    assert.deepEqual(plan.payload, { sub: 'p', aud: 'v', iat: NOW, exp: NOW + 3000 });
    assert.deepEqual([plan.alg, plan.kid, plan.kidIn, plan.header], ['RS256', 'k', 'header', { typ: 'JWT' }]);
  });

  it('keeps a kid in the payload where it was (Mux), and takes a chosen lifetime', () => {
    const plan = planResign(decodeToken(assemble({ alg: 'RS256' }, { sub: 'p', kid: 'mux', exp: NOW - 1 })), NOW, 900)!;
    assert.deepEqual([plan.kid, plan.kidIn, plan.payload.exp], ['mux', 'payload', NOW + 900]);
  });

  it('refuses unsigned, encrypted and malformed tokens', () => {
    assert.equal(planResign(decodeToken(assemble({ alg: 'none' }, {}, '')), NOW), undefined);
    assert.equal(planResign(decodeToken(assemble({ alg: 'HS256' }, 'x')), NOW), undefined);
  });
});
