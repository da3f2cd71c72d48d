import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { editorText, goToLineEnd, openFile, runCommand, screenshot, startWorkbench } from './workbench';

describe('Decode Token through the command palette (e2e)', () => {
  it('opens the decoded token of the .env line under the cursor', async () => {
    const { page } = await startWorkbench();
    await openFile(page, '.env');
    await goToLineEnd(page, 2);
    await runCommand(page, 'JWT: Decode Token');
    const decodedTab = page.locator('.tabs-container .tab.active', { hasText: 'Decoded JWT' });
    await decodedTab.waitFor();
    const decoded = editorText(page).filter({ hasText: 'Ada Lovelace' });
    await decoded.waitFor();
    assert.match(await decoded.innerText(), /"alg":\s*"HS256"/);
    const file = await screenshot(page, 'decode-token');
    assert.ok(fs.statSync(file).size > 10_000);
  });
});
