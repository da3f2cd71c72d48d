// SD-JWTs made by an independent implementation (@sd-jwt/sd-jwt-vc) in a document: CodeLens, hover,
// Problems, Decode Token, the decoded view and the API, in the real extension host, with the issuer's
// public key stored and the clock fixed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DocumentTokenInfo } from '../../../src/api';
import type { DecodeTokenResult } from '../../../src/inspect/tokenCommands';
import { renderDecodedHtml } from '../../../src/core/render/decodedHtml';
import { issueCredential, presentCredential, sdJwtParties } from '../../support/sdJwtIssuer';
import { b64 } from '../../support/tokens';
import {
  closeAllEditors,
  deleteAllKeys,
  diagnosticCodes,
  eventually,
  extensionExports,
  hoverText,
  run,
  testHooks,
  workspaceUri,
} from '../helpers';

const NOW = Math.floor(Date.now() / 1000);

describe('SD-JWT presentations in a document (in the extension host)', () => {
  const folder = workspaceUri('formats-sd-jwt');
  const uri = vscode.Uri.joinPath(folder, 'wallet.log');
  let issued: string;
  let plain: string;
  let bound: string;
  let tampered: string;
  let unmatched: string;
  /** The one-based number of the tampered disclosure (part 0 is the issuer-signed JWT). */
  let tamperedNumber: number;

  async function lensTitles(): Promise<string[]> {
    const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    return lenses.filter((lens) => lens.command?.command === 'jwtLens.openDecoded').map((lens) => lens.command!.title);
  }

  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
    const parties = await sdJwtParties();
    await run('jwtLens.addKey', { text: JSON.stringify(parties.issuerPublicJwk), label: 'owf-issuer' });
    issued = await issueCredential(parties, NOW);
    plain = await presentCredential(parties, issued);
    bound = await presentCredential(parties, issued, { aud: 'https://verifier.example', nonce: 'n-4711', iat: NOW - 120 });
    // The given name's disclosure re-encoded with another name: the issuer never signed its digest.
    const parts = plain.split('~');
    const index = parts.findIndex(
      (part, at) => at > 0 && part !== '' && Buffer.from(part, 'base64url').toString().includes('"given_name"'),
    );
    const [salt] = JSON.parse(Buffer.from(parts[index], 'base64url').toString()) as string[];
    parts[index] = b64([salt, 'given_name', 'Mallory']);
    tampered = parts.join('~');
    tamperedNumber = index;
    unmatched = `${plain}${b64(['c2FsdHNhbHQ', 'family_name', 'Nobody'])}~`;
    const lines = [
      `issued credential=${issued}`,
      `presentation without key binding=${plain}`,
      `presentation with key binding=${bound}`,
      `tampered presentation=${tampered}`,
      `presentation with a foreign disclosure=${unmatched}`,
    ];
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`${lines.join('\n')}\n`));
    await vscode.workspace.openTextDocument(uri);
  });

  after(async () => {
    await closeAllEditors();
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await deleteAllKeys();
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });

  it('puts one CodeLens on each whole presentation: disclosures opened, issuer signature, key binding', async () => {
    assert.deepEqual(await lensTitles(), [
      'SD-JWT ES256 · 7 disclosed · expires in 1 h · ✓ signed by owf-issuer',
      'SD-JWT ES256 · 3 disclosed · expires in 1 h · ✓ signed by owf-issuer',
      'SD-JWT ES256 · 3 disclosed · expires in 1 h · ✓ signed by owf-issuer · KB ✓',
      'SD-JWT ES256 · 2 disclosed · expires in 1 h · ✓ signed by owf-issuer',
      'SD-JWT ES256 · 3 disclosed · expires in 1 h · ✓ signed by owf-issuer',
    ]);
  });

  it('hovers a presentation with key binding: issuer, Key Binding JWT, each disclosure, the claims a verifier sees', async () => {
    const text = await hoverText(uri, bound);
    for (const pattern of [
      /^\*\*SD-JWT ES256\*\* · typ dc\\\+sd\\-jwt/,
      /\$\(pass\) Expires in 1 h/,
      /\$\(verified\) signed by owf\\-issuer/,
      /\$\(key\) Key Binding JWT: Signed with the holder key in cnf\\\.jwk\\\. · sd\\_hash covers this presentation · aud `https:\/\/verifier\.example` · nonce `n-4711` · signed 2 min ago/,
      /\*\*Disclosures\*\* \(3 opened; \d+ digests not disclosed\)/,
      /- \d `given_name` = `"Erika"`/,
      /- \d `nationalities\[0\]` = `"DE"`/,
      /\*\*Claims a verifier sees\*\*/,
      /"given_name": "Erika"/,
      /\*\*Issuer-signed payload\*\* \(digests, before disclosure\)/,
    ]) {
      assert.match(text, pattern, text.slice(0, 1500));
    }
    assert.doesNotMatch(text, /"family_name": "Mustermann"/, 'an undisclosed claim is not shown as seen');
    assert.doesNotMatch(text, /\[Re-sign\]/, 'a presentation is never re-signed: its disclosures would be lost');
  });

  it('says a presentation without key binding has none', async () => {
    assert.match(await hoverText(uri, plain), /\$\(info\) No Key Binding JWT: anyone holding this SD-JWT can present it\./);
  });

  it('reports a tampered disclosure and a foreign one in Problems, on their presentation lines only', async () => {
    await eventually(() => (vscode.languages.getDiagnostics(uri).length >= 2 ? true : undefined), 5000, 'the SD-JWT diagnostics');
    const byLine = vscode.languages
      .getDiagnostics(uri)
      .filter((diagnostic) => diagnostic.source === 'JWT Lens')
      .map((diagnostic) => [
        diagnostic.range.start.line,
        typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code,
        diagnostic.message,
      ]);
    assert.deepEqual(byLine, [
      [
        3,
        'sd-unmatched-disclosure',
        `Disclosure ${tamperedNumber} ("given_name") matches no digest in the token: a verifier rejects the presentation. Every disclosure must match a digest of the issuer-signed JWT (RFC 9901 §7.1).`,
      ],
      [
        4,
        'sd-unmatched-disclosure',
        `Disclosure 4 ("family_name") matches no digest in the token: a verifier rejects the presentation. Every disclosure must match a digest of the issuer-signed JWT (RFC 9901 §7.1).`,
      ],
    ]);
    assert.deepEqual(diagnosticCodes(uri), ['sd-unmatched-disclosure', 'sd-unmatched-disclosure']);
  });

  it('Decode Token on a presentation returns its disclosures, claims and key binding, and shows them in the decoded view', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    const offset = document.getText().indexOf(bound);
    const result = await run<DecodeTokenResult>('jwtLens.decodeToken', { uri: uri.toString(), offset });
    assert.equal(result?.signature, 'valid');
    assert.equal(result?.sdJwt?.hashAlg, 'sha-256');
    assert.deepEqual(result?.sdJwt?.disclosures.map((disclosure) => disclosure.path).sort(), [
      'given_name',
      'nationalities',
      'nationalities[0]',
    ]);
    assert.equal(result?.sdJwt?.claims.given_name, 'Erika');
    assert.deepEqual(result?.sdJwt?.keyBinding, {
      signature: 'valid',
      message: 'Signed with the holder key in cnf.jwk.',
      sdHash: 'match',
      iat: NOW - 120,
      aud: 'https://verifier.example',
      nonce: 'n-4711',
    });
    const shown = (await testHooks()).decodedView.current;
    assert.equal(shown?.verdict.decoded.text, bound);
    const html = renderDecodedHtml(shown!.verdict, { now: NOW, styleUri: 'style.css', cspSource: 'vscode-resource:' });
    assert.match(html, /<h1>SD-JWT ES256<\/h1>/);
    assert.match(html, /<table id="disclosures">/);
    assert.match(html, /<h2>Claims a verifier sees<\/h2>/);
    assert.match(html, /<span class="pill ok">✓ signed with the holder key \(cnf\.jwk\)<\/span>/);
  });

  it('the API lists each presentation whole, with its verdict and SD-JWT summary', async () => {
    const api = await extensionExports();
    const tokens: DocumentTokenInfo[] = await api.tokensIn(uri);
    assert.deepEqual(
      tokens.map((token) => token.text),
      [issued, plain, bound, tampered, unmatched],
    );
    const withKb = tokens[2].verdict;
    assert.equal(withKb.summary, 'SD-JWT ES256 · 3 disclosed · expires in 1 h · ✓ signed by owf-issuer · KB ✓');
    assert.equal(withKb.signature?.status, 'valid');
    assert.equal(withKb.sdJwt?.keyBinding?.sdHash, 'match');
    assert.equal(withKb.urgency, 'ok');
    assert.equal(tokens[3].verdict.urgency, 'bad');
    assert.deepEqual(
      tokens[3].verdict.lints.map((lint) => lint.id),
      ['sd-unmatched-disclosure'],
    );
    const verdict = await api.verify(bound);
    assert.deepEqual(verdict.sdJwt?.claims.nationalities, ['DE']);
    assert.equal(tokens[0].range.end.character - tokens[0].range.start.character, issued.length);
  });
});
