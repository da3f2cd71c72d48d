// Nested JWTs (RFC 7519 §5.2, cty "JWT"): the inner token is decoded, verified and judged on its own,
// and shown under the outer one.
import * as assert from 'node:assert/strict';
import { CompactSign, importPKCS8 } from 'jose';
import { decodeToken } from '../../../../src/core/token/decode';
import { renderDecodedHtml } from '../../../../src/core/render/decodedHtml';
import { renderHover } from '../../../../src/core/render/hoverMarkdown';
import { judge, lensTitle, urgency } from '../../../../src/core/judge/verdict';
import { verifyToken, type VerificationKey } from '../../../../src/core/judge/verify';
import { testKeys } from '../../../support/keys';
import { signWith, verificationKey } from '../../../support/tokens';

const NOW = Math.floor(Date.now() / 1000);

/** An RS256 JWS around `inner` with cty "JWT", as a nested JWT's issuer writes it. */
async function wrap(inner: string, header: Record<string, unknown> = { cty: 'JWT' }): Promise<string> {
  const key = await importPKCS8(testKeys().rsaPkcs8Pem, 'RS256');
  return new CompactSign(new TextEncoder().encode(inner)).setProtectedHeader({ alg: 'RS256', kid: 'outer', ...header }).sign(key);
}

describe('nested JWT (cty "JWT")', () => {
  let outerKey: VerificationKey;
  let innerKey: VerificationKey;
  let inner: string;
  let nested: string;
  before(async () => {
    outerKey = await verificationKey(testKeys().rsaSpkiPem, 'outer-rsa', 'outer');
    innerKey = await verificationKey(testKeys().hmac64, 'inner-hs', 'inner');
    inner = await signWith(testKeys().hmac64, { sub: 'user-42', exp: NOW + 600 }, 'HS256', { kid: 'inner' });
    nested = await wrap(inner);
  });

  it('decodes the inner token under the outer one', () => {
    const token = decodeToken(nested);
    assert.deepEqual([token.error, token.payload, token.notJwt], [undefined, undefined, 'nested JWT (cty "JWT")']);
    assert.deepEqual([token.nested?.header?.alg, token.nested?.payload?.sub], ['HS256', 'user-42']);
  });

  it('accepts cty in any case, and leaves a text payload without cty as text', async () => {
    assert.equal(decodeToken(await wrap(inner, { cty: 'jwt' })).nested?.payload?.sub, 'user-42');
    const plain = decodeToken(await wrap(inner, {}));
    assert.deepEqual([plain.nested, plain.notJwt], [undefined, 'not a JWT (payload is not JSON)']);
  });

  it('verifies both signatures, each with its own key', async () => {
    const both = await verifyToken(decodeToken(nested), [outerKey, innerKey]);
    assert.deepEqual(
      [both.status, both.key?.label, both.nested?.status, both.nested?.key?.label],
      ['valid', 'outer-rsa', 'valid', 'inner-hs'],
    );
    const outerOnly = await verifyToken(decodeToken(nested), [outerKey]);
    assert.deepEqual([outerOnly.status, outerOnly.nested?.status, outerOnly.nested?.kid], ['valid', 'no-key', 'inner']);
  });

  it('judges the inner token: its times are the token’s, and a bad inner signature makes the whole bad', async () => {
    const verdict = judge(decodeToken(nested), await verifyToken(decodeToken(nested), [outerKey, innerKey]), { now: NOW });
    assert.equal(lensTitle(verdict), 'JWT RS256 › HS256 · expires in 10 min · ✓ signed by outer-rsa · inner ✓ signed by inner-hs');
    assert.equal(urgency(verdict, 60), 'ok');
    const [h, p] = inner.split('.');
    const forgedInner = await wrap(`${h}.${p}.${'A'.repeat(43)}`);
    const forged = judge(decodeToken(forgedInner), await verifyToken(decodeToken(forgedInner), [outerKey, innerKey]), { now: NOW });
    assert.equal(forged.signature?.status, 'valid');
    assert.equal(forged.nested?.signature?.status, 'invalid-signature');
    assert.equal(urgency(forged, 60), 'bad');
    const expiredInner = await wrap(await signWith(testKeys().hmac64, { sub: 'x', exp: NOW - 60 }, 'HS256', { kid: 'inner' }));
    assert.equal(urgency(judge(decodeToken(expiredInner), undefined, { now: NOW }), 60), 'expired');
  });

  it('shows the inner token in the hover and the decoded view, escaped', async () => {
    const verdict = judge(decodeToken(nested), await verifyToken(decodeToken(nested), [outerKey, innerKey]), { now: NOW });
    const markdown = renderHover(verdict, {}, { now: NOW });
    const nestedAt = markdown.indexOf('**Nested token** (cty "JWT")');
    assert.ok(nestedAt > 0, markdown);
    assert.match(markdown.slice(nestedAt), /\*\*JWT HS256\*\* · typ JWT · kid inner\n\n\$\(pass\) Expires in 10 min/);
    assert.match(markdown.slice(nestedAt), /\$\(verified\) signed by inner\\-hs/);
    const html = renderDecodedHtml(verdict, { now: NOW, styleUri: 'x', cspSource: 'y' });
    assert.match(html, /<section id="nested"><h2>Nested token \(cty &quot;JWT&quot;\)<\/h2>/);
    assert.match(html, /✓ signed by inner-hs/);
    assert.match(html, /&quot;sub&quot;: &quot;user-42&quot;/);
  });

  it("spells out the inner token's checks in the hover: Problems lists only the outer token's", async () => {
    const noExp = await wrap(await signWith(testKeys().hmac64, { sub: 'forever' }, 'HS256', { kid: 'inner' }));
    const markdown = renderHover(judge(decodeToken(noExp), undefined, { now: NOW }), {}, { now: NOW, lintsInProblems: true });
    assert.match(markdown, /\$\(warning\) No \\"exp\\"\\: it never expires\\\./);
  });

  it('stops decoding after three levels of nesting: deeper tokens stay text', async () => {
    let token = inner;
    for (let level = 0; level < 5; level++) {
      token = await wrap(token);
    }
    let decoded = decodeToken(token);
    let depth = 0;
    while (decoded.nested) {
      decoded = decoded.nested;
      depth++;
    }
    assert.equal(depth, 3);
    assert.equal(decoded.notJwt, 'not a JWT (payload is not JSON)');
  });
});
