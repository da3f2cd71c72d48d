import * as assert from 'node:assert/strict';
import { inputTitled, runCommand, screenshot, startWorkbench } from './workbench';

describe('Keys view (e2e)', () => {
  it('shows a key generated through the command palette', async () => {
    const { page } = await startWorkbench();
    await runCommand(page, 'JWT: Generate Key');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'P-256' }).first().click();
    await (await inputTitled(page, 'Name the new key')).fill('e2e-generated-key');
    await page.keyboard.press('Enter');
    // The JWT Lens icon in the activity bar opens the view container.
    await page.locator('.part.activitybar .action-item .action-label[aria-label="JWT Lens"]').click();
    const row = page.locator('.monaco-list-row[role="treeitem"]', { hasText: 'e2e-generated-key' });
    await row.waitFor({ timeout: 20_000 });
    assert.match(await row.innerText(), /EC P-256/);
    await screenshot(page, 'keys-view', { shows: page.locator('.pane', { has: row }), text: [/e2e-generated-key/, /EC P-256/] });
  });
});
