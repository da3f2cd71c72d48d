import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCertificate, readX5c } from '../../../../src/core/text/x509';
import { decodeToken } from '../../../../src/core/token/decode';
import { verifyToken } from '../../../../src/core/judge/verify';
import { judge } from '../../../../src/core/judge/verdict';
import { tokenFindings } from '../../../../src/core/judge/findings';
import { DIAGNOSTIC_DEFAULTS } from '../../../../src/core/judge/judgingSettings';
import { renderHover } from '../../../../src/core/render/hoverMarkdown';
import { renderDecodedHtml } from '../../../../src/core/render/decodedHtml';
import { REPO_ROOT } from '../../../support/repoRoot';
import { b64 } from '../../../support/tokens';

/** Certificates made with openssl for these tests only: a CA and a leaf it signed, with alternative names. */
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
const pemBody = (file: string) =>
  fs
    .readFileSync(path.join(FIXTURES, file), 'utf8')
    .replace(/-----[^-]+-----/g, '')
    .replace(/\s+/g, '');
const leafBase64 = pemBody('x5c-leaf.pem');
const caBase64 = pemBody('x5c-ca.pem');
const leafNode = new X509Certificate(Buffer.from(leafBase64, 'base64'));
const notAfter = Date.parse(leafNode.validTo) / 1000;

describe('x5c: a header certificate chain, read for display', () => {
  it('reads subject, issuer, validity, alternative names and thumbprint as node does', () => {
    const leaf = readCertificate(Buffer.from(leafBase64, 'base64'))!;
    assert.deepEqual(leaf, {
      subject: 'CN=wallet.example, O=Example Wallet, C=DE',
      issuer: 'CN=Example Wallet Test CA, O=Example Wallet Test CA, C=DE',
      notBefore: Date.parse(leafNode.validFrom) / 1000,
      notAfter,
      altNames: ['DNS:wallet.example', 'DNS:*.wallet.example', 'IP:127.0.0.1', 'URI:https://wallet.example/id', 'email:ops@wallet.example'],
      thumbprint: Buffer.from(leafNode.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url'),
    });
  });

  it('reads each entry of a chain, leaf first, and marks one that is not a certificate', () => {
    const chain = readX5c([leafBase64, caBase64, 'bm90IGEgY2VydGlmaWNhdGU=', 42]);
    assert.deepEqual(
      chain?.map((certificate) => certificate?.subject),
      ['CN=wallet.example, O=Example Wallet, C=DE', 'CN=Example Wallet Test CA, O=Example Wallet Test CA, C=DE', undefined, undefined],
    );
    assert.equal(readX5c('not a list'), undefined);
  });

  const token = `${b64({ alg: 'ES256', x5c: [leafBase64, caBase64] })}.${b64({ sub: 'x', exp: notAfter + 86400 * 365 })}.c2ln`;

  it('flags an expired leaf, and never verifies with the chain: the signature stays "no key"', async () => {
    const decoded = decodeToken(token);
    const verify = await verifyToken(decoded, []);
    assert.equal(verify.status, 'no-key');
    const later = judge(decoded, verify, { now: notAfter + 3 * 86400 });
    assert.deepEqual(
      tokenFindings(later, DIAGNOSTIC_DEFAULTS)
        .filter((finding) => finding.code.startsWith('x5c'))
        .map((finding) => [finding.code, finding.level, finding.message]),
      [
        [
          'x5c-leaf-validity',
          'warning',
          'The x5c leaf certificate (CN=wallet.example, O=Example Wallet, C=DE) expired 3 days ago. A verifier that uses the x5c chain rejects a leaf outside its validity; JWT Lens shows x5c, never trusts it (RFC 5280 §4.1.2.5).',
        ],
      ],
    );
    const valid = judge(decoded, verify, { now: notAfter - 86400 });
    assert.deepEqual(
      valid.lints.filter((lint) => lint.id === 'x5c-leaf-validity'),
      [],
    );
  });

  it('shows the chain in the hover and the decoded view, and says it is not trusted', async () => {
    const decoded = decodeToken(token);
    const verdict = judge(decoded, await verifyToken(decoded, []), { now: notAfter + 3 * 86400 });
    const hover = renderHover(verdict, {}, { now: notAfter + 3 * 86400 });
    assert.match(
      hover,
      /\*\*Certificate chain \(x5c\)\*\* — Shown only\\: JWT Lens never verifies with a certificate the token carries, as anyone can put one there\\\./,
    );
    assert.match(
      hover,
      /- leaf: `CN=wallet\.example, O=Example Wallet, C=DE`, issued by `CN=Example Wallet Test CA, O=Example Wallet Test CA, C=DE` · \$\(error\) expired 3 days ago · `DNS:wallet\.example, DNS:\*\.wallet\.example, IP:127\.0\.0\.1, URI:https:\/\/wallet\.example\/id, email:ops@wallet\.example` · SHA-256 `[A-Za-z0-9_-]{43}`/,
    );
    assert.match(hover, /- 2: `CN=Example Wallet Test CA, O=Example Wallet Test CA, C=DE`/);
    const html = renderDecodedHtml(verdict, { now: notAfter + 3 * 86400, styleUri: 's.css', cspSource: 'vscode-resource:' });
    assert.match(
      html,
      /<section id="x5c"><h2>Certificate chain \(x5c\)<\/h2><p class="muted">Shown only: JWT Lens never verifies with a certificate the token carries, as anyone can put one there\.<\/p>/,
    );
    assert.match(html, /<tr class="bad"><td>leaf<\/td><td>CN=wallet\.example, O=Example Wallet, C=DE<\/td>/);
  });

  it('reads hostile x5c entries without throwing', () => {
    for (const entry of ['', 'MA==', 'MIIB', 'A'.repeat(40_000), `MII${'/'.repeat(100)}`]) {
      assert.doesNotThrow(() => readX5c([entry]));
    }
  });
});
