import * as assert from 'node:assert/strict';
import { decodeToken } from '../../../../src/core/token/decode';
import { escapeHtml, renderDecodedHtml } from '../../../../src/core/render/decodedHtml';
import { escapeMarkdown, fenced, inlineCode, renderHover } from '../../../../src/core/render/hoverMarkdown';
import { planResign } from '../../../../src/core/sign/resign';
import { LINT_RULES } from '../../../../src/core/judge/lint';
import { judge, lensTitle } from '../../../../src/core/judge/verdict';
import type { VerifyResult } from '../../../../src/core/judge/verify';
import { assemble } from '../../../support/tokens';

const NOW = 1_800_000_000;
const valid: VerifyResult = { status: 'valid', key: { id: '1', label: 'prod-key' }, kid: 'k', alg: 'RS256', message: '' };

describe('lensTitle', () => {
  const cases: Array<[string, string, VerifyResult | undefined, string]> = [
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

describe('renderHover', () => {
  it('leads with the expiry and signature lines before the claims', () => {
    const markdown = renderHover(
      judge(decodeToken(assemble({ alg: 'RS256', kid: 'k' }, { sub: 'x', exp: NOW + 860 })), valid, { now: NOW }),
      {},
      { now: NOW, timeZone: 'UTC' },
    );
    const lines = markdown.split('\n');
    assert.equal(lines[0], '**JWT RS256** · kid k');
    assert.match(lines[2], /^\$\(pass\) Expires in 14 min — 2027-01-15T08:14:20Z/);
    assert.equal(lines[3], '$(verified) signed by prod\\-key');
  });

  it('shows one icon per status line, never an icon and a symbol', () => {
    const noKey: VerifyResult = { status: 'no-key', kid: 'demo-hs256', alg: 'HS256', message: 'No stored key for kid demo-hs256.' };
    const markdown = renderHover(
      judge(decodeToken(assemble({ alg: 'HS256', kid: 'demo-hs256' }, { sub: 'x' })), noKey, { now: NOW }),
      {},
      { now: NOW },
    );
    assert.match(markdown, /^\$\(question\) no key for kid demo\\-hs256 — No stored key for kid demo\\-hs256\\\.$/m);
    assert.ok(!markdown.includes('$(question) ?'));
  });

  it('offers to trust an issuer with its name escaped: a hostile iss cannot add a link of its own', () => {
    const iss = 'https://evil.example/](command:jwtLens.deleteKey)[x';
    const token = decodeToken(assemble({ alg: 'RS256' }, { iss }));
    const noKey: VerifyResult = { status: 'no-key', alg: 'RS256', message: '' };
    const markdown = renderHover(
      judge(token, noKey, { now: NOW }),
      { trustIssuer: { issuer: iss, link: 'command:jwtLens.addTrustedIssuer?x' } },
      { now: NOW },
    );
    const line = markdown.split('\n').find((text) => text.includes('and fetch its keys?'));
    assert.equal(
      line,
      '[Trust https\\://evil\\.example/\\]\\(command\\:jwtLens\\.deleteKey\\)\\[x and fetch its keys?](command:jwtLens.addTrustedIssuer?x)',
    );
  });

  it('lists the checks by id when Problems shows their text, and spells them out only when it does not', () => {
    const verdict = judge(decodeToken(assemble({ alg: 'RS256', typ: 'xyz' }, { sub: 'x' })), valid, { now: NOW });
    assert.deepEqual(
      verdict.lints.map((lint) => lint.id),
      ['no-exp', 'unexpected-typ'],
    );
    const compact = renderHover(verdict, {}, { now: NOW, lintsInProblems: true });
    assert.ok(
      compact.includes(
        `$(warning) Checks: [no-exp](${LINT_RULES['no-exp'].spec}) · [unexpected-typ](${LINT_RULES['unexpected-typ'].spec}) (in Problems)`,
      ),
    );
    for (const lint of verdict.lints) {
      assert.ok(!compact.includes(escapeMarkdown(lint.message)), `the hover repeats "${lint.message}"`);
      assert.ok(!compact.includes(escapeMarkdown(LINT_RULES[lint.id].explanation)));
    }
    const full = renderHover(verdict, {}, { now: NOW, lintsInProblems: false });
    for (const lint of verdict.lints) {
      assert.ok(full.includes(escapeMarkdown(lint.message)), `the hover lacks "${lint.message}"`);
    }
    assert.ok(!full.includes('Checks:'));
  });

  it('offers "Add Key for kid X" first when the kid names no stored key, and Copy Signed URL when given', () => {
    const noKey: VerifyResult = { status: 'no-key', kid: 'demo-hs256', alg: 'HS256', message: '' };
    const token = decodeToken(assemble({ alg: 'HS256', kid: 'demo-hs256' }, { sub: 'x' }));
    const links = {
      addKey: 'command:jwtLens.addKey',
      openDecoded: 'command:jwtLens.openDecoded',
      copySignedUrl: 'command:jwtLens.copySignedUrl',
    };
    const markdown = renderHover(judge(token, noKey, { now: NOW }), links, { now: NOW });
    assert.match(
      markdown,
      /^\[Add Key for kid demo\\-hs256\]\(command:jwtLens\.addKey\) · \[Open Decoded\]\(command:jwtLens\.openDecoded\) · \[Copy Signed URL\]\(command:jwtLens\.copySignedUrl\)$/m,
    );
    assert.ok(
      !renderHover(judge(token, valid, { now: NOW }), links, { now: NOW }).includes('Add Key'),
      'no add-key link once the key verifies',
    );
  });

  it('escapes claims so they cannot add links, HTML or icons outside code blocks', () => {
    assert.equal(escapeMarkdown('[x](command:evil) <b> $(zap)'), '\\[x\\]\\(command\\:evil\\) &lt;b&gt; \\$\\(zap\\)');
    const markdown = renderHover(
      judge(decodeToken(assemble({ alg: 'HS256', kid: '[k](command:x)' }, { sub: 'a' })), undefined, { now: NOW }),
      {},
      { now: NOW },
    );
    assert.ok(!markdown.split('```')[0].includes('[k](command:x)'));
  });

  it('fences content with a fence longer than any backtick run in it', () => {
    assert.equal(fenced('a ```` b', 'json'), '`````json\na ```` b\n`````');
  });

  it('wraps inline code in more backticks than it holds, so a kid shows as it is', () => {
    assert.equal(inlineCode('ctx-kid'), '`ctx-kid`');
    assert.equal(inlineCode('a `b` c'), '`` a `b` c ``');
  });

  it('keeps inline code on one line: a kid with line breaks cannot end the code span and add links or images', () => {
    // The Keys view tooltip shows a stored key's kid this way, and "Add Key for kid" takes it from a token.
    const hostile = 'k\n\n[Update](https://evil.example/) ![x](https://evil.example/p.png)\r\n';
    const code = inlineCode(hostile);
    assert.doesNotMatch(code, /[\r\n]/);
    assert.equal(code, '`k\\u000A\\u000A[Update](https://evil.example/) ![x](https://evil.example/p.png)\\u000D\\u000A`');
  });

  it('folds a long payload and says how to see it all', () => {
    const payload = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`claim${i}`, i]));
    const markdown = renderHover(
      judge(decodeToken(assemble({ alg: 'HS256' }, payload)), undefined, { now: NOW }),
      {},
      { now: NOW, maxJsonLines: 10 },
    );
    assert.match(markdown, /… 92 more lines \(Open Decoded shows all\)/);
  });
});

describe('renderDecodedHtml', () => {
  it('loads its stylesheet from media/ under a CSP that allows no inline style or script', () => {
    const html = renderDecodedHtml(judge(decodeToken(assemble({ alg: 'HS256' }, { sub: 'x' })), undefined, { now: NOW }), {
      now: NOW,
      styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/decoded.css',
      cspSource: 'https://*.vscode-cdn.net',
    });
    assert.match(html, /content="default-src 'none'; style-src https:\/\/\*\.vscode-cdn\.net;"/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/media\/decoded\.css">/);
    assert.ok(!/<style|<script|style="/.test(html), 'no inline style or script');
  });

  it('escapes every piece of the token', () => {
    assert.equal(escapeHtml('<script>"&\''), '&lt;script&gt;&quot;&amp;&#39;');
    const html = renderDecodedHtml(
      judge(decodeToken(assemble({ alg: 'HS256' }, { name: '<script>alert(1)</script>' })), undefined, { now: NOW }),
      { now: NOW, styleUri: 'vscode-resource:/decoded.css', cspSource: 'vscode-resource:' },
    );
    assert.ok(!html.includes('<script>'));
    assert.match(html, /default-src 'none'/);
  });

  it('shows the signed URL with the token and the action links, escaped', () => {
    const url = 'https://stream.mux.com/abc.m3u8?token=a.b.c&x=<y>';
    const html = renderDecodedHtml(judge(decodeToken(assemble({ alg: 'RS256' }, { sub: 'abc', aud: 'v' })), undefined, { now: NOW }), {
      now: NOW,
      styleUri: 'vscode-resource:/decoded.css',
      cspSource: 'vscode-resource:',
      signedUrl: url,
      actions: [{ label: 'Add Key for kid <k>', href: 'command:jwtLens.addKey?%5B%7B%22kid%22%3A%22k%22%7D%5D' }],
    });
    assert.match(
      html,
      /<h2>Signed URL<\/h2><div class="token" id="signed-url">https:\/\/stream\.mux\.com\/abc\.m3u8\?token=a\.b\.c&amp;x=&lt;y&gt;<\/div>/,
    );
    assert.match(
      html,
      /<p class="actions"><a href="command:jwtLens\.addKey\?%5B%7B%22kid%22%3A%22k%22%7D%5D">Add Key for kid &lt;k&gt;<\/a><\/p>/,
    );
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
