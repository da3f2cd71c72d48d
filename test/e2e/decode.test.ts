import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { goToLineEnd, openFile, runCommand, screenshot, startWorkbench } from './workbench';

describe('Decode Token through the command palette (e2e)', () => {
  it('opens the decoded view of the .env line under the cursor', async () => {
    const { page } = await startWorkbench();
    await openFile(page, '.env');
    await goToLineEnd(page, 2);
    await runCommand(page, 'JWT: Decode Token');
    await page.locator('.tabs-container .tab', { hasText: 'Decoded JWT' }).waitFor();
    // A webview is two nested frames: the host iframe, then the active content frame.
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('#token').waitFor({ timeout: 30_000 });
    assert.match(await view.locator('body').innerText(), /Ada Lovelace/);
    assert.match(await view.locator('#signature').innerText(), /no key for kid demo-hs256/);
    const file = await screenshot(page, 'decoded-view');
    assert.ok(fs.statSync(file).size > 10_000);
  });
});
