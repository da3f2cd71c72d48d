// The demo starts ready: with the demo keys the sample tokens verify and the sample claims file
// signs. Seeding is the demo's alone: the test host (like any VS Code) has no JWT_LENS_DEMO_SECRET.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodeToken } from '../../../src/core/token/decode';
import { DEMO_HMAC_KID, DEMO_RSA_KID, demoSecretFromEnvironment, seedDemoKeys } from '../../../src/keys/demoKeys';
import { SAMPLE_HMAC_SECRET, sampleTokens } from '../../support/samples';
import { deleteAllKeys, run, testHooks, workspaceUri } from '../helpers';

describe('Demo keys', () => {
  let log: vscode.LogOutputChannel;
  before(async () => {
    await deleteAllKeys();
    log = vscode.window.createOutputChannel('JWT Lens demo test', { log: true });
  });
  after(async () => {
    log.dispose();
    await deleteAllKeys();
  });

  it('are not added outside the demo: the environment has no demo secret', async () => {
    assert.equal(demoSecretFromEnvironment(), undefined);
    assert.deepEqual(
      (await testHooks()).keyStore.list().filter((key) => key.label.endsWith('(demo key)')),
      [],
    );
  });

  it('make the sample tokens verify and the sample claims file sign, labelled as demo keys', async () => {
    const { keyStore } = await testHooks();
    const added = await seedDemoKeys(keyStore, SAMPLE_HMAC_SECRET, log);
    assert.deepEqual(added, [`${DEMO_HMAC_KID} (demo key)`, `${DEMO_RSA_KID} (demo key)`]);

    // Verified as a hover or CodeLens verifies it: the token's kid finds the key.
    const decoded = await run<{ signature?: string }>('jwtLens.decodeToken', sampleTokens.apiToken);
    assert.equal(decoded?.signature, 'valid');
    const verified = await run<{ status: string; key?: { label: string } }>('jwtLens.verifyToken', sampleTokens.apiToken, DEMO_HMAC_KID);
    assert.equal(verified?.key?.label, 'demo-hs256 (demo key)');

    const signed = await run<{ token: string; key: string; alg: string }>('jwtLens.signClaimsFile', {
      file: workspaceUri('playback.claims.json'),
      output: 'none',
    });
    assert.equal(signed?.key, 'mux-demo (demo key)');
    assert.equal(signed?.alg, 'RS256');
    const claims = decodeToken(signed!.token).payload;
    assert.equal(claims?.kid, DEMO_RSA_KID, 'the Mux way: kid in the payload');
    assert.equal(claims?.sub, 'abc123PlaybackId');
  });

  it('are added once: seeding again adds nothing', async () => {
    const { keyStore } = await testHooks();
    assert.deepEqual(await seedDemoKeys(keyStore, SAMPLE_HMAC_SECRET, log), []);
    assert.equal(keyStore.list().length, 2);
  });
});
