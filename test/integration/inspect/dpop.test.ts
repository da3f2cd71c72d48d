// DPoP proofs beside their access tokens in an .http file, in the real extension host: the RFC 9449
// resource request (an opaque token), a proof bound to a JWT access token by cnf.jkt and ath, and a
// proof sent with the wrong token. The clock is fixed 30 seconds after the RFC example's iat.
import * as assert from 'node:assert/strict';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import * as vscode from 'vscode';
import { jwkThumbprint } from '../../../src/core/keys/thumbprint';
import { sha256Text } from '../../../src/core/text/sha256';
import { testKeys } from '../../support/keys';
import { RESOURCE_ACCESS_TOKEN, RESOURCE_REQUEST, RESOURCE_REQUEST_PROOF } from '../../support/rfc9449';
import { signWith } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, extensionExports, hoverText, run, testHooks, workspaceUri } from '../helpers';

const NOW = 1562262618 + 30;

describe('DPoP proofs beside access tokens in an .http file (in the extension host)', () => {
  const folder = workspaceUri('formats-dpop');
  const uri = vscode.Uri.joinPath(folder, 'requests.http');
  let accessToken: string;
  let boundProof: string;
  let wrongProof: string;

  async function lensTitles(): Promise<string[]> {
    const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    return lenses.filter((lens) => lens.command?.command === 'jwtLens.openDecoded').map((lens) => lens.command!.title);
  }

  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
    await run('jwtLens.addKey', { text: testKeys().rsaPkcs1Pem, kid: 'as-key', label: 'as-key' });
    const client = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(client.publicKey);
    // An RFC 9068 access token: every claim it requires, so the proofs' findings are the only ones.
    const claims = { iss: 'https://as.example', aud: 'https://api.example', client_id: 'app', iat: NOW - 60, jti: 'at-1' };
    accessToken = await signWith(
      testKeys().rsaPkcs1Pem,
      { ...claims, sub: 'user-1', exp: NOW + 600, cnf: { jkt: jwkThumbprint(jwk) } },
      'RS256',
      {
        kid: 'as-key',
        header: { typ: 'at+jwt' },
      },
    );
    const proof = async (ath: string, jti: string) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify({ htm: 'GET', htu: 'https://api.example/orders', iat: NOW - 5, jti, ath })))
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
        .sign(client.privateKey);
    boundProof = await proof(sha256Text(accessToken), 'bound-1');
    wrongProof = await proof(sha256Text('some-other-token'), 'wrong-1');
    const file = [
      '### The resource request of RFC 9449 (Figure 12)',
      RESOURCE_REQUEST,
      '### A proof bound to a JWT access token',
      'GET https://api.example/orders',
      `Authorization: DPoP ${accessToken}`,
      `DPoP: ${boundProof}`,
      '',
      '### A proof made for another token',
      'GET https://api.example/orders',
      `Authorization: DPoP ${accessToken}`,
      `DPoP: ${wrongProof}`,
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(file));
    await vscode.workspace.openTextDocument(uri);
  });

  after(async () => {
    await closeAllEditors();
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await deleteAllKeys();
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });

  it('puts a CodeLens on each proof saying it proves possession of its own key, and on each access token as any JWT', async () => {
    assert.deepEqual(await lensTitles(), [
      'DPoP proof ES256 · fresh, issued 30 s ago · ✓ proof of possession of this key',
      'JWT RS256 · expires in 10 min · ✓ signed by as-key',
      'DPoP proof ES256 · fresh, issued 5 s ago · ✓ proof of possession of this key',
      'JWT RS256 · expires in 10 min · ✓ signed by as-key',
      'DPoP proof ES256 · fresh, issued 5 s ago · ✓ proof of possession of this key',
    ]);
  });

  it('hovers the RFC proof: its own key, the request it is for, and its ath matching the opaque access token beside it', async () => {
    const text = await hoverText(uri, RESOURCE_REQUEST_PROOF);
    for (const pattern of [
      /^\*\*DPoP proof ES256\*\* · typ dpop\\\+jwt/,
      /\$\(verified\) proof of possession of this key/,
      /\$\(info\) A DPoP proof is checked with its own key: it proves possession of that key, not that anyone you trust sent it\./,
      /\$\(link\) Access token beside it\\: ath matches its SHA\\-256; it is opaque \\\(no cnf\\\.jkt to compare\\\)\\\./,
      /- request: `GET` `https:\/\/resource\.example\.org\/protectedresource`/,
      /- key thumbprint \(what an access token's cnf\.jkt names\): `0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I`/,
    ]) {
      assert.match(text, pattern, text.slice(0, 1500));
    }
    assert.doesNotMatch(text, /signed by/, 'never "signed by" a key you trust');
  });

  it("hovers a proof bound to a JWT access token: cnf.jkt is the proof key's thumbprint and ath its hash", async () => {
    assert.match(
      await hoverText(uri, boundProof),
      /\$\(link\) Access token beside it\\: ath matches its SHA\\-256; its cnf\\\.jkt is this proof\\'s key\\\./,
    );
  });

  it('reports the proof made for another token in Problems, and nothing else', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    const wrongLine = document.positionAt(document.getText().indexOf(wrongProof)).line;
    const findings = await eventually(
      () => {
        const diagnostics = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'JWT Lens');
        return diagnostics.length > 0 ? diagnostics : undefined;
      },
      5000,
      'the DPoP diagnostic',
    );
    assert.deepEqual(
      findings.map((diagnostic) => [
        diagnostic.range.start.line,
        typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code,
      ]),
      [[wrongLine, 'dpop-binding']],
    );
    assert.match(findings[0].message, /^"ath" is not the hash of the access token beside it: the proof was made for another token\./);
  });

  it('the API gives each proof its DPoP summary, with the access token beside it checked', async () => {
    const tokens = await (await extensionExports()).tokensIn(uri);
    const proofs = tokens.filter((token) => token.verdict.dpop !== undefined);
    assert.deepEqual(
      proofs.map((token) => [token.verdict.dpop?.accessToken, token.verdict.urgency]),
      [
        [{ ath: 'match', jkt: 'opaque' }, 'ok'],
        [{ ath: 'match', jkt: 'match' }, 'ok'],
        [{ ath: 'mismatch', jkt: 'match' }, 'bad'],
      ],
    );
    assert.equal(proofs[0].verdict.signature?.status, 'valid');
    assert.equal(proofs[0].verdict.dpop?.htm, 'GET');
    assert.ok(!tokens.some((token) => token.text === RESOURCE_ACCESS_TOKEN), 'an opaque access token is no JWT');
  });
});
