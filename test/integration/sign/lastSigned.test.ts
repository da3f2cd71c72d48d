// The flows a newcomer walks, each command invoked with exactly the arguments VS Code passes from
// where it is contributed. Here the signed token after its toast: Copy Token / Copy Signed URL on the
// toast and Copy Last Signed Token / URL in the palette copy it and say so in the status bar, never
// showing the token itself.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testKeys } from '../../support/keys';
import { closeAllEditors, deleteAllKeys, run, testHooks, workspaceUri, writeWorkspaceFile } from '../helpers';
import { Prompts } from '../prompts';

const NOW = 1_800_000_000;

/** Records the status bar messages set while it is in place. */
function statusMessages(): { messages: string[]; dispose(): void } {
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = window.setStatusBarMessage;
  const messages: string[] = [];
  window.setStatusBarMessage = (text: string, ...rest: unknown[]) => {
    messages.push(text);
    return (original as (...args: unknown[]) => vscode.Disposable).call(vscode.window, text, ...rest);
  };
  return { messages, dispose: () => (window.setStatusBarMessage = original) };
}

describe('Newcomer flows (in the extension host)', () => {
  describe('The last signed token stays reachable, and each copy is confirmed', () => {
    before(async () => {
      await deleteAllKeys();
      (await testHooks()).setClock({ nowSeconds: () => NOW });
      await run('jwtLens.addMuxKey', { keyId: 'mux-signing-key', privateKey: testKeys().muxPrivateKeyBase64, label: 'mux' });
    });
    after(async () => {
      await closeAllEditors();
      (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
      await vscode.workspace.fs.delete(workspaceUri('last-signed'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    });

    it("the toast's Copy Signed URL, then Copy Last Signed Token from the palette after the toast is gone, each say what was copied", async () => {
      const uri = await writeWorkspaceFile(
        'last-signed/video.claims.json',
        '{ "sub": "abc123", "aud": "v", "exp": "1h", "$jwt": { "key": "mux", "alg": "RS256", "kidIn": "payload" } }\n',
      );
      await vscode.window.showTextDocument(uri);
      const status = statusMessages();
      const prompts = new Prompts('Open in New Editor').press('Signed with mux', 'Copy Signed URL');
      let signed: { token: string; url?: string } | undefined;
      try {
        signed = await run<{ token: string; url?: string }>('jwtLens.signClaimsFile', uri);
        assert.ok(signed?.url);
        // The toast's button runs after the command returns.
        for (let tries = 0; tries < 100 && status.messages.length === 0; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.equal(await vscode.env.clipboard.readText(), signed.url);
        await vscode.env.clipboard.writeText('');
        // Later, from the palette (no arguments).
        assert.equal(await run('jwtLens.copyLastSignedToken'), true);
        assert.equal(await vscode.env.clipboard.readText(), signed.token);
      } finally {
        prompts.dispose();
        status.dispose();
      }
      assert.deepEqual(status.messages, ['$(check) Copied signed URL (expires in 1 h)', '$(check) Copied token (expires in 1 h)']);
      for (const shown of prompts.shown) {
        assert.ok(!shown.message.includes(signed.token.split('.')[1]), 'no notification shows the token');
      }
    });

    it("each toast's Copy Token copies the token it announced, even after another was signed", async () => {
      const files = await Promise.all(
        ['first', 'second'].map((sub) =>
          writeWorkspaceFile(
            `last-signed/${sub}.claims.json`,
            `{ "sub": "${sub}", "aud": "v", "exp": "1h", "$jwt": { "key": "mux", "alg": "RS256", "kidIn": "payload" } }\n`,
          ),
        ),
      );
      const prompts = new Prompts('Open in New Editor', 'Open in New Editor');
      // The toasts stay open (their answers held back) until both tokens are signed, as a person leaves them.
      const toasts: Array<(button: string | undefined) => void> = [];
      const window = vscode.window as unknown as Record<string, unknown>;
      const patched = window.showInformationMessage;
      window.showInformationMessage = (message: string, ...rest: unknown[]) =>
        message.startsWith('Signed with')
          ? new Promise((resolve) => toasts.push(resolve))
          : (patched as (...args: unknown[]) => unknown)(message, ...rest);
      const status = statusMessages();
      try {
        const first = await run<{ token: string }>('jwtLens.signClaimsFile', files[0]);
        const second = await run<{ token: string }>('jwtLens.signClaimsFile', files[1]);
        assert.equal(toasts.length, 2);
        toasts[0]('Copy Token');
        for (let tries = 0; tries < 100 && status.messages.length === 0; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.equal(await vscode.env.clipboard.readText(), first.token);
        assert.notEqual(first.token, second.token);
        toasts[1](undefined);
      } finally {
        window.showInformationMessage = patched;
        prompts.dispose();
        status.dispose();
      }
    });
  });
});
