// The flows a newcomer walks, each command invoked with exactly the arguments VS Code passes from
// where it is contributed. Prompts are answered through Prompts; the outcome is read from VS Code.
// Here the status bar: a bad signature does not hide that a token expires soon, and its token list
// leads to the decoded view.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testKeys } from '../../support/keys';
import { assemble, signWith } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, run, testHooks, workspaceUri, writeWorkspaceFile } from '../helpers';

const write = (relative: string, content: string) => writeWorkspaceFile(`status-bar/${relative}`, content);

describe('Newcomer flows (in the extension host)', () => {
  after(async () => {
    await vscode.workspace.fs.delete(workspaceUri('status-bar'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  describe('Status bar: urgency does not hide expiry, and the list leads somewhere', () => {
    const NOW = 1_800_000_000;
    let uri: vscode.Uri;
    let token: string;
    before(async () => {
      await deleteAllKeys();
      (await testHooks()).setClock({ nowSeconds: () => NOW });
      await run('jwtLens.addKey', { text: testKeys().ecSec1Pem, kid: 'status-key', label: 'status-key' });
      const signed = await signWith(testKeys().ecSec1Pem, { sub: 'user-5', iat: NOW - 60, exp: NOW + 7 * 60 }, 'ES256', {
        kid: 'status-key',
      });
      const [header, , signature] = signed.split('.');
      token = `${header}.${Buffer.from(JSON.stringify({ sub: 'admin', iat: NOW - 60, exp: NOW + 7 * 60 })).toString('base64url')}.${signature}`;
      uri = await write('status.env', `TOKEN=${token}\n`);
    });
    after(async () => {
      await closeAllEditors();
      (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    });

    it('a token expiring in 7 minutes with a bad signature reads as expiring; the accessible name is plain text', async () => {
      await vscode.window.showTextDocument(uri);
      const api = await testHooks();
      const state = await eventually(
        () => (api.statusBar.state.accessibleName?.includes('invalid') ? api.statusBar.state : undefined),
        5000,
        'the verified status',
      );
      assert.deepEqual([state.text, state.level], ['$(warning) 1 expiring in 7 min', 'warning']);
      assert.equal(state.accessibleName, 'JWT Lens: 1 of 1 tokens expiring in 7 min; 1 invalid. Activate to list them.');
    });

    it("the token list (the status bar item's command) has an Open Decoded button on each row, with no dangling dash", async () => {
      await vscode.window.showTextDocument(uri);
      // createQuickPick is replaced only to see the rows and press a row's button, as a person would.
      const window = vscode.window as unknown as Record<string, unknown>;
      const original = window.createQuickPick;
      const triggered = new vscode.EventEmitter<vscode.QuickPickItemButtonEvent<vscode.QuickPickItem>>();
      const hidden = new vscode.EventEmitter<void>();
      let shown: { items: readonly vscode.QuickPickItem[] } | undefined;
      window.createQuickPick = () => {
        const pick = {
          items: [] as readonly vscode.QuickPickItem[],
          selectedItems: [],
          title: '',
          matchOnDescription: false,
          matchOnDetail: false,
          onDidTriggerItemButton: triggered.event,
          onDidAccept: new vscode.EventEmitter<void>().event,
          onDidHide: hidden.event,
          show: () => {
            shown = pick;
          },
          dispose: () => undefined,
        };
        return pick;
      };
      try {
        const listed = run('jwtLens.showTokensInFile');
        const pick = await eventually(() => shown, 3000, 'the token list');
        assert.equal(pick.items.length, 1);
        const [row] = pick.items;
        assert.equal(row.detail, 'sub admin');
        // No Re-sign: this token's signature does not verify, so its claims may be forged.
        assert.deepEqual(
          row.buttons?.map((button) => button.tooltip),
          ['Open Decoded'],
        );
        triggered.fire({ button: row.buttons![0], item: row });
        await listed;
        const decoded = await eventually(async () => (await testHooks()).decodedView.current, 3000, 'the decoded view');
        assert.equal(decoded.verdict.decoded.text, token);
      } finally {
        window.createQuickPick = original;
        triggered.dispose();
        hidden.dispose();
      }
    });
  });

  describe('Status bar: its colour follows the severity of the Problems it counts', () => {
    const NOW = 1_800_000_000;
    before(async () => {
      await deleteAllKeys();
      (await testHooks()).setClock({ nowSeconds: () => NOW });
      await run('jwtLens.addKey', { text: testKeys().ecSec1Pem, kid: 'status-key', label: 'status-key' });
    });
    after(async () => {
      await closeAllEditors();
      await vscode.workspace.getConfiguration('jwtLens').update('diagnostics.expired', undefined, vscode.ConfigurationTarget.Global);
      (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
      await deleteAllKeys();
    });

    async function statusOf(uri: vscode.Uri, done: (text: string) => boolean): Promise<[string, string, vscode.DiagnosticSeverity[]]> {
      await vscode.window.showTextDocument(uri);
      const api = await testHooks();
      const state = await eventually(() => (done(api.statusBar.state.text) ? api.statusBar.state : undefined), 5000, 'the status bar');
      const severities = await eventually(
        () => {
          const found = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'JWT Lens');
          return found.length ? found.map((diagnostic) => diagnostic.severity) : undefined;
        },
        5000,
        'the Problems',
      );
      return [state.text, state.level, severities];
    }

    it('an expired token whose Problem is a warning reads "$(warning) 1 expired" on a warning background', async () => {
      const token = await signWith(testKeys().ecSec1Pem, { sub: 'user-1', iat: NOW - 3600, exp: NOW - 60 }, 'ES256', { kid: 'status-key' });
      const uri = await write('expired-warning.env', `TOKEN=${token}\n`);
      assert.deepEqual(await statusOf(uri, (text) => text.endsWith('1 expired')), [
        '$(warning) 1 expired',
        'warning',
        [vscode.DiagnosticSeverity.Warning],
      ]);
    });

    it('with jwtLens.diagnostics.expired set to error, the same token reads "$(error) 1 expired" on an error background', async () => {
      await vscode.workspace.getConfiguration('jwtLens').update('diagnostics.expired', 'error', vscode.ConfigurationTarget.Global);
      try {
        const token = await signWith(testKeys().ecSec1Pem, { sub: 'user-1', iat: NOW - 3600, exp: NOW - 60 }, 'ES256', {
          kid: 'status-key',
        });
        const uri = await write('expired-error.env', `TOKEN=${token}\n`);
        assert.deepEqual(await statusOf(uri, (text) => text === '$(error) 1 expired'), [
          '$(error) 1 expired',
          'error',
          [vscode.DiagnosticSeverity.Error],
        ]);
      } finally {
        await vscode.workspace.getConfiguration('jwtLens').update('diagnostics.expired', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('an unsigned token reads "$(warning) 1 unsigned", not invalid, matching its warning Problem', async () => {
      const token = assemble({ alg: 'none', typ: 'JWT' }, { sub: 'user-2', exp: NOW + 3600 }, '');
      const uri = await write('unsigned.env', `TOKEN=${token}\n`);
      assert.deepEqual(await statusOf(uri, (text) => text.endsWith('1 unsigned')), [
        '$(warning) 1 unsigned',
        'warning',
        [vscode.DiagnosticSeverity.Warning],
      ]);
      assert.equal((await testHooks()).statusBar.state.accessibleName, 'JWT Lens: 1 of 1 tokens unsigned. Activate to list them.');
    });

    it('a bad signature reads "$(error) 1 invalid", matching its error Problem', async () => {
      const signed = await signWith(testKeys().ecSec1Pem, { sub: 'user-3', exp: NOW + 3600 }, 'ES256', { kid: 'status-key' });
      const [header, , signature] = signed.split('.');
      const token = `${header}.${Buffer.from(JSON.stringify({ sub: 'admin', exp: NOW + 3600 })).toString('base64url')}.${signature}`;
      const uri = await write('forged.env', `TOKEN=${token}\n`);
      assert.deepEqual(await statusOf(uri, (text) => text.endsWith('1 invalid')), [
        '$(error) 1 invalid',
        'error',
        [vscode.DiagnosticSeverity.Error],
      ]);
    });
  });
});
