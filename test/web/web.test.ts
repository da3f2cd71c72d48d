// What only the web worker host can show: the extension runs there, on the browser bundle, and the
// features reach files through workspace.fs (as on github.dev's virtual file system).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sampleTokens } from '../support/samples';
import { closeAllEditors, EXTENSION_ID, hoverText, testHooks, workspaceUri } from '../integration/helpers';
import { answering } from '../integration/prompts';

/** base64url of ASCII JSON, with the browser's own btoa. */
const b64 = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

describe('Web worker extension host', () => {
  after(closeAllEditors);

  it('runs JWT Lens from its browser bundle, in a worker without node', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded in the web worker host`);
    assert.equal(extension.packageJSON.browser, './dist/web/extension.js');
    assert.equal(extension.extensionKind, vscode.ExtensionKind.UI);
    assert.equal(typeof (globalThis as { importScripts?: unknown }).importScripts, 'function');
    assert.equal(typeof (globalThis as { require?: { resolve?: unknown } }).require?.resolve, 'undefined');
    assert.ok(await testHooks());
  });

  it('hovers a sample token with its verdict', async () => {
    const hover = await hoverText(workspaceUri('.env'), sampleTokens.apiToken);
    assert.match(hover, /HS256/);
  });

  it('says a request the browser could not make may be blocked by CORS, and trusts nothing', async () => {
    // This computer's address: fetched only with the user's opt-in.
    const settings = vscode.workspace.getConfiguration('jwtLens');
    await settings.update('network.allowHttpLocalhost', true, vscode.ConfigurationTarget.Global);
    let failed: { error: { code: string; message: string } };
    try {
      failed = await vscode.commands.executeCommand('jwtLens.addTrustedIssuer', { jwksUri: 'https://127.0.0.1:9/jwks' });
    } finally {
      await settings.update('network.allowHttpLocalhost', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(failed.error.code, 'ERR_HTTP_NETWORK');
    assert.match(
      failed.error.message,
      /^Could not reach 127\.0\.0\.1:9: in the browser a server must allow requests from this editor \(CORS\)/,
    );
    assert.deepEqual(vscode.workspace.getConfiguration('jwtLens').inspect('trustedIssuers')?.globalValue ?? [], []);
  });

  it("offers Ed448 keys and verifies Ed448 only where this browser's Web Crypto has it: else unchecked, never bad", async () => {
    const ed448 = await globalThis.crypto.subtle.generateKey({ name: 'Ed448' }, false, ['sign', 'verify']).then(
      () => true,
      () => false,
    );
    const { prompts } = await answering([undefined], 'jwtLens.generateKey');
    assert.equal(prompts.asked[0].items?.includes('Ed448'), ed448);
    assert.equal(prompts.asked[0].items?.includes('Ed25519'), true);
    const token = `${b64({ alg: 'Ed448' })}.${b64({ sub: 'x' })}.${'A'.repeat(152)}`;
    const verified = await vscode.commands.executeCommand<{ status: string; message: string }>('jwtLens.verifyToken', token);
    assert.deepEqual(
      [verified.status, verified.message],
      ed448
        ? ['no-key', 'No stored key can verify Ed448.']
        : [
            'unsupported',
            "This runtime's Web Crypto cannot verify Ed448, so the signature is unchecked, not bad; a runtime that has Ed448 verifies it.",
          ],
    );
  });
});
