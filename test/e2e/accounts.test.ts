import * as assert from 'node:assert/strict';
import { inputTitled, runCommand, screenshot, startWorkbench } from './workbench';

describe('Mux account in the Keys view (e2e)', () => {
  // The other e2e files (and the Keys view screenshot) expect the demo keys only: leave as found.
  after(async () => {
    const { page, providerApi } = await startWorkbench();
    const kid = [...providerApi.keys.mux.keys()][0];
    if (kid) {
      await runCommand(page, 'JWT: Delete Key');
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: `Mux ${kid}` })
        .first()
        .click();
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Delete' }).click();
    }
    await runCommand(page, 'JWT: Disconnect Account');
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Disconnect' }).click();
    await page
      .locator('.monaco-list-row[role="treeitem"]', { hasText: 'Mux Acme / Production' })
      .waitFor({ state: 'detached', timeout: 20_000 });
    // Back to the Explorer, so the next file's click on the JWT Lens icon opens the view (not closes it).
    await page.locator('.part.activitybar .action-item .action-label[aria-label^="Explorer"]').click();
  });

  it('connects through the palette, then creates a signing key from the account row: stored, never shown', async () => {
    const { page, providerApi } = await startWorkbench();
    const token = providerApi.addToken('mux');
    await runCommand(page, 'JWT: Connect Mux Account');
    await (await inputTitled(page, 'Connect Mux Account (1/2)')).fill(token.tokenId);
    await page.keyboard.press('Enter');
    const secret = await inputTitled(page, 'Connect Mux Account (2/2)');
    assert.equal(await secret.getAttribute('type'), 'password');
    await secret.fill(token.tokenSecret);
    await page.keyboard.press('Enter');

    await page.locator('.part.activitybar .action-item .action-label[aria-label="JWT Lens"]').click();
    const account = page.locator('.monaco-list-row[role="treeitem"]', { hasText: 'Mux Acme / Production' });
    await account.waitFor({ timeout: 20_000 });
    // Under the Accounts group the account row may open expanded: a click would fold it.
    if ((await account.getAttribute('aria-expanded')) !== 'true') {
      await account.click();
    }
    // Its rows: the demo's stored Mux key (not at this account yet), so no "No signing keys yet" message.
    await page.locator('.monaco-list-row[role="treeitem"]', { hasText: 'mux-demo (demo key)' }).waitFor({ timeout: 20_000 });

    // The account row's inline button.
    await account.hover();
    await account.locator('.action-label[aria-label^="Create Signing Key"]').click();
    const [kid] = await waitForKeys(providerApi);
    const remote = page.locator('.monaco-list-row[role="treeitem"]', { hasText: kid }).filter({ hasText: 'stored here' });
    await remote.waitFor({ timeout: 20_000 });
    // Shown once, under its account (in the Accounts group): not among the signing keys as well.
    assert.equal(await page.locator('.monaco-list-row[role="treeitem"]', { hasText: `Mux ${kid}` }).count(), 0);
    const notice = page.locator('.notifications-toasts .notification-toast', { hasText: `Created Mux signing key ${kid}` });
    await notice.waitFor({ timeout: 20_000 });
    const shown = await page.locator('.monaco-workbench').innerText();
    assert.doesNotMatch(shown, /PRIVATE KEY|LS0tLS1CRUdJTi/);
    await screenshot(page, 'accounts-view', {
      shows: page.locator('.pane', { has: account }),
      text: [/Accounts/, /Mux Acme \/ Production/, /stored here/],
    });
  });
});

async function waitForKeys(api: { keys: { mux: Map<string, unknown> } }): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  while (api.keys.mux.size === 0) {
    if (Date.now() > deadline) {
      throw new Error('No key was created at the local Mux API.');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [...api.keys.mux.keys()];
}
