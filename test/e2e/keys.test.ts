import * as assert from 'node:assert/strict';
import { inputTitled, runCommand, screenshot, startWorkbench } from './workbench';

describe('Keys view (e2e)', () => {
  it('shows a key generated through the command palette', async () => {
    const { page } = await startWorkbench();
    await runCommand(page, 'JWT: Generate Key');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'P-256' }).first().click();
    await (await inputTitled(page, 'Generate Key (2/2)')).fill('e2e-generated-key');
    await page.keyboard.press('Enter');
    // The JWT Lens icon in the activity bar opens the view container.
    await page.locator('.part.activitybar .action-item .action-label[aria-label="JWT Lens"]').click();
    const row = page.locator('.monaco-list-row[role="treeitem"]', { hasText: 'e2e-generated-key' });
    await row.waitFor({ timeout: 20_000 });
    assert.match(await row.innerText(), /EC P-256/);
    await screenshot(page, 'keys-view', { shows: page.locator('.pane', { has: row }), text: [/e2e-generated-key/, /EC P-256/] });
  });

  it("the title bar's Generate Key with a key selected asks the type and a new name", async () => {
    const { page } = await startWorkbench();
    const selected = page.locator('.monaco-list-row[role="treeitem"]', { hasText: 'e2e-generated-key' });
    await selected.click();
    // A container with one view shows that view's buttons in the side bar's own title bar.
    await page.locator('.part.sidebar .composite.title').hover();
    await page.locator('.part.sidebar .composite.title .action-label[aria-label^="Generate Key"]').click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Generate Key (1/2)' }).waitFor({ timeout: 20_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Ed25519' }).first().click();
    const name = await inputTitled(page, 'Generate Key (2/2)');
    assert.notEqual(await name.inputValue(), 'e2e-generated-key');
    await name.fill('e2e-from-title');
    await page.keyboard.press('Enter');
    const row = page.locator('.monaco-list-row[role="treeitem"]', { hasText: 'e2e-from-title' });
    await row.waitFor({ timeout: 20_000 });
    assert.match(await row.innerText(), /Ed25519/);
    assert.doesNotMatch(await row.innerText(), /e2e-generated-key/);
    // Its public key opens last, taking the focus: wait for it so the next test starts settled.
    await page.locator('.tabs-container .tab.active', { hasText: 'e2e-from-title.public.pem' }).waitFor({ timeout: 20_000 });
  });
});
