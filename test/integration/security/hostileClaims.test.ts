// Claims a hostile token can carry, in the real host: a lone UTF-16 surrogate in a playback id
// leaves the hover, the decoded view and Copy Signed URL working (no URL, and why); bare claims
// encrypted to a stored public key are a problem, not a green decryption.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { jweRsaOaep } from '../../support/jwe';
import { testKeys } from '../../support/keys';
import { assemble } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, hoverText, run, testHooks, workspaceUri } from '../helpers';

const NOW = 1_800_000_000;

describe('Hostile claims (in the extension host)', function () {
  this.timeout(60_000);

  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
  });

  after(async () => {
    await closeAllEditors();
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(workspaceUri('hostile-claims'), { recursive: true });
  });

  it('a lone surrogate in a playback id: the hover and decoded view still show, Copy Signed URL says why there is none', async () => {
    const mux = assemble({ alg: 'RS256', kid: 'k' }, { sub: '\ud800', aud: 'v', exp: NOW + 600, kid: 'k' });
    const fastpix = assemble({ alg: 'RS256' }, { iss: 'fastpix.io', aud: 'media:\udc00', exp: NOW + 600, kid: 'k' });
    const uri = workspaceUri('hostile-claims/surrogates.env');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`MUX=${mux}\nFASTPIX=${fastpix}\n`));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    for (const [token, claim] of [
      [mux, 'sub'],
      [fastpix, 'aud'],
    ]) {
      const hover = await hoverText(uri, token);
      assert.match(hover, /^\*\*JWT RS256\*\*/m, claim);
      assert.doesNotMatch(hover, /Copy Signed URL/, claim);
      assert.deepEqual(await run('jwtLens.copySignedUrl', token), {
        error: {
          code: 'ERR_TOKEN_UNSUITABLE',
          message: `This token has no signed URL: its "${claim}" holds an unpaired UTF-16 surrogate, which a URL cannot carry.`,
        },
      });
      await run('jwtLens.openDecoded', token);
      const view = (await testHooks()).decodedView.current;
      assert.equal(view?.verdict.token.text, token, claim);
      assert.equal(view.signedUrl, undefined, claim);
    }
  });

  it('bare claims encrypted to a stored public key: an "unsigned" problem like alg none, "inner ⚠ unsigned", no green pill', async () => {
    await run('jwtLens.addKey', { text: testKeys().rsaPkcs1Pem, kid: 'enc-key', label: 'enc-key' });
    const claims = { sub: 'admin', role: 'superuser', exp: NOW + 600 };
    const jwe = jweRsaOaep(testKeys().rsa.publicKey, 'RSA-OAEP', JSON.stringify(claims));
    const none = assemble({ alg: 'none' }, claims, '');
    const uri = workspaceUri('hostile-claims/bare.env');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`BARE=${jwe}\nNONE=${none}\n`));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const unsigned = await eventually(
      () => {
        const found = vscode.languages
          .getDiagnostics(uri)
          .filter((d) => typeof d.code === 'object' && d.code.value === 'unsigned')
          .sort((a, b) => a.range.start.line - b.range.start.line);
        return found.length === 2 ? found : undefined;
      },
      10_000,
      'an unsigned problem on each line',
    );
    assert.deepEqual(
      unsigned.map((d) => [d.range.start.line, d.severity, d.message]),
      [
        [0, unsigned[1].severity, 'Unsigned claims: anyone with the public key could have encrypted them. Never accept them.'],
        [1, unsigned[1].severity, 'Unsigned ("alg": "none"): anyone could have written it. Never accept it.'],
      ],
    );
    const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    assert.equal(
      lenses.find((lens) => lens.range.start.line === 0 && lens.command?.command === 'jwtLens.openDecoded')?.command?.title,
      'JWE RSA-OAEP A256GCM · expires in 10 min · 🔓 decrypted with enc-key · inner ⚠ unsigned',
    );
    await run('jwtLens.openDecoded', jwe);
    const html = (await testHooks()).decodedView.current?.html ?? '';
    assert.match(html, /<span class="pill bad" id="signature">🔓 decrypted with enc-key<\/span>/);
    assert.doesNotMatch(html, /class="pill ok"[^>]*>[^<]*(decrypted|unsigned)/);
  });
});
