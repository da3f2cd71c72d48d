// The flows a newcomer walks, each command invoked with exactly the arguments VS Code passes from
// where it is contributed. Here Sign Claims File only for claims files (any other JSON is refused
// with a clear message, never signed), and token actions only where there is a token.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testKeys } from '../../support/keys';
import { closeAllEditors, deleteAllKeys, EXTENSION_ID, run, workspaceUri, writeWorkspaceFile } from '../helpers';
import { Prompts } from '../prompts';

interface MenuItem {
  command?: string;
  when?: string;
  group?: string;
}

function menu(name: string): MenuItem[] {
  return vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus[name];
}

describe('Newcomer flows (in the extension host)', () => {
  describe('Sign Claims File only for claims files; token actions only where there is a token', () => {
    before(async () => {
      await deleteAllKeys();
      await run('jwtLens.addKey', { text: testKeys().hmac64, kid: 'hs', label: 'hs' });
    });
    after(async () => {
      await closeAllEditors();
      await vscode.workspace.fs.delete(workspaceUri('claims-only'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    });

    it('Sign Claims File from the explorer on tokens.json (its Uri and the selection) says it is not a claims file and signs nothing', async () => {
      const uri = workspaceUri('tokens.json');
      await vscode.env.clipboard.writeText('before');
      const prompts = new Prompts();
      let result: unknown;
      try {
        result = await run('jwtLens.signClaimsFile', uri, [uri]);
      } finally {
        prompts.dispose();
      }
      const message =
        'tokens.json is not a claims file, so it was not signed. Name it *.claims.json or add a "$jwt" member, or start one with New Claims File.';
      assert.deepEqual(result, { error: { code: 'ERR_NOT_CLAIMS_FILE', message } });
      assert.deepEqual(prompts.shown, [{ level: 'error', message, buttons: ['New Claims File'], modal: false }]);
      assert.equal(await vscode.env.clipboard.readText(), 'before');
    });

    it('a JSON file with a "$jwt" member is a claims file whatever its name: it signs', async () => {
      const uri = await writeWorkspaceFile(
        'claims-only/request.json',
        '{ "sub": "x", "exp": "15m", "$jwt": { "key": "hs", "alg": "HS256" } }\n',
      );
      await vscode.window.showTextDocument(uri);
      const signed = await run<{ token: string }>('jwtLens.signClaimsFile', { file: uri, output: 'none' });
      assert.match(signed!.token, /^eyJ/);
    });

    it('the menus offer Sign Claims File only for claims files, and token actions only with a token', () => {
      const claimsWhen = 'resourceFilename =~ /\\.(claims|jwt)\\.jsonc?$/';
      const sign = (name: string) => menu(name).filter((item) => item.command === 'jwtLens.signClaimsFile');
      assert.deepEqual(
        sign('explorer/context').map((item) => item.when),
        [claimsWhen],
      );
      for (const name of ['editor/title', 'jwtLens.editorContext', 'commandPalette']) {
        assert.deepEqual(
          sign(name).map((item) => item.when),
          // An edit document (Edit Token) is signed with Sign and Replace or Sign and Copy instead.
          [`(${claimsWhen} || jwtLens.claimsFile) && !jwtLens.editingToken`],
          name,
        );
      }
      const filename = /\.(claims|jwt)\.jsonc?$/;
      assert.deepEqual(
        ['playback.claims.json', 'a.jwt.jsonc', 'tokens.json', 'package.json'].map((name) => filename.test(name)),
        [true, true, false, false],
      );
      const tokenActions = menu('jwtLens.editorContext').filter((item) => item.group?.startsWith('1_token'));
      assert.deepEqual(
        tokenActions.map((item) => [item.command, item.when]),
        [
          ...['decodeToken', 'verifyToken', 'copyDecodedJson', 'copySignedUrl'].map((command) => [
            `jwtLens.${command}`,
            'jwtLens.editorHasTokens',
          ]),
          ['jwtLens.editToken', 'jwtLens.editorHasTokens && !jwtLens.editingToken'],
        ],
      );
    });
  });
});
