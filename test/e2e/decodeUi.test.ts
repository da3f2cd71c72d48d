import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { decodedView, goToLineEnd, openFile, quickInput, runCommand, screenshot, startWorkbench } from './workbench';

/** Waits until `read` returns something other than `before` (the workbench applies settings live). */
async function expectChange(read: () => Promise<string>, before: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await read()) !== before) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`still ${before} after 10 s`);
}

describe('Decode Token through the command palette (e2e)', () => {
  it('opens the decoded view of the .env line under the cursor', async () => {
    const { page } = await startWorkbench();
    await openFile(page, '.env');
    await goToLineEnd(page, 2);
    await runCommand(page, 'JWT: Decode Token');
    await page.locator('.tabs-container .tab', { hasText: 'Decoded JWT' }).waitFor();
    const view = decodedView(page);
    await view.locator('#token').waitFor({ timeout: 30_000 });
    assert.match(await view.locator('body').innerText(), /Ada Lovelace/);
    assert.match(await view.locator('#signature').innerText(), /✓ signed by demo-hs256 \(demo key\)/);
    const file = await screenshot(page, 'decoded-view', {
      shows: view.locator('body'),
      text: [/"alg": "HS256"/, /"name": "Ada Lovelace"/],
    });
    assert.ok(fs.statSync(file).size > 10_000);
  });

  it("draws the decoded view in the theme's colours: light, dark, high contrast", async () => {
    const { page } = await startWorkbench();
    const view = decodedView(page);
    const colours = async () =>
      view.locator('body').evaluate((body) => {
        const style = body.ownerDocument.defaultView!.getComputedStyle(body);
        return `${style.color} on ${body.ownerDocument.defaultView!.getComputedStyle(body.ownerDocument.documentElement).backgroundColor}`;
      });
    const chooseTheme = async (theme: string) => {
      await runCommand(page, 'Preferences: Color Theme');
      await quickInput(page).fill(theme);
      // Click the theme's own row: Enter could pick "Browse Additional Color Themes…", which needs the network.
      await page
        .locator(`.quick-input-list .monaco-list-row[aria-label="${theme}"], .quick-input-list .monaco-list-row[aria-label^="${theme},"]`)
        .first()
        .click();
    };
    const seen: string[] = [await colours()];
    for (const [theme, name] of [
      ['Dark Modern', 'decoded-view-dark'],
      ['Dark High Contrast', 'decoded-view-high-contrast'],
    ]) {
      await chooseTheme(theme);
      await expectChange(colours, seen[seen.length - 1]);
      seen.push(await colours());
      await screenshot(page, name, { shows: view.locator('body'), text: [/"alg": "HS256"/, /"name": "Ada Lovelace"/] });
    }
    await chooseTheme('Light 2026');
    assert.equal(new Set(seen).size, 3, seen.join(' | '));
  });
});
