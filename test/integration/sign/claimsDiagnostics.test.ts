// The flows a newcomer walks, each command invoked with exactly the arguments VS Code passes from
// where it is contributed. Prompts are answered through Prompts; the outcome is read from VS Code.
// Here a claims file's error diagnostics, which go as soon as the file is fixed, and New Claims File.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testKeys } from '../../support/keys';
import { closeAllEditors, deleteAllKeys, eventually, run, workspaceUri, writeWorkspaceFile } from '../helpers';
import { answering } from '../prompts';

const write = (relative: string, content: string) => writeWorkspaceFile(`claims-diagnostics/${relative}`, content);

describe('Newcomer flows (in the extension host)', () => {
  after(async () => {
    await vscode.workspace.fs
      .delete(workspaceUri('claims-diagnostics'), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
  });

  describe('Claims-file diagnostics follow the edits', () => {
    before(async () => {
      await deleteAllKeys();
      await run('jwtLens.addKey', { text: testKeys().hmac64, kid: 'hs', label: 'hs' });
    });
    after(closeAllEditors);

    const cases: Array<[string, string, string, string]> = [
      ['a unitless exp', '{\n  "exp": "900",\n  "$jwt": { "key": "hs" }\n}\n', '"900"', '"15m"'],
      ['a missing quote', '{\n  "sub": "x,\n  "$jwt": { "key": "hs" }\n}\n', '"x,', '"x",'],
    ];
    for (const [name, content, wrong, right] of cases) {
      it(`the error for ${name} goes as soon as it is fixed, without signing again`, async () => {
        const uri = await write(`${name.replace(/\W+/g, '-')}.claims.json`, content);
        const editor = await vscode.window.showTextDocument(uri);
        const failed = await answering<{ error?: { code: string } }>([], 'jwtLens.signClaimsFile', { file: uri, output: 'none' });
        assert.match(failed.result?.error?.code ?? '', /^ERR_CLAIMS_/);
        const ours = () => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'JWT Lens');
        assert.equal(ours().length, 1);
        const offset = editor.document.getText().indexOf(wrong);
        await editor.edit((edit) =>
          edit.replace(new vscode.Range(editor.document.positionAt(offset), editor.document.positionAt(offset + wrong.length)), right),
        );
        await eventually(() => (ours().length === 0 ? true : undefined), 3000, 'the diagnostic to clear');
        await vscode.commands.executeCommand('workbench.action.files.revert');
      });
    }

    it('New Claims File selects the first placeholder, so typing replaces it', async () => {
      await run('jwtLens.newClaimsFile', 'mux-video');
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.getText(editor.selection), 'YOUR_PLAYBACK_ID');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });
});
