// The flows a newcomer walks, each command invoked with exactly the arguments VS Code passes from
// where it is contributed. Prompts are answered through Prompts; the outcome is read from VS Code.
// Here a claims file's error diagnostics, which go as soon as the file is fixed, and New Claims File.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodeToken } from '../../../src/core/token/decode';
import { testKeys } from '../../support/keys';
import { closeAllEditors, deleteAllKeys, eventually, run, workspaceUri, writeWorkspaceFile } from '../helpers';
import { answering, Prompts } from '../prompts';

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

    it('New Claims File (FastPix) selects the playback id in "aud", not the kid signing writes anyway; the placeholder is a Problem until replaced', async () => {
      const uri = await run<vscode.Uri>('jwtLens.newClaimsFile', 'fastpix-playback');
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.getText(editor.selection), 'YOUR_PLAYBACK_ID');
      assert.match(editor.document.lineAt(editor.selection.start.line).text, /^\s*"aud": "media:YOUR_PLAYBACK_ID"/);
      const placeholders = () =>
        vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'JWT Lens' && diagnostic.code === 'placeholder');
      const [problem] = await eventually(() => (placeholders().length ? placeholders() : undefined), 3000, 'the placeholder problem');
      assert.equal(
        problem.message,
        '"aud" still holds the preset\'s placeholder YOUR_PLAYBACK_ID: replace it with your value before signing.',
      );
      assert.equal(problem.severity, vscode.DiagnosticSeverity.Warning);
      assert.ok(problem.range.isEqual(new vscode.Range(editor.selection.start, editor.selection.end)), 'on the selected placeholder');
      // Typing replaces the selection, as a person would.
      await editor.edit((edit) => edit.replace(editor.selection, 'fp-playback-1'));
      await eventually(() => (placeholders().length === 0 ? true : undefined), 3000, 'the placeholder problem to clear');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('signing from the editor title asks first while a placeholder is left; Escape signs nothing and selects it, Sign Anyway signs', async () => {
      const uri = await write(
        'placeholder.claims.json',
        '{\n  "sub": "YOUR_PLAYBACK_ID",\n  "aud": "v",\n  "$jwt": { "key": "hs", "alg": "HS256" }\n}\n',
      );
      await vscode.window.showTextDocument(uri);
      const escaped = new Prompts();
      let result: unknown;
      try {
        // editor/title passes the file's Uri.
        result = await run('jwtLens.signClaimsFile', uri);
      } finally {
        escaped.dispose();
      }
      assert.equal(result, undefined);
      assert.deepEqual(escaped.shown, [
        {
          level: 'warning',
          message:
            '"sub" still holds the preset\'s placeholder YOUR_PLAYBACK_ID: the token would be refused where it is used. Sign anyway?',
          buttons: ['Sign Anyway'],
          modal: true,
        },
      ]);
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.getText(editor.selection), 'YOUR_PLAYBACK_ID');

      const prompts = new Prompts('Copy to Clipboard').press('still holds', 'Sign Anyway');
      try {
        const signed = await run<{ token: string }>('jwtLens.signClaimsFile', uri);
        assert.equal(decodeToken(signed!.token).payload?.sub, 'YOUR_PLAYBACK_ID');
      } finally {
        prompts.dispose();
      }
    });
  });
});
