// The live-token finding in the editor: none by default (tokens are written there on purpose), and
// in Problems, worded as `jwt-lens scan` words it, once jwtLens.diagnostics.liveToken asks for it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testKeys } from '../../support/keys';
import { signWith } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, diagnosticCodes, eventually, run, testHooks, workspaceUri } from '../helpers';

const NOW = 1_800_000_000;

describe('Live tokens in Problems (in the extension host)', () => {
  const uri = workspaceUri('live/app.env');

  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
    await run('jwtLens.addKey', { text: testKeys().ecSec1Pem, kid: 'session-key', label: 'session-key' });
    const token = await signWith(testKeys().ecSec1Pem, { sub: 'svc', iat: NOW, exp: NOW + 3600 }, 'ES256', { kid: 'session-key' });
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`# service\nAPI_TOKEN=${token}\n`));
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.getConfiguration('jwtLens').update('diagnostics.liveToken', undefined, vscode.ConfigurationTarget.Global);
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(workspaceUri('live'), { recursive: true });
  });

  it('gives none by default, and "verified live" with how long it lasts when the setting asks', async () => {
    const api = await testHooks();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await eventually(() => (api.statusBar.state.text === '$(key) 1 JWT' ? true : undefined), 5000, 'the status bar to show 1 JWT');
    await eventually(() => (vscode.languages.getDiagnostics(uri) ? true : undefined));
    assert.deepEqual(diagnosticCodes(uri), []);

    const config = vscode.workspace.getConfiguration('jwtLens');
    await config.update('diagnostics.liveToken', 'warning', vscode.ConfigurationTarget.Global);
    await eventually(() => (diagnosticCodes(uri).includes('live-token') ? true : undefined), 5000, 'the live-token diagnostic');
    const [diagnostic] = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'JWT Lens');
    assert.equal(
      diagnostic.message,
      'Verified live (signed by session-key): usable for 1 h (until 2027-01-15T09:00:00Z). Revoke it, then remove it.',
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.range.start.line, 1);
    assert.equal(
      (diagnostic.code as { target: vscode.Uri }).target.toString(),
      'https://datatracker.ietf.org/doc/html/rfc6750#section-5.3',
    );

    await config.update('diagnostics.liveToken', undefined, vscode.ConfigurationTarget.Global);
    await eventually(() => (diagnosticCodes(uri).length === 0 ? true : undefined), 5000, 'the diagnostic to clear');
  });
});
