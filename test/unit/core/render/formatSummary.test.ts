import * as assert from 'node:assert/strict';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { decodeToken } from '../../../../src/core/token/decode';
import { verifyToken, type VerificationKey } from '../../../../src/core/judge/verify';
import { judge, type Verdict } from '../../../../src/core/judge/verdict';
import { renderHover } from '../../../../src/core/render/hoverMarkdown';
import { renderDecodedHtml } from '../../../../src/core/render/decodedHtml';
import { dpopSummary, formatTextLines, sdJwtSummary } from '../../../../src/core/render/formatSummary';
import { sha256Text } from '../../../../src/core/text/sha256';
import { ISSUER_PUBLIC_JWK, PRESENTATION_KB } from '../../../support/rfc9901';
import { RESOURCE_REQUEST } from '../../../support/rfc9449';
import { decodeMatch, scanTokens } from '../../../../src/core/token/scan';
import { b64 } from '../../../support/tokens';

const NOW = 1_800_000_000;
const issuer: VerificationKey = { id: 'i', label: 'issuer', type: 'EC', verifyKey: ISSUER_PUBLIC_JWK, verifyAlgorithms: ['ES256'] };
const htmlOptions = { now: NOW, styleUri: 'style.css', cspSource: 'vscode-resource:' };

async function judged(text: string, keys: readonly VerificationKey[] = [issuer], now = NOW): Promise<Verdict> {
  const decoded = decodeToken(text);
  return judge(decoded, await verifyToken(decoded, keys), { now });
}

describe('SD-JWT and DPoP summaries and renderings', () => {
  it('summarises an SD-JWT+KB as plain JSON: each disclosure with salt and place, the claims, the key binding', async () => {
    const summary = sdJwtSummary(await judged(PRESENTATION_KB));
    assert.deepEqual(summary?.disclosures[0], {
      index: 1,
      salt: 'eluV5Og3gSNII8EYnsxA_A',
      name: 'family_name',
      value: 'Doe',
      digest: 'TGf4oLbgwd5JQaHyKVQZU9UdGE0w5rtDsrZzfUaomLo',
      path: 'family_name',
      error: undefined,
    });
    assert.deepEqual(summary?.disclosures[3].path, 'nationalities[0]');
    assert.deepEqual(JSON.parse(JSON.stringify(summary?.keyBinding)), {
      signature: 'valid',
      message: 'Signed with the holder key in cnf.jwk.',
      sdHash: 'match',
      iat: 1748537243,
      aud: 'https://verifier.example.org',
      nonce: '1234567890',
    });
    assert.equal(sdJwtSummary(await judged(RESOURCE_REQUEST.split('DPoP: ')[1].trim(), [], 1562262648)), undefined);
  });

  it('summarises a DPoP proof and the access token beside it', async () => {
    const decoded = decodeMatch(scanTokens(RESOURCE_REQUEST).tokens[0]);
    const verdict = judge(decoded, await verifyToken(decoded, []), { now: 1562262648 });
    assert.deepEqual(dpopSummary(verdict), {
      thumbprint: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I',
      htm: 'GET',
      htu: 'https://resource.example.org/protectedresource',
      iat: 1562262618,
      jti: 'e1j3V_bKic8-LAEB',
      accessToken: { ath: 'match', jkt: 'opaque' },
    });
    assert.deepEqual(formatTextLines(verdict), [
      'Checked with its own "jwk" key: it proves possession of that key, not that anyone you trust sent it.',
      'Request: GET https://resource.example.org/protectedresource · jti e1j3V_bKic8-LAEB · key thumbprint 0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I',
      'Access token beside it: ath matches its SHA-256; it is opaque (no cnf.jkt to compare).',
    ]);
  });

  it('renders the decoded view of an SD-JWT+KB: parts after "~", key binding, disclosures, claims a verifier sees', async () => {
    const html = renderDecodedHtml(await judged(PRESENTATION_KB), htmlOptions);
    assert.match(html, /<h1>SD-JWT ES256<\/h1>/);
    assert.equal((html.match(/<span class="part disclosure">/g) ?? []).length, 4);
    assert.match(html, /<span class="part key-binding">eyJhbGciOiAiRVMyNTYiLCAidHlwIjogImtiK2p3dCJ9\./);
    assert.match(
      html,
      /<span class="pill ok">✓ signed with the holder key \(cnf\.jwk\)<\/span><span class="pill ok">sd_hash covers this presentation<\/span>/,
    );
    assert.match(
      html,
      /<tr><td>4<\/td><td>\(array element\)<\/td><td>&quot;US&quot;<\/td><td>lklxF5jMYlGTPUovMNIvCA<\/td><td>pFndjkZ_VCzmyTa6UjlZo3dh-ko8aIKQc9DlGzhaVYo<\/td><td>nationalities\[0\]<\/td><\/tr>/,
    );
    assert.match(html, /<h2>Claims a verifier sees<\/h2><div id="sd-claims"><pre class="json">\{\n {2}&quot;iss&quot;/);
    assert.match(html, /<h2>Issuer-signed payload<\/h2>/);
  });

  it('renders the decoded view of a DPoP proof: its own key, never "signed by"', async () => {
    const decoded = decodeMatch(scanTokens(RESOURCE_REQUEST).tokens[0]);
    const html = renderDecodedHtml(judge(decoded, await verifyToken(decoded, []), { now: 1562262648 }), htmlOptions);
    assert.match(html, /<h1>DPoP proof ES256<\/h1>/);
    assert.match(html, /<span class="pill ok" id="signature">✓ proof of possession of this key<\/span>/);
    assert.match(
      html,
      /<p class="ok" id="dpop-binding">Access token beside it: ath matches its SHA-256; it is opaque \(no cnf\.jkt to compare\)\.<\/p>/,
    );
    assert.doesNotMatch(html, /signed by/);
  });

  it('keeps hostile disclosure names and values as text in the hover and the decoded view', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const disclosure = b64([
      's',
      'x`y[a](command:jwtLens.deleteKey)',
      '<img src=x onerror=alert(1)>\n\n[b](command:workbench.action.quit)',
    ]);
    const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify({ _sd: [sha256Text(disclosure)], exp: NOW + 60 })))
      .setProtectedHeader({ alg: 'ES256', typ: 'dc+sd-jwt' })
      .sign(privateKey);
    const key: VerificationKey = { id: 'k', label: 'k', type: 'EC', verifyKey: await exportJWK(publicKey), verifyAlgorithms: ['ES256'] };
    const verdict = await judged(`${jwt}~${disclosure}~`, [key]);
    const hover = renderHover(verdict, {}, { now: NOW });
    const outside = hover.replace(/^(`{3,})json\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^`][\s\S]*?\1/g, '');
    assert.doesNotMatch(outside, /\]\(command:/, 'no command link outside code');
    assert.doesNotMatch(outside, /<img/);
    const html = renderDecodedHtml(verdict, htmlOptions);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});
