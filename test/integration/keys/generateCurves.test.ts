// Generate Key's P-384 and P-521 keys, in the real extension host: made by the command, stored, and
// signing ES384 and ES512 tokens that Verify Token checks with them.
import * as assert from 'node:assert/strict';
import { signToken } from '../../../src/core/sign/sign';
import { rememberPrivateKey } from '../../support/secrets';
import { b64 } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, run, testHooks } from '../helpers';
import { answering } from '../prompts';

describe('Generate Key: P-384 and P-521 (in the extension host)', () => {
  before(deleteAllKeys);
  after(deleteAllKeys);

  for (const [kind, alg] of [
    ['P-384', 'ES384'],
    ['P-521', 'ES512'],
  ] as const) {
    it(`generates a ${kind} key whose ${alg} tokens verify with it`, async () => {
      const id = await run<string>('jwtLens.generateKey', { kind, label: `gen-${kind}`, kid: `kid-${kind}` });
      const { keyStore } = await testHooks();
      const loaded = (await keyStore.load(id!))!;
      rememberPrivateKey(loaded.material);
      assert.deepEqual([loaded.type, loaded.curve, loaded.algorithms.sign], ['EC', kind, [alg]]);
      const signed = await signToken({ payload: { sub: 'x' }, alg, key: { ...loaded, label: `gen-${kind}` }, kid: `kid-${kind}` });
      assert.ok(signed.ok);
      const verified = await run<{ status: string; key?: { label: string } }>('jwtLens.verifyToken', signed.jwt, id);
      assert.deepEqual([verified?.status, verified?.key?.label], ['valid', `gen-${kind}`]);
    });
  }
});

describe('Generate Key: Ed448 where the runtime has it (in the extension host)', () => {
  before(deleteAllKeys);
  after(async () => {
    await deleteAllKeys();
    await closeAllEditors();
  });

  it("offers Ed448 only where this host's Web Crypto has it; its EdDSA and Ed448 tokens verify with it, Ed25519 is refused", async () => {
    const ed448 = await globalThis.crypto.subtle.generateKey({ name: 'Ed448' }, false, ['sign', 'verify']).then(
      () => true,
      () => false,
    );
    const { result: id, prompts } = await answering<string>([ed448 ? 'Ed448' : undefined, 'gen-ed448'], 'jwtLens.generateKey');
    assert.deepEqual(prompts.asked[0].items, [
      'RSA-2048',
      'RSA-3072',
      'RSA-4096',
      'P-256',
      'P-384',
      'P-521',
      'Ed25519',
      ...(ed448 ? ['Ed448'] : []),
      'HMAC-256',
      'HMAC-512',
    ]);
    if (!ed448) {
      const refused = await run<{ error: { message: string } }>('jwtLens.generateKey', { kind: 'Ed448', label: 'x' });
      assert.equal(
        refused?.error.message,
        "This VS Code's runtime cannot make Ed448 keys; use one of RSA-2048, RSA-3072, RSA-4096, P-256, P-384, P-521, Ed25519, HMAC-256, HMAC-512.",
      );
      const token = `${b64({ alg: 'Ed448' })}.${b64({ sub: 'x' })}.${'A'.repeat(152)}`;
      const verified = await run<{ status: string; message: string }>('jwtLens.verifyToken', token);
      assert.deepEqual(
        [verified?.status, verified?.message],
        [
          'unsupported',
          "This runtime's Web Crypto cannot verify Ed448, so the signature is unchecked, not bad; a runtime that has Ed448 verifies it.",
        ],
      );
      return;
    }
    const { keyStore } = await testHooks();
    const loaded = (await keyStore.load(id!))!;
    rememberPrivateKey(loaded.material);
    assert.deepEqual([loaded.type, loaded.curve, loaded.algorithms.sign], ['OKP', 'Ed448', ['EdDSA', 'Ed448']]);
    const stored = keyStore.get(id!)!;
    assert.equal((await testHooks()).keysTree.getTreeItem(stored).description, `Ed448 · kid ${stored.kid}`);
    for (const alg of ['EdDSA', 'Ed448']) {
      const signed = await signToken({ payload: { sub: 'x' }, alg, key: { ...loaded, label: 'gen-ed448' } });
      assert.ok(signed.ok, alg);
      const verified = await run<{ status: string; key?: { label: string } }>('jwtLens.verifyToken', signed.jwt, id);
      assert.deepEqual([verified?.status, verified?.key?.label], ['valid', 'gen-ed448'], alg);
    }
    const refused = await signToken({ payload: { sub: 'x' }, alg: 'Ed25519', key: { ...loaded, label: 'gen-ed448' } });
    assert.deepEqual(refused, {
      ok: false,
      error: { code: 'ERR_SIGN_ALG', message: 'Key gen-ed448 cannot sign Ed25519; it allows EdDSA, Ed448.' },
    });
  });
});
