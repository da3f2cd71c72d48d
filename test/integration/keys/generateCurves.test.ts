// Generate Key's P-384 and P-521 keys, in the real extension host: made by the command, stored, and
// signing ES384 and ES512 tokens that Verify Token checks with them.
import * as assert from 'node:assert/strict';
import { signToken } from '../../../src/core/sign/sign';
import { rememberPrivateKey } from '../../support/secrets';
import { deleteAllKeys, run, testHooks } from '../helpers';

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
