import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jwt from 'jsonwebtoken';
import * as vscode from 'vscode';
import { decodeToken } from '../../../src/core/token/decode';
import { verifyToken } from '../../../src/core/judge/verify';
import { testCertificate, testKeys } from '../../support/keys';
import {
  JWS_VECTORS,
  RFC7520_EC_PUBLIC_JWK,
  RFC7520_HMAC_JWK,
  RFC7520_RSA_PUBLIC_JWK,
  RFC8037_ED25519_PUBLIC_JWK,
} from '../../support/rfcVectors';
import { rememberPrivateKey, rememberSecret } from '../../support/secrets';
import { verificationKey } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, run, testHooks } from '../helpers';

describe('Signing keys in SecretStorage (in the extension host)', () => {
  before(() => {
    const keys = testKeys();
    for (const text of [
      keys.rsaPkcs1Pem,
      keys.rsaPkcs8Pem,
      keys.muxPrivateKeyBase64,
      keys.ecSec1Pem,
      keys.edPkcs8Pem,
      keys.hmac32,
      keys.hmac64,
      testCertificate().privateKeyPem,
    ]) {
      rememberSecret(text);
    }
    for (const pair of [keys.rsa, keys.p256, keys.ed25519]) {
      rememberPrivateKey(pair.privateKey);
    }
  });
  beforeEach(deleteAllKeys);
  afterEach(closeAllEditors);

  const forms: Array<[string, () => string, string, boolean]> = [
    ['PKCS#8 PEM', () => testKeys().rsaPkcs8Pem, 'pkcs8', true],
    ['PKCS#1 PEM', () => testKeys().rsaPkcs1Pem, 'pkcs1', true],
    ['SEC1 PEM', () => testKeys().ecSec1Pem, 'sec1', true],
    ['Ed25519 PKCS#8 PEM', () => testKeys().edPkcs8Pem, 'pkcs8', true],
    ['SPKI public PEM', () => testKeys().rsaSpkiPem, 'spki', false],
    ['X.509 certificate', () => testCertificate().certificatePem, 'x509', false],
    ['JWK', () => JSON.stringify({ ...testKeys().p256.privateKey.export({ format: 'jwk' }), kid: 'jwk-kid' }), 'jwk', true],
    ['HMAC secret', () => testKeys().hmac64, 'hmac-text', true],
  ];
  for (const [name, text, form, isPrivate] of forms) {
    it(`adds a ${name} through Add Signing Key and keeps only metadata outside SecretStorage`, async () => {
      const ids = await run<string[]>('jwtLens.addKey', { text: text(), kid: `kid-${form}` });
      assert.equal(ids?.length, 1);
      const { keyStore } = await testHooks();
      const stored = keyStore.get(ids![0])!;
      assert.equal(stored.form, form);
      assert.equal(stored.isPrivate, isPrivate);
      assert.equal(stored.kid, form === 'jwk' ? 'kid-jwk' : `kid-${form}`);
      assert.ok(!JSON.stringify(stored).includes('"d"'), 'metadata holds no private JWK member');
      const loaded = await keyStore.load(stored.id);
      assert.equal(loaded?.isPrivate, isPrivate);
    });
  }

  describe('Add Signing Key through the command API without a kid', () => {
    const cases: Array<[string, () => string, string | undefined]> = [
      ['a PEM with no kid of its own: no kid, so it is tried for tokens without one', () => testKeys().ecSec1Pem, undefined],
      ['an HMAC secret: no kid', () => testKeys().hmac64, undefined],
      [
        'a JWK: its own kid',
        () => JSON.stringify({ ...testKeys().p256.privateKey.export({ format: 'jwk' }), kid: 'from-jwk' }),
        'from-jwk',
      ],
    ];
    for (const [name, text, kid] of cases) {
      it(`adds ${name}`, async () => {
        const ids = await run<string[]>('jwtLens.addKey', { text: text(), label: 'no-kid' });
        assert.equal(ids?.length, 1, `addKey returned ${JSON.stringify(ids)}`);
        const stored = (await testHooks()).keyStore.get(ids![0])!;
        assert.deepEqual([stored.label, stored.kid], ['no-kid', kid]);
      });
    }

    it('takes the kid from the file name when the key comes from a file', async () => {
      const file = path.join(os.tmpdir(), `jwt-lens-${process.pid}-file-kid.pem`);
      fs.writeFileSync(file, testKeys().ecSec1Pem);
      try {
        const ids = await run<string[]>('jwtLens.addKey', { file, label: 'from-file' });
        assert.equal((await testHooks()).keyStore.get(ids![0])?.kid, `jwt-lens-${process.pid}-file-kid`);
      } finally {
        fs.unlinkSync(file);
      }
    });

    it('verifies a token without a kid against every stored key that allows its alg', async () => {
      const keys = testKeys();
      await run('jwtLens.addKey', { text: keys.hmac64, label: 'hs-other' });
      await run('jwtLens.addKey', { text: keys.ecSec1Pem, label: 'es-key', kid: 'es-kid' });
      await run('jwtLens.addKey', { text: keys.hmac32, label: 'hs-right' });
      const token = jwt.sign({ sub: 'no-kid' }, keys.hmac32, { algorithm: 'HS256' });
      const result = await run<{ status: string; key: { label: string } }>('jwtLens.verifyToken', token);
      assert.deepEqual([result?.status, result?.key?.label], ['valid', 'hs-right']);
      const es = jwt.sign({ sub: 'no-kid' }, keys.ecSec1Pem, { algorithm: 'ES256' });
      const esResult = await run<{ status: string; key: { label: string } }>('jwtLens.verifyToken', es);
      assert.deepEqual([esResult?.status, esResult?.key?.label], ['valid', 'es-key']);
    });
  });

  it('verifies the RFC 7520 §4.1-4.4 and RFC 8037 §A.4 JWS vectors (text payloads) through the command API, keys added as JWKs', async () => {
    // Published, but stored as a secret like any other: the hygiene check looks for it too.
    rememberPrivateKey(new Uint8Array(Buffer.from(RFC7520_HMAC_JWK.k, 'base64url')));
    for (const jwk of [RFC7520_RSA_PUBLIC_JWK, RFC7520_EC_PUBLIC_JWK, RFC7520_HMAC_JWK, RFC8037_ED25519_PUBLIC_JWK]) {
      const ids = await run<string[]>('jwtLens.addKey', { text: JSON.stringify(jwk), label: `rfc ${jwk.kty}` });
      assert.equal(ids?.length, 1, `${jwk.kty}: ${JSON.stringify(ids)}`);
    }
    for (const vector of JWS_VECTORS) {
      const verified = await run<{ status: string; alg: string; key: { label: string } }>('jwtLens.verifyToken', vector.compact);
      assert.deepEqual([verified?.status, verified?.alg], ['valid', vector.alg], vector.section);
      const expectedKey =
        vector.alg === 'ES512' ? 'rfc EC' : vector.alg === 'EdDSA' ? 'rfc OKP' : vector.alg === 'HS256' ? 'rfc oct' : 'rfc RSA';
      assert.equal(verified?.key.label, expectedKey, vector.section);
      const decodedResult = await run<{ payload?: unknown; payloadText?: string; warning?: string; time: string; signature: string }>(
        'jwtLens.decodeToken',
        vector.compact,
      );
      assert.deepEqual(
        [decodedResult?.payload, decodedResult?.payloadText, decodedResult?.warning, decodedResult?.time, decodedResult?.signature],
        [undefined, vector.payload, undefined, 'not a JWT (payload is not JSON)', 'valid'],
        vector.section,
      );
    }
    const hooks = await testHooks();
    assert.equal(hooks.decodedView.current?.verdict.decoded.payloadText, JWS_VECTORS[4].payload);
    // The HS256 vector verifies with a key that can sign, but a text payload has no claims to re-sign.
    assert.deepEqual(await hooks.inspections.resigner(decodeToken(JWS_VECTORS[3].compact)), {
      ok: false,
      error: { code: 'ERR_TOKEN_UNSUITABLE', message: 'Only a well-formed signed JWT (JWS) can be re-signed.' },
    });
  });

  it('adds a Mux key exactly as Mux gives it: key id + base64-encoded PKCS#1 PEM', async () => {
    const id = await run<string>('jwtLens.addMuxKey', { kid: 'MuxKeyId01234567', privateKey: testKeys().muxPrivateKeyBase64 });
    const { keyStore } = await testHooks();
    const stored = keyStore.get(id!)!;
    assert.deepEqual(
      [stored.label, stored.kid, stored.provider, stored.form, stored.base64Wrapped],
      ['Mux MuxKeyId01234567', 'MuxKeyId01234567', 'mux', 'pkcs1', true],
    );
    assert.deepEqual(stored.algorithms.sign, ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']);
  });

  it('adds a FastPix key pair (key id + base64 private key)', async () => {
    const fastPixKey = Buffer.from(testKeys().rsaPkcs8Pem).toString('base64');
    rememberSecret(fastPixKey);
    const id = await run<string>('jwtLens.addFastPixKey', { keyId: 'fp-signing-key-1', privateKey: fastPixKey });
    const stored = (await testHooks()).keyStore.get(id!)!;
    assert.equal(stored.provider, 'fastpix');
    assert.equal(stored.kid, 'fp-signing-key-1');
  });

  it('refuses a Mux key that is not a private key, saying what it is', async () => {
    const result = await run<{ error: { code: string; message: string } }>('jwtLens.addMuxKey', {
      keyId: 'x',
      privateKey: Buffer.from(testKeys().rsaSpkiPem).toString('base64'),
    });
    assert.equal(result?.error.code, 'ERR_KEY_NOT_SIGNING');
    assert.match(result?.error.message ?? '', /^Not a Mux signing key: It is .*, not a private signing key\./);
    assert.equal((await testHooks()).keyStore.list().length, 0);
  });

  it('imports a JWKS as one key per member, named by kid', async () => {
    const jwks = {
      keys: [
        { ...testKeys().rsa.publicKey.export({ format: 'jwk' }), kid: 'one' },
        { ...testKeys().p256.publicKey.export({ format: 'jwk' }), kid: 'two' },
      ],
    };
    const ids = await run<string[]>('jwtLens.addKey', { text: JSON.stringify(jwks) });
    assert.deepEqual(
      (await testHooks()).keyStore
        .list()
        .map((key) => key.label)
        .sort(),
      ['one', 'two'],
    );
    assert.equal(ids?.length, 2);
  });

  it('adds a key from a file, taking the kid from the file name', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-lens-key-')), 'edge-signer.pem');
    fs.writeFileSync(file, testKeys().ecPkcs8Pem);
    try {
      const [id] = (await run<string[]>('jwtLens.addKey', { file: vscode.Uri.file(file) }))!;
      assert.equal((await testHooks()).keyStore.get(id)?.kid, 'edge-signer');
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  for (const kind of ['RSA-2048', 'RSA-3072', 'P-256', 'Ed25519', 'HMAC-256', 'HMAC-512']) {
    it(`generates a ${kind} key that signs`, async () => {
      const id = await run<string>('jwtLens.generateKey', { kind, label: `gen-${kind}` });
      const { keyStore } = await testHooks();
      const loaded = (await keyStore.load(id!))!;
      rememberPrivateKey(loaded.material);
      assert.equal(keyStore.get(id!)?.label, `gen-${kind}`);
      assert.ok(loaded.algorithms.sign.length > 0);
      assert.equal(keyStore.get(id!)?.source, 'generated');
    });
  }

  it('renames a key', async () => {
    const id = await run<string>('jwtLens.generateKey', { kind: 'P-256', label: 'before' });
    assert.equal(await run('jwtLens.renameKey', id, 'after'), 'after');
    assert.equal((await testHooks()).keyStore.get(id!)?.label, 'after');
  });

  it('deletes a key and its secret', async () => {
    const id = await run<string>('jwtLens.generateKey', { kind: 'HMAC-256', label: 'doomed' });
    assert.equal(await run('jwtLens.deleteKey', id, { confirm: false }), true);
    const { keyStore } = await testHooks();
    assert.equal(keyStore.get(id!), undefined);
    assert.equal(await keyStore.load(id!), undefined);
  });

  it('exports a public key as PEM and JWK, and refuses to export an HMAC secret', async () => {
    const [id] = (await run<string[]>('jwtLens.addKey', { text: testKeys().rsaPkcs1Pem, kid: 'rsa-export' }))!;
    const pem = await run<string>('jwtLens.exportPublicKey', { key: id, format: 'pem', to: 'clipboard' });
    assert.equal(pem, testKeys().rsaSpkiPem);
    assert.equal(await vscode.env.clipboard.readText(), pem);
    const jwk = JSON.parse((await run<string>('jwtLens.exportPublicKey', { key: 'rsa-export', format: 'jwk', to: 'editor' }))!);
    assert.deepEqual([jwk.kid, jwk.alg, jwk.use, jwk.d], ['rsa-export', 'RS256', 'sig', undefined]);
    assert.match(vscode.window.activeTextEditor!.document.getText(), /"kid": "rsa-export"/);
    const [secretId] = (await run<string[]>('jwtLens.addKey', { text: testKeys().hmac32, kid: 'hs' }))!;
    assert.deepEqual(await run('jwtLens.exportPublicKey', { key: secretId, format: 'pem', to: 'clipboard' }), {
      error: {
        code: 'ERR_NO_SUITABLE_KEY',
        message: 'An HMAC secret has no public key to export: whoever verifies needs the same secret.',
      },
    });
  });

  it('round trip: a key exported as JWKS verifies a token signed with its private half', async () => {
    await run('jwtLens.addMuxKey', { keyId: 'mux-kid', privateKey: testKeys().muxPrivateKeyBase64 });
    await run('jwtLens.generateKey', { kind: 'Ed25519', label: 'ed', kid: 'ed-kid' });
    const jwks = (await run<string>('jwtLens.exportPublicKey', { format: 'jwks', to: 'editor' }))!;
    assert.equal(JSON.parse(jwks).keys.length, 2);
    const token = jwt.sign({ sub: 'playback-id', aud: 'v' }, testKeys().rsaPkcs1Pem, {
      algorithm: 'RS256',
      keyid: 'mux-kid',
      expiresIn: 600,
    });
    const fromJwks = await verificationKey(jwks, 'from-jwks', 'mux-kid');
    assert.equal((await verifyToken(decodeToken(token), [fromJwks])).status, 'valid');
  });

  it('copies the key id', async () => {
    const id = await run<string>('jwtLens.generateKey', { kind: 'P-256', label: 'copy-me', kid: 'kid-to-copy' });
    assert.equal(await run('jwtLens.copyKeyId', id), 'kid-to-copy');
    assert.equal(await vscode.env.clipboard.readText(), 'kid-to-copy');
  });

  it('marks a key whose secret is gone as missing, and restores it from the same key', async () => {
    const [id] = (await run<string[]>('jwtLens.addKey', { text: testKeys().ecSec1Pem, kid: 'lost' }))!;
    const { keyStore } = await testHooks();
    // Simulate a wiped keychain: remove only the secret, as another machine would lack it.
    await (keyStore as unknown as { secrets: vscode.SecretStorage }).secrets.delete(`jwtLens.key.${id}`);
    assert.equal(await keyStore.load(id), undefined);
    assert.equal(keyStore.isMissing(id), true);
    const { keysTree } = await testHooks();
    const item = keysTree.getTreeItem(keyStore.get(id)!);
    assert.equal(item.description, 'EC P-256 · unavailable');
    assert.equal(item.contextValue, 'jwtKey.missing');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.equal(
      (await run<{ error?: { code: string } }>('jwtLens.restoreKey', id, testKeys().rsaPkcs8Pem))?.error?.code,
      'ERR_KEY_MISMATCH',
      'a different key is refused',
    );
    assert.equal(await run('jwtLens.restoreKey', id, testKeys().ecPkcs8Pem), true);
    const restored = keyStore.list().find((key) => key.kid === 'lost')!;
    assert.ok(await keyStore.load(restored.id));
    assert.equal(keysTree.getTreeItem(restored).description, 'EC P-256 · can decrypt');
  });

  it('names unknown keys in its message instead of failing', async () => {
    assert.deepEqual(await run('jwtLens.renameKey', 'no-such-key', 'x'), {
      error: { code: 'ERR_KEY_NOT_FOUND', message: 'No stored key named no-such-key.' },
    });
  });
});

describe('Secret storage failures (in the extension host)', () => {
  // The OS keychain cannot be broken on demand in a test host, so this store is given a
  // SecretStorage whose every call fails the way a missing Linux keyring does.
  const unavailable: vscode.SecretStorage = {
    get: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
    store: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
    delete: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
    keys: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
    onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
  } as vscode.SecretStorage;

  it('says what to install or configure, keeps no metadata for the failed key, and never echoes the key', async () => {
    const { KeyStore, KeyStoreError } = await import('../../../src/services/keyStore');
    const { importKeyText } = await import('../../../src/core/keys/importKey');
    const state = new Map<string, unknown>();
    const memento = {
      get: (key: string) => state.get(key),
      update: async (key: string, value: unknown) => void state.set(key, value),
      keys: () => [...state.keys()],
    } as unknown as vscode.Memento;
    const log = vscode.window.createOutputChannel('JWT Lens test', { log: true });
    const store = new KeyStore(unavailable, memento, log);
    try {
      const imported = await importKeyText(testKeys().ecSec1Pem);
      assert.ok(imported.ok);
      await assert.rejects(store.add(imported.keys[0], { label: 'k', source: 'pasted' }), (error: unknown) => {
        assert.ok(error instanceof KeyStoreError);
        assert.equal(
          error.message,
          "Could not save the key: VS Code's secret storage (the OS keychain) is not available. On Linux, install and unlock a keyring such as gnome-keyring or KWallet, or start VS Code with --password-store=basic.",
        );
        return true;
      });
      assert.deepEqual(store.list(), []);
      await assert.rejects(store.load('missing-id'), KeyStoreError);
      assert.deepEqual(await store.verificationKeys(), []);
    } finally {
      store.dispose();
      log.dispose();
    }
  });
});
