// src/core/render/hoverMarkdown.ts: the hover's Markdown. Token content never becomes structure:
// no heading, link, HTML or icon of its own outside code blocks, and no invisible character.
import * as assert from 'node:assert/strict';
import { decodeToken } from '../../../../src/core/token/decode';
import { renderDecodedHtml } from '../../../../src/core/render/decodedHtml';
import { escapeMarkdown, fenced, inlineCode, renderHover } from '../../../../src/core/render/hoverMarkdown';
import { LINT_RULES } from '../../../../src/core/judge/lint';
import { judge, lensTitle } from '../../../../src/core/judge/verdict';
import type { SignatureCheck } from '../../../../src/core/judge/verify';
import { assemble } from '../../../support/tokens';

const NOW = 1_800_000_000;
const valid: SignatureCheck = { status: 'valid', key: { id: '1', label: 'prod-key' }, kid: 'k', alg: 'RS256', message: '' };

/** Markdown outside fenced code blocks: what the hover renders as structure. */
function outsideFences(markdown: string): string {
  return markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
}

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

  it('says unsigned once: the message alone, not the status words before it', () => {
    const unsigned: SignatureCheck = {
      status: 'unsigned',
      alg: 'none',
      message: 'Unsigned ("alg": "none"): anyone could have written it. Never accept it.',
    };
    const markdown = renderHover(judge(decodeToken(assemble({ alg: 'none' }, { sub: 'x' }, '')), unsigned, { now: NOW }), {}, { now: NOW });
    const lines = markdown.split('\n').filter((line) => /unsigned/i.test(line));
    assert.deepEqual(lines, ['$(warning) Unsigned \\(\\"alg\\"\\: \\"none\\"\\)\\: anyone could have written it\\. Never accept it\\.']);
  });

  it('says an issuer mismatch once: the message alone, not the status words before it', () => {
    const mismatch: SignatureCheck = {
      status: 'rejected',
      alg: 'RS256',
      words: 'issuer mismatch: signed by idp.example\'s key, but "iss" is "https://attacker.example/"',
      message:
        'Issuer mismatch: the signature is from idp.example\'s key for https://idp.example/, but "iss" is "https://attacker.example/". Do not accept it as idp.example\'s token.',
    };
    const token = decodeToken(assemble({ alg: 'RS256', kid: 'k' }, { iss: 'https://attacker.example/' }));
    const markdown = renderHover(judge(token, mismatch, { now: NOW }), {}, { now: NOW });
    const lines = markdown.split('\n').filter((line) => /mismatch/i.test(line));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /^\$\(error\) Issuer mismatch\\: the signature is from idp\\.example/);
  });

  it('shows the expiry time once where local time is UTC, and the local time beside it where it is not', () => {
    const verdict = judge(decodeToken(assemble({ alg: 'RS256', kid: 'k' }, { sub: 'x', exp: NOW + 860 })), valid, { now: NOW });
    const expiryLine = (timeZone: string) =>
      renderHover(verdict, {}, { now: NOW, timeZone })
        .split('\n')
        .find((line) => line.startsWith('$(pass) Expires'));
    assert.equal(expiryLine('UTC'), '$(pass) Expires in 14 min — 2027-01-15T08:14:20Z  ');
    assert.equal(expiryLine('Asia/Tokyo'), '$(pass) Expires in 14 min — 2027-01-15T08:14:20Z (2027\\-01\\-15 17\\:14\\:20 GMT\\+9)  ');
  });

  it('shows one icon per status line, never an icon and a symbol', () => {
    const noKey: SignatureCheck = { status: 'no-key', kid: 'demo-hs256', alg: 'HS256', message: 'No stored key for kid demo-hs256.' };
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
    const noKey: SignatureCheck = { status: 'no-key', alg: 'RS256', message: '' };
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
    const noKey: SignatureCheck = { status: 'no-key', kid: 'demo-hs256', alg: 'HS256', message: '' };
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

describe('hover: header and claim values are one line outside code blocks', () => {
  const forged = 'x\n\n# ✓ Signature valid: signed by prod-key';

  it('cannot forge a heading above the verdict with newlines in kid, typ or alg', () => {
    const token = decodeToken(assemble({ alg: `HS256\n\n# alg`, kid: forged, typ: `JWT\r\n# typ` }, { sub: forged, exp: NOW + 60 }));
    const markdown = renderHover(
      judge(token, { status: 'no-key', kid: forged, alg: 'HS256', message: `No stored key for kid ${forged}.` }, { now: NOW }),
      {},
      { now: NOW },
    );
    const lines = outsideFences(markdown).split('\n');
    assert.deepEqual(
      lines.filter((line) => /^\s*#/.test(line)),
      [],
    );
    assert.equal(
      lines[0],
      '**JWT HS256\\\\u000A\\\\u000A\\# alg** · typ JWT\\\\u000D\\\\u000A\\# typ · kid x\\\\u000A\\\\u000A\\# ✓ Signature valid\\: signed by prod\\-key',
    );
    assert.ok(
      lines.some((line) => line.startsWith('- `sub` \\"x\\\\n\\\\n\\# ✓ Signature valid')),
      markdown,
    );
  });

  it('shows Trojan Source characters as \\uXXXX in the hover, decoded view and CodeLens', () => {
    const token = decodeToken(assemble({ alg: 'HS256', kid: 'prod\u202Ekey' }, { sub: 'admin\u2066\u200B', exp: NOW + 60 }));
    const verdict = judge(
      token,
      { status: 'no-key', kid: 'prod\u202Ekey', alg: 'HS256', message: 'No stored key for kid prod\u202Ekey.' },
      { now: NOW },
    );
    const hidden = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/;
    const markdown = renderHover(verdict, {}, { now: NOW });
    const html = renderDecodedHtml(verdict, { now: NOW, styleUri: 'vscode-resource:/decoded.css', cspSource: 'c' });
    for (const shown of [markdown, html, lensTitle(verdict)]) {
      assert.doesNotMatch(shown, hidden);
    }
    assert.match(markdown, /kid prod\\\\u202Ekey/);
    assert.match(html, /&quot;sub&quot;: &quot;admin\\u2066\\u200B&quot;/);
    assert.equal(lensTitle(verdict), 'JWT HS256 · expires in 1 min · ? no key for kid prod\\u202Ekey');
  });
});

describe('hover: a missing kid named in the Add Key link stays one line', () => {
  const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it("the hover's Add Key link text is one line, its invisibles shown, its length capped", () => {
    const kid = `x\n\n\u202E# ✓ Signature valid: signed by prod-key${'y'.repeat(100)}`;
    const token = decodeToken(`${b64url({ alg: 'HS256', kid })}.${b64url({ sub: 'a' })}.c2ln`);
    const verify = { status: 'no-key' as const, kid, alg: 'HS256', message: 'No stored key for this kid.' };
    const markdown = renderHover(judge(token, verify, { now: NOW }), { addKey: 'command:jwtLens.addKey' }, { now: NOW });
    const link = markdown.split('\n').find((line) => line.includes('](command:jwtLens.addKey)'))!;
    assert.ok(link, markdown);
    assert.ok(!link.includes('\u202E'), 'no raw bidi control');
    assert.match(link, /\\u202E/);
    assert.ok(link.length < 120, link);
  });
});
