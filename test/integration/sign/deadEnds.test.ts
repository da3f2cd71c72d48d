// The flows a newcomer walks, each command invoked with exactly the arguments VS Code passes from
// where it is contributed. Prompts are answered through Prompts; the outcome is read from VS Code.
// Here signing and verifying with no suitable key, or an unknown "$jwt.key" or "$jwt.alg": each offers
// the way forward (a button, a pick list of keys that can, a quick fix).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testKeys } from '../../support/keys';
import { signWith } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, run, storedKeyLabels as labels, workspaceUri, writeWorkspaceFile } from '../helpers';
import { answering, Prompts, titles } from '../prompts';

const write = (relative: string, content: string) => writeWorkspaceFile(`dead-ends/${relative}`, content);

describe('Newcomer flows (in the extension host)', () => {
  after(async () => {
    await vscode.workspace.fs.delete(workspaceUri('dead-ends'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  describe('Dead ends offer a way forward', () => {
    beforeEach(async () => {
      await deleteAllKeys();
      await run('jwtLens.addKey', { text: testKeys().hmac64, kid: 'demo-hs256', label: 'demo-hs256' });
    });
    afterEach(closeAllEditors);

    it('signing RS256 with only an HMAC key offers no picker but Generate RSA Key, Add Mux Key and Add Signing Key', async () => {
      const uri = await write('rs.claims.json', '{ "sub": "x", "exp": "15m", "$jwt": { "alg": "RS256" } }');
      await vscode.window.showTextDocument(uri);
      const prompts = new Prompts('rsa-signer').press('No stored key can sign RS256.', 'Generate RSA Key');
      try {
        assert.deepEqual(await run('jwtLens.signClaimsFile'), {
          error: { code: 'ERR_NO_SUITABLE_KEY', message: 'No stored key can sign RS256.' },
        });
        assert.deepEqual(prompts.shown[0], {
          level: 'error',
          message: 'No stored key can sign RS256.',
          buttons: ['Generate RSA Key', 'Add Mux Key', 'Add Signing Key'],
          modal: false,
        });
        // The button runs Generate Key for RSA: only the name is asked.
        await eventually(async () => ((await labels()).includes('rsa-signer') ? true : undefined), 10_000, 'the RSA key');
        assert.deepEqual(titles(prompts), ['Generate Key (1/1)']);
      } finally {
        prompts.dispose();
      }
    });

    it('Verify with… on an HS256 token lists only keys that verify HS256', async () => {
      await run('jwtLens.generateKey', { kind: 'RSA-2048', label: 'rsa-first' });
      const token = await signWith(testKeys().hmac64, { sub: 'x' }, 'HS256');
      const { result, prompts } = await answering<{ status: string }>(['demo-hs256'], 'jwtLens.verifyToken', token, { choose: true });
      assert.deepEqual(prompts.asked[0].items, ['$(key) demo-hs256']);
      assert.equal(result?.status, 'valid');
    });

    it('an unknown "$jwt.key" offers to add it or sign with another key; its quick fix uses a stored key', async () => {
      const content = '{\n  "sub": "x",\n  "$jwt": { "key": "mux-demo" }\n}\n';
      const uri = await write('unknown-key.claims.json', content);
      await vscode.window.showTextDocument(uri);
      const { prompts } = await answering([], 'jwtLens.signClaimsFile');
      assert.deepEqual(prompts.shown[0].buttons, ['Add Signing Key', 'Sign with Another Key…']);
      const diagnostic = vscode.languages.getDiagnostics(uri).find((candidate) => candidate.code === 'key-unknown');
      assert.ok(diagnostic);
      const actions = await run<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      const titlesOffered = actions.map((action) => action.title);
      assert.ok(titlesOffered.includes('Use stored key demo-hs256'), titlesOffered.join(', '));
      assert.ok(titlesOffered.includes('Add Signing Key "mux-demo"…'));
      await vscode.workspace.applyEdit(actions.find((action) => action.title === 'Use stored key demo-hs256')!.edit!);
      assert.match(vscode.window.activeTextEditor!.document.getText(), /"key": "demo-hs256"/);
      await eventually(
        () => (vscode.languages.getDiagnostics(uri).some((candidate) => candidate.source === 'JWT Lens') ? undefined : true),
        3000,
        'the diagnostic to go',
      );
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
    it('an unknown "$jwt.key" is marked on "$jwt.key", not on an earlier claim named "key"', async () => {
      const content = '{\n  "key": "a claim",\n  "$jwt": { "key": "mux-demo" }\n}\n';
      const uri = await write('claim-named-key.claims.json', content);
      await vscode.window.showTextDocument(uri);
      await answering([], 'jwtLens.signClaimsFile');
      const diagnostics = vscode.languages.getDiagnostics(uri).filter((candidate) => candidate.code === 'key-unknown');
      assert.equal(diagnostics.length, 1);
      assert.deepEqual([diagnostics[0].range.start.line, diagnostics[0].range.start.character], [2, 12]);
      assert.equal(vscode.window.activeTextEditor!.document.getText(diagnostics[0].range), '"key"');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
    it('"Sign with Another Key…" on an unknown "$jwt.key" signs once with the key picked, leaving the file as it is', async () => {
      const content = '{\n  "sub": "x",\n  "$jwt": { "key": "mux-demo", "output": "clipboard" }\n}\n';
      const uri = await write('another-key.claims.json', content);
      await vscode.window.showTextDocument(uri);
      const prompts = new Prompts('demo-hs256', 'HS256').press('No stored key named "mux-demo"', 'Sign with Another Key…');
      try {
        await run('jwtLens.signClaimsFile');
        const signed = await eventually(
          () =>
            prompts
              .messages('information')
              .find((message) => message.startsWith('Signed with demo-hs256 (HS256); the token is on the clipboard.')),
          5000,
          'the signed message',
        );
        assert.ok(signed);
        assert.deepEqual(titles(prompts), ['Sign with which key?', 'Algorithm for demo-hs256']);
      } finally {
        prompts.dispose();
      }
      assert.match(await vscode.env.clipboard.readText(), /^eyJ/);
      assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), content);
    });

    it('"Sign with Another Key…" offers only keys that can sign the file\'s "$jwt.alg"', async () => {
      const content = '{\n  "sub": "x",\n  "$jwt": { "key": "mux-demo", "alg": "RS256", "output": "clipboard" }\n}\n';
      const uri = await write('another-alg.claims.json', content);
      await vscode.window.showTextDocument(uri);
      // Only the HMAC key is stored: nothing can sign RS256, so no pick list, the ways to get a key.
      const prompts = new Prompts().press('No stored key named "mux-demo"', 'Sign with Another Key…');
      try {
        await run('jwtLens.signClaimsFile');
        const refused = await eventually(
          () => prompts.messages('error').find((message) => message === 'No stored key can sign RS256.'),
          5000,
          'the refusal',
        );
        assert.ok(refused);
        assert.deepEqual(titles(prompts), []);
      } finally {
        prompts.dispose();
      }
      assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), content);
    });

    it('a "$jwt.alg" the key cannot sign gets a quick fix per algorithm it signs, and the error goes', async () => {
      const uri = await write('alg.claims.json', '{\n  "sub": "x",\n  "$jwt": { "key": "demo-hs256", "alg": "RS256" }\n}\n');
      await vscode.window.showTextDocument(uri);
      const { result, prompts } = await answering<{ error: { code: string; message: string } }>([], 'jwtLens.signClaimsFile');
      assert.deepEqual(result?.error, {
        code: 'ERR_SIGN_ALG',
        message: 'Key demo-hs256 cannot sign RS256; it allows HS256, HS384, HS512.',
      });
      assert.deepEqual(prompts.shown[0].buttons, ['Generate RSA Key', 'Add Mux Key', 'Add Signing Key']);
      const diagnostic = vscode.languages.getDiagnostics(uri).find((candidate) => candidate.code === 'key-cannot-sign')!;
      const actions = await run<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      assert.deepEqual(
        actions.map((action) => action.title).filter((title) => title.startsWith('Use ')),
        ['Use HS256', 'Use HS384', 'Use HS512'],
      );
      await vscode.workspace.applyEdit(actions.find((action) => action.title === 'Use HS256')!.edit!);
      assert.match(vscode.window.activeTextEditor!.document.getText(), /"alg": "HS256"/);
      await eventually(
        () => (vscode.languages.getDiagnostics(uri).some((candidate) => candidate.source === 'JWT Lens') ? undefined : true),
        3000,
        'the diagnostic to go',
      );
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
  });
});
