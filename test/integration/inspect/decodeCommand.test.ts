import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sampleTokens } from '../../support/samples';
import { closeAllEditors, testHooks, openWorkspaceFile } from '../helpers';

interface DecodeTokenResult {
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  warning?: string;
  time?: string;
  signature?: string;
}
interface CommandFailure {
  error: { code: string; message: string };
}

describe('JWT: Decode Token (in the extension host)', () => {
  afterEach(closeAllEditors);

  it('decodes the token under the cursor into the decoded view', async () => {
    const editor = await openWorkspaceFile('.env');
    const line = editor.document.lineAt(1);
    assert.ok(line.text.startsWith('API_TOKEN='));
    editor.selection = new vscode.Selection(1, 20, 1, 20);

    const result = await vscode.commands.executeCommand<DecodeTokenResult>('jwtLens.decodeToken');

    assert.equal(result?.payload?.sub, 'user-42');
    assert.equal(result?.header?.kid, 'demo-hs256');
    assert.equal(result?.signature, 'no-key');
    const shown = (await testHooks()).decodedView.current;
    assert.equal(shown?.verdict.decoded.payload?.name, 'Ada Lovelace');
    assert.equal(shown?.location?.uri, editor.document.uri.toString());
  });

  it('decodes the selection', async () => {
    const editor = await openWorkspaceFile('tokens.json');
    const text = editor.document.getText();
    const start = text.indexOf(sampleTokens.unicodeToken);
    editor.selection = new vscode.Selection(
      editor.document.positionAt(start),
      editor.document.positionAt(start + sampleTokens.unicodeToken.length),
    );
    const result = await vscode.commands.executeCommand<DecodeTokenResult>('jwtLens.decodeToken');
    assert.equal(result?.payload?.name, 'Zoë Ñandú 東京');
  });

  it('decodes the clipboard when no token is under the cursor', async () => {
    await vscode.env.clipboard.writeText(`Bearer ${sampleTokens.expiredToken}`);
    const result = await vscode.commands.executeCommand<DecodeTokenResult>('jwtLens.decodeToken');
    assert.equal(result?.payload?.sub, 'user-7');
    assert.match(result?.time ?? '', /^expired .* ago$/);
  });

  it('reports a malformed token with the reason instead of opening anything', async () => {
    const result = await vscode.commands.executeCommand<CommandFailure>('jwtLens.decodeToken', 'eyJhbGciOiJIUzI1NiJ9.only-two-parts');
    assert.deepEqual(result, {
      error: {
        code: 'ERR_PART_COUNT',
        message: 'Cannot decode this JWT. Token has 2 parts; a JWS has 3 and a JWE has 5, separated by dots.',
      },
    });
    assert.equal(vscode.window.activeTextEditor, undefined);
  });
});
