// Promises from the second hardening round that live in the editor: a removed key stops verifying
// whatever key load is in flight; settings cannot push clock tolerance past its ceiling; Restore Key
// tells an HMAC secret from another; a document closed within the diagnostics debounce is dropped.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { decodeToken } from '../../src/core/token/decode';
import { secretKeyCheck } from '../../src/core/keys/secretCheck';
import { importKeyText } from '../../src/core/keys/importKey';
import { readConfig } from '../../src/config';
import { KeyStore } from '../../src/services/keyStore';
import type { InspectionService } from '../../src/services/inspections';
import { Verification } from '../../src/services/verification';
import { rememberSecret } from '../support/secrets';
import { assemble, signWith } from '../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, extensionExports, run, testHooks } from './helpers';
import { errorsShownBy } from './prompts';

/**
 * An in-memory SecretStorage whose reads can be held back, as a slow keychain's are: the value is
 * read when asked, the answer arrives when the gate opens. The OS keychain cannot be slowed on demand.
 */
class SlowSecrets implements vscode.SecretStorage {
  private readonly values = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event;
  gate: Promise<void> | undefined;

  async get(key: string): Promise<string | undefined> {
    const value = this.values.get(key);
    await this.gate;
    return value;
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changed.fire({ key });
  }

  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function memento(): vscode.Memento {
  const state = new Map<string, unknown>();
  return {
    get: (key: string) => state.get(key),
    update: async (key: string, value: unknown) => void state.set(key, value),
    keys: () => [...state.keys()],
  } as unknown as vscode.Memento;
}

describe('Hardening, round 2 (in the extension host)', () => {
  afterEach(closeAllEditors);

  it('a key deleted while the first key load is still reading secrets stops verifying at once', async () => {
    const secret = randomBytes(32).toString('base64url');
    rememberSecret(secret);
    const secrets = new SlowSecrets();
    const log = vscode.window.createOutputChannel('JWT Lens race test', { log: true });
    const store = new KeyStore(secrets, memento(), log);
    const service = new Verification(store);
    try {
      const imported = await importKeyText(secret);
      assert.ok(imported.ok);
      const key = await store.add(imported.keys[0], { label: 'doomed', kid: 'doomed', source: 'pasted' });
      const token = decodeToken(await signWith(secret, { sub: 'x' }, 'HS256', { kid: 'doomed' }));
      let open!: () => void;
      secrets.gate = new Promise((resolve) => (open = resolve));
      // The first load reads the HMAC secret (to verify with it) and waits for the keychain's answer.
      const first = service.verify(token);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.delete(key.id);
      const second = service.verify(token);
      await new Promise((resolve) => setTimeout(resolve, 50));
      open();
      assert.deepEqual([(await first).status, (await second).status], ['no-key', 'no-key']);
      assert.equal((await service.verify(token)).status, 'no-key');
      assert.equal(service.cached(token)?.status, 'no-key');
    } finally {
      service.dispose();
      store.dispose();
      secrets.dispose();
      log.dispose();
    }
  });

  it('caps jwtLens.clockTolerance at 300 s: a setting of 1e15 does not make a year-old token valid', async () => {
    const config = vscode.workspace.getConfiguration('jwtLens');
    const api = await testHooks();
    const now = 1_800_000_000;
    api.setClock({ nowSeconds: () => now });
    await config.update('clockTolerance', 1e15, vscode.ConfigurationTarget.Global);
    try {
      assert.equal(readConfig().clockToleranceSeconds, 300);
      const yearOld = assemble({ alg: 'HS256' }, { sub: 'x', exp: now - 365 * 86400 });
      const withinSkew = assemble({ alg: 'HS256' }, { sub: 'x', exp: now - 200 });
      const { verify } = await extensionExports();
      assert.equal((await verify(yearOld)).time.state, 'expired');
      assert.equal((await verify(withinSkew)).time.state, 'valid');
      await config.update('clockTolerance', 120, vscode.ConfigurationTarget.Global);
      assert.equal(readConfig().clockToleranceSeconds, 120);
    } finally {
      await config.update('clockTolerance', undefined, vscode.ConfigurationTarget.Global);
      api.setClock({ nowSeconds: () => Date.now() / 1000 });
    }
  });

  it('Restore Key refuses a different HMAC secret, saying so, and restores the same one', async () => {
    await deleteAllKeys();
    const secret = randomBytes(32).toString('base64url');
    const other = randomBytes(32).toString('base64url');
    rememberSecret(secret);
    rememberSecret(other);
    const [id] = (await run<string[]>('jwtLens.addKey', { text: secret, kid: 'lost-hs', label: 'lost-hs' }))!;
    const { keyStore } = await testHooks();
    await (keyStore as unknown as { secrets: vscode.SecretStorage }).secrets.delete(`jwtLens.key.${id}`);
    assert.equal(await keyStore.load(id), undefined);
    const { value, errors } = await errorsShownBy(() => run<{ error?: { code: string } }>('jwtLens.restoreKey', id, other));
    assert.equal(value?.error?.code, 'ERR_KEY_MISMATCH');
    assert.deepEqual(errors, ['That is not the key lost-hs was made from. Add it as a new key instead.']);
    assert.equal(await run('jwtLens.restoreKey', id, secret), true);
    const restored = keyStore.find('lost-hs')!;
    const token = await signWith(secret, { sub: 'x' }, 'HS256', { kid: 'lost-hs' });
    assert.equal((await run<{ status: string }>('jwtLens.verifyToken', token, restored.id))?.status, 'valid');
    await deleteAllKeys();
  });

  it('an HMAC key stored before check values were kept gains one when its secret is first read', async () => {
    await deleteAllKeys();
    const secret = randomBytes(32).toString('base64url');
    rememberSecret(secret);
    const [id] = (await run<string[]>('jwtLens.addKey', { text: secret, kid: 'legacy-hs', label: 'legacy-hs' }))!;
    const { keyStore } = await testHooks();
    // Metadata as an earlier version wrote it: no check value, nothing loaded yet this session.
    const internals = keyStore as unknown as { state: vscode.Memento; loaded: Map<string, unknown> };
    await internals.state.update(
      'jwtLens.keys',
      keyStore.list().map((key) => (key.id === id ? { ...key, secretCheck: undefined } : key)),
    );
    internals.loaded.clear();
    assert.equal(keyStore.get(id)?.secretCheck, undefined);
    assert.ok(await keyStore.load(id));
    assert.equal(keyStore.get(id)?.secretCheck, await secretKeyCheck(Buffer.from(secret)));
    await deleteAllKeys();
  });

  it('a document closed within the diagnostics debounce is not scanned again, nor its scan kept', async () => {
    const { inspections } = await testHooks();
    const service = inspections as InspectionService & { inspect: InspectionService['inspect'] };
    const inspect = service.inspect;
    // The check needs the close to land within the 400 ms debounce; on a loaded machine one edit and
    // close can take longer, so a slow attempt is tried again with a new document (at most 5).
    let closedIn = Infinity;
    for (let attempt = 0; attempt < 5 && closedIn >= 400; attempt++) {
      const document = await vscode.workspace.openTextDocument({ content: 'notes\n', language: 'plaintext' });
      const editor = await vscode.window.showTextDocument(document);
      const scannedAfterClose: number[] = [];
      service.inspect = (scanned) => {
        if (scanned === document && document.isClosed) {
          scannedAfterClose.push(Date.now());
        }
        return inspect.call(service, scanned);
      };
      try {
        const edited = Date.now();
        await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), `token=${assemble({ alg: 'HS256' }, { sub: 'x', exp: 1 })}\n`));
        // An untitled document reverted is disposed: the extension host closes it.
        await run('workbench.action.revertAndCloseActiveEditor');
        await eventually(() => (document.isClosed ? true : undefined), 5000, 'the document to close');
        closedIn = Date.now() - edited;
        await new Promise((resolve) => setTimeout(resolve, 800));
        if (closedIn < 400) {
          assert.deepEqual(scannedAfterClose, []);
          const documents = (inspections as unknown as { documents: Map<string, unknown> }).documents;
          assert.equal(documents.has(document.uri.toString()), false);
        }
      } finally {
        delete (service as { inspect?: unknown }).inspect;
      }
    }
    assert.ok(closedIn < 400, `closed within the 400 ms debounce in one of 5 attempts (the last took ${closedIn} ms)`);
  });
});
