// Every code action carries a kind: VS Code asks for quick fixes alone (the Problems view, the
// lightbulb on a diagnostic) and drops, with a warning in the extension host log, an action whose
// kind is empty or not a quick fix. Asked as VS Code asks: a range, with and without a kind.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testKeys } from '../../support/keys';
import { signWith } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, run, testHooks, workspaceUri, writeWorkspaceFile } from '../helpers';
import { answering } from '../prompts';

const NOW = 1_800_000_000;

async function actionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return kind === undefined
    ? run<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)
    : run<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind);
}

/** Ours only: other extensions offer their own everywhere (Copilot's Fix and Explain, JSON's Sort JSON source action). */
function kinds(actions: vscode.CodeAction[]): Array<[string, string | undefined]> {
  return actions
    .filter((action) => !/copilot|^source\./.test(action.kind?.value ?? ''))
    .map((action) => [action.title, action.kind?.value]);
}

describe('Code action kinds (in the extension host)', () => {
  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
    await run('jwtLens.addKey', { text: testKeys().ecSec1Pem, kid: 'prod-key', label: 'prod-key' });
  });
  after(async () => {
    await closeAllEditors();
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(workspaceUri('action-kinds'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('every action on a token has a kind: the fixes are quick fixes, Copy Payload and Open Decoded are jwtLens', async () => {
    const expired = await signWith(testKeys().ecSec1Pem, { sub: 'user-1', iat: NOW - 3600, exp: NOW - 60 }, 'ES256', { kid: 'prod-key' });
    const unknown = await signWith(testKeys().hmac64, { sub: 'user-2', exp: NOW + 3600 }, 'HS256', { kid: 'nobody-has-it' });
    const uri = await writeWorkspaceFile('action-kinds/tokens.env', `OLD=${expired}\nNEW=${unknown}\n`);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const at = (token: string) => {
      const position = document.positionAt(document.getText().indexOf(token) + 5);
      return new vscode.Range(position, position);
    };
    const all = [...(await actionsAt(uri, at(expired))), ...(await actionsAt(uri, at(unknown)))];
    assert.deepEqual(kinds(all), [
      ['Re-sign with prod-key (same claims, new expiry)', 'quickfix'],
      ['Copy Payload', 'jwtLens'],
      ['Open Decoded', 'jwtLens'],
      ['Add Key for kid nobody-has-it', 'quickfix'],
      ['Copy Payload', 'jwtLens'],
      ['Open Decoded', 'jwtLens'],
    ]);
    const quickFixes = [...(await actionsAt(uri, at(expired), 'quickfix')), ...(await actionsAt(uri, at(unknown), 'quickfix'))];
    assert.deepEqual(kinds(quickFixes), [
      ['Re-sign with prod-key (same claims, new expiry)', 'quickfix'],
      ['Add Key for kid nobody-has-it', 'quickfix'],
    ]);
  });

  it('every action on a claims file problem is a quick fix', async () => {
    const uri = await writeWorkspaceFile('action-kinds/unknown-key.claims.json', '{\n  "sub": "x",\n  "$jwt": { "key": "mux-demo" }\n}\n');
    await vscode.window.showTextDocument(uri);
    // The problem is marked when signing meets it.
    await answering([], 'jwtLens.signClaimsFile');
    const diagnostic = await eventually(
      () => vscode.languages.getDiagnostics(uri).find((candidate) => candidate.code === 'key-unknown'),
      5000,
      'the key-unknown problem',
    );
    const actions = await actionsAt(uri, diagnostic.range);
    assert.deepEqual(kinds(actions), [
      ['Use stored key prod-key', 'quickfix'],
      ['Add Signing Key "mux-demo"…', 'quickfix'],
    ]);
    assert.deepEqual(kinds(await actionsAt(uri, diagnostic.range, 'quickfix')), kinds(actions));
  });
});
