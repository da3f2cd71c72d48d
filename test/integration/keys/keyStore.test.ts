// The key store in the host: a removed key stops verifying whatever key load is in flight, and Restore
// Key tells an HMAC secret from another by its check value (kept for keys stored before there was one).
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { decodeToken } from '../../../src/core/token/decode';
import { secretKeyCheck } from '../../../src/core/keys/secretCheck';
import { importKeyText } from '../../../src/core/keys/importKey';
import { KeyStore } from '../../../src/services/keyStore';
import { Verification } from '../../../src/services/verification';
import { rememberSecret } from '../../support/secrets';
import { signWith } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, run, testHooks } from '../helpers';
import { errorsShownBy } from '../prompts';

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

describe('Key store: removed and restored keys (in the extension host)', () => {
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
});
