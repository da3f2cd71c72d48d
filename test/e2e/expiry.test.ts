import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jwt from 'jsonwebtoken';
import { SAMPLE_HMAC_SECRET } from '../support/samples';
import { openFile, runCommand, screenshot, startWorkbench } from './workbench';

describe('Expiry warnings in the real workbench (e2e)', () => {
  it('warns in the status bar about a token expiring within 10 minutes', async () => {
    const { page, workspace } = await startWorkbench();
    await runCommand(page, 'View: Close All Editors');
    const soon = jwt.sign({ sub: 'session-user', aud: 'media-api' }, SAMPLE_HMAC_SECRET, {
      algorithm: 'HS256',
      keyid: 'demo-hs256',
      expiresIn: '5m',
    });
    fs.writeFileSync(path.join(workspace, 'session.env'), `SESSION_TOKEN=${soon}\n`);
    await openFile(page, 'session.env');
    const item = page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /1 expiring in [45] min/ });
    await item.waitFor({ timeout: 30_000 });
    assert.match((await item.getAttribute('class')) ?? '', /warning-kind/);
    await screenshot(page, 'status-bar-warning', { shows: item, text: [/1 expiring in [45] min/] });
  });

  it('lists expired and unsigned tokens in the Problems panel', async () => {
    const { page } = await startWorkbench();
    await openFile(page, 'tokens.json');
    await page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: '1 expired' }).waitFor({ timeout: 30_000 });
    await runCommand(page, 'View: Focus Problems');
    const problems = page.locator('.markers-panel');
    await problems.locator('.monaco-list-row', { hasText: 'JWT expired' }).first().waitFor({ timeout: 30_000 });
    await problems.locator('.monaco-list-row', { hasText: 'Unsigned ("alg": "none")' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'problems-panel', { shows: problems, text: [/JWT expired/, /Unsigned \("alg": "none"\)/] });
  });
});
