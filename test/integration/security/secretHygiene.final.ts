// Runs after the whole in-host suite: every secret the suite gave the extension is searched for in
// everything VS Code and the extension write outside SecretStorage: user data (settings, logs and
// output channels, globalStorage, workspaceStorage), the extensions folder, the workspace, the
// extension's globalState and settings. One hit fails.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { usedSecretKinds, usedSecrets } from '../../support/secrets';
import { testHooks } from '../helpers';

const MAX_FILE_BYTES = 64 * 1024 * 1024;

function filesUnder(root: string): string[] {
  if (!fs.existsSync(root)) {
    return [];
  }
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`));
}

describe('Secret hygiene (after the whole in-host suite)', () => {
  it('finds no secret the suite used anywhere VS Code or the extension writes', async () => {
    const secrets = usedSecrets();
    assert.ok(secrets.length >= 20, `the suite registered ${secrets.length} secret fragments`);
    // Mux and FastPix accounts: their access-token secrets and the private keys their APIs returned.
    const kinds = usedSecretKinds();
    assert.ok((kinds.get('access-token') ?? 0) >= 2, "the suite registered the accounts' access-token secrets");
    assert.ok((kinds.get('created-key') ?? 0) >= 2, 'the suite registered the private keys the provider APIs returned');
    const api = await testHooks();
    // <user-data>/User/globalStorage/<extension id> → <user-data>
    const userData = path.resolve(api.storage.globalStorageUri.fsPath, '..', '..', '..');
    const roots = [userData, path.dirname(api.storage.logUri.fsPath), vscode.workspace.workspaceFolders![0].uri.fsPath];
    if (process.env.JWT_LENS_HOST_SCRATCH) {
      roots.push(path.join(process.env.JWT_LENS_HOST_SCRATCH, 'extensions'));
    }

    const hits: string[] = [];
    let searched = 0;
    for (const file of new Set(roots.flatMap(filesUnder))) {
      const stat = fs.statSync(file);
      if (stat.size > MAX_FILE_BYTES) {
        continue;
      }
      const content = fs.readFileSync(file).toString('latin1');
      searched++;
      for (const secret of secrets) {
        if (content.includes(secret)) {
          hits.push(`${file}: ${secret.slice(0, 6)}…`);
        }
      }
    }
    const inMemory = {
      globalState: JSON.stringify(api.keyStore.list()) + JSON.stringify(api.accounts.list()),
      settings:
        JSON.stringify(vscode.workspace.getConfiguration('jwtLens').inspect('')) +
        JSON.stringify(vscode.workspace.getConfiguration('jwtLens')),
    };
    for (const [where, content] of Object.entries(inMemory)) {
      for (const secret of secrets) {
        if (content.includes(secret)) {
          hits.push(`${where}: ${secret.slice(0, 6)}…`);
        }
      }
    }
    assert.ok(searched > 5, `searched ${searched} files`);
    assert.deepEqual(hits, []);
  });
});
