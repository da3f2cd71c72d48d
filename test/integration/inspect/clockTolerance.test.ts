// Settings cannot push clock tolerance past its ceiling: a huge jwtLens.clockTolerance would make every
// expired token valid.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readConfig } from '../../../src/config';
import { assemble } from '../../support/tokens';
import { closeAllEditors, extensionExports, testHooks } from '../helpers';

describe('Clock tolerance has a ceiling (in the extension host)', () => {
  afterEach(closeAllEditors);

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
});
