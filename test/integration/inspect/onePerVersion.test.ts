// One inspection per document version: every feature that shows a token (hover, CodeLens,
// diagnostics, status bar, decoded view, code actions, Find Tokens) reads the same one, so a
// document version is scanned once and its settings read once, however many features ask. Also the
// public API other extensions get, and that it carries test hooks only because this is a test run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testKeys } from '../../support/keys';
import { signWith } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, extensionExports, run, testHooks, workspaceUri } from '../helpers';

const NOW = 1_800_000_000;

describe('One inspection per document version (in the extension host)', () => {
  const folder = workspaceUri('once');
  let valid: string;
  let expired: string;

  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
    await run('jwtLens.addKey', { text: testKeys().rsaPkcs1Pem, kid: 'prod-key', label: 'prod-key' });
    valid = await signWith(testKeys().rsaPkcs1Pem, { sub: 'user-1', exp: NOW + 3600 }, 'RS256', { kid: 'prod-key' });
    expired = await signWith(testKeys().rsaPkcs1Pem, { sub: 'user-2', exp: NOW - 60 }, 'RS256', { kid: 'prod-key' });
  });

  after(async () => {
    await closeAllEditors();
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });

  /** Asks every feature for the document's tokens, the way VS Code and the user would. */
  async function useEveryFeature(document: vscode.TextDocument): Promise<void> {
    const hooks = await testHooks();
    const uri = document.uri;
    const offsets = [valid, expired].map((token) => document.getText().indexOf(token));
    // Diagnostics (they refresh on open and, debounced, on edits) and the status bar.
    await eventually(
      () => {
        const problems = vscode.languages
          .getDiagnostics(uri)
          .filter((problem) => problem.code && (problem.code as { value: string }).value === 'expired');
        return problems.length === 1 && problems[0].range.start.isEqual(document.positionAt(offsets[1])) ? true : undefined;
      },
      5000,
      'the expired diagnostic on this version',
    );
    await eventually(() => (hooks.statusBar.state.text === '$(warning) 1 expired' ? true : undefined), 5000, 'the status bar');
    const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    assert.deepEqual(
      // The command lists lenses as they resolve; the editor shows them in line order.
      lenses.map((lens) => `${lens.range.start.line}: ${lens.command?.title}`).sort(),
      [
        `${document.positionAt(offsets[0]).line}: $(edit) Edit`,
        `${document.positionAt(offsets[0]).line}: JWT RS256 · expires in 1 h · ✓ signed by prod-key`,
        `${document.positionAt(offsets[1]).line}: $(edit) Edit`,
        `${document.positionAt(offsets[1]).line}: JWT RS256 · expired 1 min ago · ✓ signed by prod-key`,
      ].sort(),
    );
    for (const offset of offsets) {
      const hovers = await run<vscode.Hover[]>('vscode.executeHoverProvider', uri, document.positionAt(offset + 10));
      assert.equal(hovers.length, 1);
      const actions = await run<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        new vscode.Range(document.positionAt(offset + 10), document.positionAt(offset + 10)),
      );
      assert.ok(actions.some((action) => action.title === 'Open Decoded'));
    }
    await run('jwtLens.openDecoded', { uri: uri.toString(), offset: offsets[1] });
    assert.equal(hooks.decodedView.current?.verdict.decoded.payload?.sub, 'user-2');
    const found = await run<{ uri: string; line: number; status: string }[]>('jwtLens.findTokens', { show: false });
    const here = found
      .filter((entry) => entry.uri === uri.toString())
      .map((entry) => entry.line)
      .sort();
    assert.deepEqual(here, offsets.map((offset) => document.positionAt(offset).line + 1).sort());
  }

  it('scans each document version once and reads its settings once, for every feature together', async () => {
    const uri = vscode.Uri.joinPath(folder, 'tokens.log');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`start token=${valid}\nrefresh token=${expired}\n`));
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const hooks = await testHooks();

    await useEveryFeature(document);
    assert.deepEqual(hooks.readsOf(document), { scans: 1, settingsReads: 1 });

    const firstVersion = document.version;
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'a new first line\n'));
    assert.equal(document.version, firstVersion + 1);
    await useEveryFeature(document);
    assert.deepEqual(hooks.readsOf(document), { scans: 1, settingsReads: 1 });
  });

  it('a hover on a version not inspected yet scans nothing: it reads the window around the pointer', async () => {
    const uri = vscode.Uri.joinPath(folder, 'hover.log');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`token=${valid}\n`));
    // Open but not shown: no CodeLens or status bar asks; diagnostics wait out their edit debounce.
    const document = await vscode.workspace.openTextDocument(uri);
    const hooks = await testHooks();
    // The hover must come before the diagnostics' 400 ms edit debounce ends. What the hover did is read
    // from the counters, not the clock: no scan of this version right after it answered means the hover
    // read only the window. On a loaded machine the debounce can end first; then a new version is tried.
    let hoveredFirst = false;
    for (let attempt = 0; attempt < 10 && !hoveredFirst; attempt++) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), '\n');
      await vscode.workspace.applyEdit(edit);
      const hovers = await run<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(attempt + 1, 20));
      assert.equal(hovers.length, 1);
      const reads = hooks.readsOf(document);
      if (reads.scans === 0) {
        assert.deepEqual(reads, { scans: 0, settingsReads: 1 });
        hoveredFirst = true;
      }
    }
    assert.ok(hoveredFirst, 'in one of 10 attempts the hover answered before the diagnostics scanned the version');
    // Then diagnostics inspect this version: with the settings the hover read, not read again.
    await eventually(() => (hooks.readsOf(document).scans === 1 ? true : undefined), 5000, 'the diagnostics scan');
    assert.deepEqual(hooks.readsOf(document), { scans: 1, settingsReads: 1 });
  });

  it('exports a small API of plain data, with test hooks only in a test run', async () => {
    const exported = await extensionExports();
    assert.deepEqual(Object.keys(exported).sort(), [
      'apiVersion',
      'decode',
      'onDidChangeVerdicts',
      'resigner',
      'testHooks',
      'tokensIn',
      'verify',
    ]);
    assert.equal(exported.apiVersion, 1);
    assert.deepEqual(exported.decode(`Bearer ${expired}`), {
      kind: 'jws',
      header: { alg: 'RS256', typ: 'JWT', kid: 'prod-key' },
      payload: { sub: 'user-2', exp: NOW - 60 },
    });
    const verdict = await exported.verify(valid);
    assert.deepEqual(
      { urgency: verdict.urgency, summary: verdict.summary, signature: verdict.signature, time: verdict.time.state },
      {
        urgency: 'ok',
        summary: 'JWT RS256 · expires in 1 h · ✓ signed by prod-key',
        time: 'valid',
        signature: { status: 'valid', message: verdict.signature?.message, keyLabel: 'prod-key' },
      },
    );
    const uri = vscode.Uri.joinPath(folder, 'api.log');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`x\n  token=${expired}\n`));
    const tokens = await exported.tokensIn(uri);
    assert.deepEqual(
      tokens.map(({ range, offset, verdict: { urgency, summary } }) => ({ range, offset, urgency, summary })),
      [
        {
          range: { start: { line: 1, character: 8 }, end: { line: 1, character: 8 + expired.length } },
          offset: 10,
          urgency: 'expired',
          summary: 'JWT RS256 · expired 1 min ago · ✓ signed by prod-key',
        },
      ],
    );
    // Plain data: it survives JSON unchanged (no engine objects, no key material).
    assert.deepEqual(JSON.parse(JSON.stringify(tokens)), tokens);
  });
});
