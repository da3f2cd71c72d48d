// Re-sign puts a stored key's signature on a token's claims, so it is offered, and done, only for a
// token whose signature verifies with the key that signs. A forged token (junk signature, an
// attacker's claims, the kid of a stored key) gets no Re-sign link, no quick fix, and a refusal that
// says why from the command however it is reached; a genuine expired token still re-signs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodeToken } from '../../../src/core/token/decode';
import { verifyToken } from '../../../src/core/judge/verify';
import { testKeys } from '../../support/keys';
import { assemble, signWith, verificationKey } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, hoverText, run, testHooks, workspaceUri } from '../helpers';
import { errorsShownBy } from '../prompts';

const NOW = 1_800_000_000;
const REFUSAL = "Not re-signed: the token's signature does not verify with prod-key, so its claims may be forged.";

async function actionsAt(uri: vscode.Uri, token: string): Promise<vscode.CodeAction[]> {
  const document = await vscode.workspace.openTextDocument(uri);
  const at = document.positionAt(document.getText().indexOf(token) + 5);
  return run<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(at, at));
}

describe('Re-sign only what verifies with the signing key (in the extension host)', () => {
  const folder = workspaceUri('resign');
  const forgedUri = vscode.Uri.joinPath(folder, 'forged.env');
  const genuineUri = vscode.Uri.joinPath(folder, 'genuine.env');
  let forged: string;
  let genuine: string;

  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
    await run('jwtLens.addKey', { text: testKeys().ecSec1Pem, kid: 'prod-key', label: 'prod-key' });
    const junk = Buffer.alloc(64, 7).toString('base64url');
    forged = assemble(
      { alg: 'ES256', typ: 'JWT', kid: 'prod-key' },
      { sub: 'attacker', role: 'superuser', iat: NOW - 3600, exp: NOW - 60 },
      junk,
    );
    genuine = await signWith(testKeys().ecSec1Pem, { sub: 'user-1', role: 'reader', iat: NOW - 3600, exp: NOW - 60 }, 'ES256', {
      kid: 'prod-key',
    });
    await vscode.workspace.fs.writeFile(forgedUri, Buffer.from(`TOKEN=${forged}\n`));
    await vscode.workspace.fs.writeFile(genuineUri, Buffer.from(`TOKEN=${genuine}\n`));
  });

  after(async () => {
    await closeAllEditors();
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(folder, { recursive: true });
    await deleteAllKeys();
  });

  it('a forged token naming prod-key: no Re-sign link, no quick fix, the command refuses saying why, the file is unchanged', async () => {
    const document = await vscode.workspace.openTextDocument(forgedUri);
    await vscode.window.showTextDocument(document);
    const hover = await hoverText(forgedUri, forged);
    assert.match(hover, /\$\(error\) bad signature/);
    assert.doesNotMatch(hover, /jwtLens\.resignToken/);
    const titles = (await actionsAt(forgedUri, forged)).map((action) => action.title);
    assert.deepEqual(
      titles.filter((title) => title.startsWith('Re-sign')),
      [],
      titles.join(' | '),
    );

    const location = { uri: forgedUri.toString(), offset: document.getText().indexOf(forged) };
    const keyId = (await testHooks()).keyStore.find('prod-key')!.id;
    // As a hover link would carry it, as the quick fix would, and as automation names a key.
    const asReached: unknown[][] = [[location], [location, { key: { id: keyId } }], [forged, { key: 'prod-key' }]];
    for (const args of asReached) {
      const { value, errors } = await errorsShownBy(() => run<unknown>('jwtLens.resignToken', ...args));
      assert.deepEqual(value, { error: { code: 'ERR_RESIGN_REFUSED', message: REFUSAL } }, JSON.stringify(args).slice(0, 80));
      assert.deepEqual(errors, [REFUSAL]);
    }
    assert.equal(document.getText(), `TOKEN=${forged}\n`);
    assert.equal(document.isDirty, false);
  });

  it("a genuine expired token: the quick fix is offered and the hover's Re-sign link re-signs it", async () => {
    const document = await vscode.workspace.openTextDocument(genuineUri);
    await vscode.window.showTextDocument(document);
    const titles = (await actionsAt(genuineUri, genuine)).map((action) => action.title);
    assert.ok(titles.includes('Re-sign with prod-key (same claims, new expiry)'), titles.join(' | '));
    const link = /\[Re-sign\]\(command:jwtLens\.resignToken\?([^)\s]+)\)/.exec(await hoverText(genuineUri, genuine));
    assert.ok(link, 'the hover offers Re-sign');
    const args = JSON.parse(decodeURIComponent(link[1])) as unknown[];
    const fresh = await run<string>('jwtLens.resignToken', ...args);
    assert.equal(document.getText(), `TOKEN=${fresh}\n`);
    assert.deepEqual(
      [decodeToken(fresh).payload?.sub, decodeToken(fresh).payload?.role, decodeToken(fresh).payload?.exp],
      ['user-1', 'reader', NOW + 3540],
    );
    const key = await verificationKey(testKeys().ecSec1Pem, 'prod-key', 'prod-key');
    assert.equal((await verifyToken(decodeToken(fresh), [key])).status, 'valid');
    await run('workbench.action.files.revert');
  });

  it('automation naming another stored key refuses a token that key did not sign', async () => {
    await run('jwtLens.generateKey', { kind: 'P-256', label: 'other-key', kid: 'other-key' });
    const { value, errors } = await errorsShownBy(() => run<unknown>('jwtLens.resignToken', genuine, { key: 'other-key' }));
    assert.deepEqual(value, {
      error: {
        code: 'ERR_RESIGN_REFUSED',
        message: "Not re-signed: the token's signature does not verify with other-key, so its claims may be forged.",
      },
    });
    assert.deepEqual(errors, ["Not re-signed: the token's signature does not verify with other-key, so its claims may be forged."]);
  });
});
