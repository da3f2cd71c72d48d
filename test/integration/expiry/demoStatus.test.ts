// The status bar on the files `npm run demo` writes (test/fixtures/make-samples.js, node only: it
// signs with jsonwebtoken), read as a newcomer opening the demo sees them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, eventually, testHooks, workspaceUri, writeWorkspaceFile } from '../helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const samples = require('../../fixtures/make-samples.js');

describe('Status bar in the demo: the expiry warning a newcomer came to see', () => {
  const NOW = 1_800_000_000;
  before(async () => (await testHooks()).setClock({ nowSeconds: () => NOW }));
  after(async () => {
    await closeAllEditors();
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(workspaceUri('demo-status'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it("shows both counts for the demo's server.log: the expired token does not hide the one expiring in 8 minutes", async () => {
    // The file the demo writes, with its tokens signed at NOW.
    const demoLog: string = samples.sampleFiles({ now: NOW })['server.log'];
    const uri = await writeWorkspaceFile('demo-status/server.log', demoLog);
    await vscode.window.showTextDocument(uri);
    const api = await testHooks();
    const state = await eventually(() => (api.statusBar.state.tokens === 3 ? api.statusBar.state : undefined), 5000, 'the status bar');
    assert.deepEqual([state.text, state.level], ['$(warning) 1 expired · 1 expiring in 8 min', 'warning']);
    assert.match(state.accessibleName ?? '', /^JWT Lens: 1 of 3 tokens expired, 1 expiring in 8 min/);
  });
});
