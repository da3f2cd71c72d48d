// src/core/render/decodedHtml.ts: the decoded view's HTML, under a CSP with no inline style or script,
// every piece of the token escaped.
import * as assert from 'node:assert/strict';
import { decodeToken } from '../../../../src/core/token/decode';
import { escapeHtml, renderDecodedHtml } from '../../../../src/core/render/decodedHtml';
import { judge } from '../../../../src/core/judge/verdict';
import { assemble } from '../../../support/tokens';

const NOW = 1_800_000_000;

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
