// Claims a hostile token can carry, in the real host: a lone UTF-16 surrogate in a playback id
// leaves the hover, the decoded view and Copy Signed URL working (no URL, and why); bare claims
// encrypted to a stored public key are a problem, not a green decryption.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assemble } from '../support/tokens';
import { closeAllEditors, deleteAllKeys, hoverText, run, testHooks, workspaceUri } from './helpers';

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
});
