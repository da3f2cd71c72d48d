// The flows a newcomer walks, each command invoked with exactly the arguments VS Code passes from
// where it is contributed. Prompts are answered through Prompts; the outcome is read from VS Code.
// Here a claims file signed from editor/title, editor/context and explorer/context (the resource Uri
// is passed), and where the token goes: the clipboard, a new editor, the cursor of a visible editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testKeys } from '../../support/keys';
import { rememberSecret } from '../../support/secrets';
import { signWith } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, run, workspaceUri, writeWorkspaceFile } from '../helpers';
import { answering, titles } from '../prompts';

const write = (relative: string, content: string) => writeWorkspaceFile(`sign-menus/${relative}`, content);

describe('Newcomer flows (in the extension host)', () => {
  before(() => rememberSecret(testKeys().muxPrivateKeyBase64));
  after(async () => {
    await vscode.workspace.fs.delete(workspaceUri('sign-menus'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  describe('Signing a claims file from its menus (the resource Uri is passed)', () => {
    const claims =
      '{\n  "sub": "abc123PlaybackId",\n  "aud": "v",\n  "exp": "15m",\n  "$jwt": { "key": "mux", "alg": "RS256", "kidIn": "payload" }\n}\n';
    before(async () => {
      await deleteAllKeys();
      await run('jwtLens.addMuxKey', { keyId: 'mux-kid', privateKey: testKeys().muxPrivateKeyBase64, label: 'mux' });
    });
    afterEach(closeAllEditors);

    it('the editor-title Sign button on a claims file asks where the token goes, copies it and says where it went', async () => {
      const uri = await write('title.claims.json', claims);
      await vscode.window.showTextDocument(uri);
      await vscode.env.clipboard.writeText('before');
      const { result, prompts } = await answering<{ token: string; url: string }>(['Copy to Clipboard'], 'jwtLens.signClaimsFile', uri, {
        groupId: 1,
      });
      assert.deepEqual(titles(prompts), ['Where should the token go?']);
      assert.equal(await vscode.env.clipboard.readText(), result!.token);
      assert.match(
        prompts.messages('information')[0],
        /^Signed with mux \(RS256\); the token is on the clipboard\. It expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(valid for 15 min\)\.$/,
      );
      assert.deepEqual(prompts.shown[0].buttons, ['Copy Token', 'Copy Signed URL']);
    });

    it('the explorer context menu (Uri and selection) signs too; cancelling the output leaves the clipboard alone', async () => {
      const uri = await write('explorer.claims.json', claims);
      await vscode.env.clipboard.writeText('before');
      const { result } = await answering([undefined], 'jwtLens.signClaimsFile', uri, [uri]);
      assert.equal(result, undefined);
      assert.equal(await vscode.env.clipboard.readText(), 'before');
    });

    it('Open in New Editor shows the signed URL with the token', async () => {
      const uri = await write('editor.claims.json', claims);
      const { result } = await answering<{ token: string; url: string }>(['Open in New Editor'], 'jwtLens.signClaimsFile', uri);
      const shown = vscode.window.visibleTextEditors.find((editor) => editor.document.getText().startsWith(result!.token));
      assert.equal(shown?.document.getText(), `${result!.token}\n\nSigned URL:\n${result!.url}\n`);
    });

    it('Insert at Cursor is offered only with an editor to insert into; a fallback to the clipboard is not remembered as the choice', async () => {
      const target = await write('target.http', 'Authorization: Bearer \n');
      const targetEditor = await vscode.window.showTextDocument(target);
      targetEditor.selection = new vscode.Selection(0, 22, 0, 22);
      const uri = await write('insert.claims.json', claims);
      // The claims file replaces the target in the one editor group: the target is a background tab.
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
      const first = await answering<{ token: string }>(['Open in New Editor'], 'jwtLens.signClaimsFile', uri);
      assert.deepEqual(first.prompts.asked[0].items?.slice().sort(), ['$(copy) Copy to Clipboard', '$(window) Open in New Editor']);
      await closeAllEditors();
      await vscode.window.showTextDocument(uri);
      // Automation asking for insert with nothing to insert into: the clipboard, and the message says so.
      const { result, prompts } = await answering<{ token: string }>([], 'jwtLens.signClaimsFile', { file: uri, output: 'insert' });
      assert.equal((await vscode.workspace.openTextDocument(target)).getText(), 'Authorization: Bearer \n');
      assert.equal(await vscode.env.clipboard.readText(), result!.token);
      assert.match(prompts.messages('information')[0], /; no other editor is visible to insert into, so the token is on the clipboard\./);
      const next = await answering<{ token: string }>([undefined], 'jwtLens.signClaimsFile', uri);
      assert.equal(next.prompts.asked[0].items?.[0], '$(window) Open in New Editor', 'still the last choice the user made');
    });

    it('Insert at Cursor inserts into the visible editor at its cursor and names the file and line', async () => {
      const target = await write('visible.http', 'GET /\nAuthorization: Bearer \n');
      const targetEditor = await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Two });
      targetEditor.selection = new vscode.Selection(1, 22, 1, 22);
      const uri = await write('insert2.claims.json', claims);
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
      const { result, prompts } = await answering<{ token: string }>(['Insert at Cursor'], 'jwtLens.signClaimsFile', uri);
      assert.equal(targetEditor.document.getText(), `GET /\nAuthorization: Bearer ${result!.token}\n`);
      assert.match(prompts.messages('information')[0], /; inserted into visible\.http at line 2\./);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    it("the editor context menu's Decode Token (document Uri) decodes the token at the cursor", async () => {
      const token = await signWith(testKeys().rsaPkcs1Pem, { sub: 'ctx-menu' }, 'RS256', { kid: 'mux-kid' });
      const uri = await write('ctx.env', `T=${token}\n`);
      const editor = await vscode.window.showTextDocument(uri);
      editor.selection = new vscode.Selection(0, 10, 0, 10);
      const result = await run<{ payload: { sub: string } }>('jwtLens.decodeToken', uri);
      assert.equal(result?.payload.sub, 'ctx-menu');
    });
  });
});
