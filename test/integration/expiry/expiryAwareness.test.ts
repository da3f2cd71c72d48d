// Expiry awareness with the clock under test control: the status bar and diagnostics move from
// fine to expiring to expired at the right moments; the re-sign quick fix; no idle timers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodeToken } from '../../../src/core/token/decode';
import { verifyToken } from '../../../src/core/judge/verify';
import { testKeys } from '../../support/keys';
import { signWith, verificationKey } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, diagnosticCodes, eventually, run, testHooks, workspaceUri } from '../helpers';

const NOW = 1_800_000_000;

describe('Expiry awareness: status bar, diagnostics, re-sign (in the extension host)', () => {
  const uri = workspaceUri('expiry/session.env');
  let token: string;

  before(async () => {
    await deleteAllKeys();
    const api = await testHooks();
    api.setClock({ nowSeconds: () => NOW });
    await vscode.workspace.getConfiguration('jwtLens').update('expiryWarningMinutes', 1, vscode.ConfigurationTarget.Global);
    await run('jwtLens.addKey', { text: testKeys().ecSec1Pem, kid: 'session-key', label: 'session-key' });
    token = await signWith(testKeys().ecSec1Pem, { sub: 'user-9', aud: 'api', scope: 'read', iat: NOW - 510, exp: NOW + 90 }, 'ES256', {
      kid: 'session-key',
    });
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`# session\nSESSION_TOKEN=${token}\n`));
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.getConfiguration('jwtLens').update('expiryWarningMinutes', undefined, vscode.ConfigurationTarget.Global);
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(workspaceUri('expiry'), { recursive: true });
  });

  it('a token expiring in 90 s: normal, then warning, then error, with the diagnostics following', async () => {
    const api = await testHooks();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const status = () => api.statusBar.state;
    await eventually(() => (status().text === '$(key) 1 JWT' ? true : undefined), 5000, 'the status bar to show 1 JWT');
    assert.equal(status().level, 'normal');
    assert.equal(status().timerPending, true, 'one timer waits for the next boundary');
    await eventually(() => (vscode.languages.getDiagnostics(uri) ? true : undefined));
    assert.deepEqual(diagnosticCodes(uri), []);

    api.setClock({ nowSeconds: () => NOW + 31 });
    assert.deepEqual([status().text, status().level], ['$(warning) 1 expiring in 59 s', 'warning']);

    api.setClock({ nowSeconds: () => NOW + 90 });
    assert.deepEqual([status().text, status().level], ['$(warning) 1 expired', 'warning']);
    await eventually(() => (diagnosticCodes(uri).includes('expired') ? true : undefined), 5000, 'the expired diagnostic');
    const [diagnostic] = vscode.languages.getDiagnostics(uri);
    assert.equal(diagnostic.message, 'JWT expired now.');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(
      (diagnostic.code as { target: vscode.Uri }).target.toString(),
      'https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4',
    );

    api.setClock({ nowSeconds: () => NOW });
    await eventually(() => (diagnosticCodes(uri).length === 0 ? true : undefined), 5000, 'the diagnostic to clear');
  });

  it('the re-sign quick fix keeps every claim but iat/exp, verifies, and undo restores the old token', async () => {
    const api = await testHooks();
    api.setClock({ nowSeconds: () => NOW + 600 });
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const offset = editor.document.getText().indexOf(token);
      const range = new vscode.Range(editor.document.positionAt(offset + 5), editor.document.positionAt(offset + 5));
      const actions = await run<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
      const titles = actions.map((action) => action.title);
      assert.deepEqual(
        titles.filter((title) => !title.startsWith('Re-sign')).filter((title) => /Payload|Decoded/.test(title)),
        ['Copy Payload', 'Open Decoded'],
      );
      const resign = actions.find((action) => action.title === 'Re-sign with session-key (same claims, new expiry)');
      assert.ok(resign, titles.join(' | '));
      const fresh = await run<string>(resign.command!.command, ...(resign.command!.arguments ?? []));
      assert.equal(editor.document.getText(), `# session\nSESSION_TOKEN=${fresh}\n`);
      const before = decodeToken(token).payload!;
      const after = decodeToken(fresh).payload!;
      assert.deepEqual({ ...after, iat: 0, exp: 0 }, { ...before, iat: 0, exp: 0 });
      assert.deepEqual([after.iat, after.exp], [NOW + 600, NOW + 600 + 600]);
      assert.equal(decodeToken(fresh).header?.kid, 'session-key');
      const key = await verificationKey(testKeys().ecSec1Pem, 'session-key', 'session-key');
      assert.equal((await verifyToken(decodeToken(fresh), [key])).status, 'valid');
      await run('undo');
      assert.equal(editor.document.getText(), `# session\nSESSION_TOKEN=${token}\n`);
    } finally {
      api.setClock({ nowSeconds: () => NOW });
    }
  });

  it('has no timer pending when the open editor holds no token', async () => {
    const api = await testHooks();
    await closeAllEditors();
    const empty = await vscode.workspace.openTextDocument({ content: 'no tokens here', language: 'plaintext' });
    await vscode.window.showTextDocument(empty);
    await eventually(() => (api.statusBar.state.visible === false ? true : undefined), 3000, 'the status bar to hide');
    assert.equal(api.statusBar.state.timerPending, false);
    await closeAllEditors();
    assert.equal(api.statusBar.state.timerPending, false);
  });

  it('lists the tokens in the file, most urgent first, and finds tokens across the workspace', async () => {
    const api = await testHooks();
    api.setClock({ nowSeconds: () => NOW + 31 });
    const found = await run<Array<{ uri: string; line: number; status: string; urgency: string }>>('jwtLens.findTokens', { show: false });
    api.setClock({ nowSeconds: () => NOW });
    const session = found.find((entry) => entry.uri.endsWith('expiry/session.env'));
    assert.deepEqual([session?.line, session?.urgency], [2, 'expiring']);
    assert.match(session!.status, /^sub user-9 · aud api — JWT ES256 · expires in 59 s · ✓ signed by session-key$/);
    assert.ok(found.some((entry) => entry.uri.endsWith('server.log') && entry.urgency === 'expired'));
    const order = ['expired', 'bad', 'expiring', 'not-yet-valid', 'ok'];
    const ranks = found.map((entry) => order.indexOf(entry.urgency));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
    );
  });
});
