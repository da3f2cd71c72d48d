import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chooseInPick, decodedView, editorText, inputTitled, runCommand, screenshot, startWorkbench } from './workbench';

/** A new claims file opens with its first placeholder selected: typing, once it is, puts a value in its place. */
async function typeOverPlaceholder(page: Page, value: string): Promise<void> {
  await page.locator('.part.editor .editor-group-container.active .monaco-editor .selected-text').first().waitFor();
  await page.keyboard.type(value);
}

describe('Sign a Mux claims file (e2e)', () => {
  it('New Claims File → Mux video → Sign → the token in a new editor', async () => {
    const { page } = await startWorkbench();
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'JWT: Generate Key');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'RSA-2048' }).first().click();
    await (await inputTitled(page, 'Generate Key (2/2)')).fill('e2e-mux-rsa');
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts', { hasText: 'Generated RSA 2048 key e2e-mux-rsa' }).waitFor({ timeout: 30_000 });

    await runCommand(page, 'JWT: New Claims File');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Mux playback: video' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'mux-video.claims.json' }).waitFor();
    await editorText(page).filter({ hasText: '"aud": "v"' }).first().waitFor();
    await screenshot(page, 'claims-file', { shows: editorText(page).first(), text: [/"aud": "v"/, /"\$jwt"/] });
    await typeOverPlaceholder(page, 'e2ePlaybackId123');
    await editorText(page).filter({ hasText: '"sub": "e2ePlaybackId123"' }).first().waitFor();

    await runCommand(page, 'JWT: Sign Claims File');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'e2e-mux-rsa' }).first().click();
    await chooseInPick(page, 'Where should the token go?', 'Open in New Editor');
    const notification = page.locator('.notifications-toasts', { hasText: 'Signed with e2e-mux-rsa (RS256)' });
    await notification.waitFor({ timeout: 30_000 });
    assert.match(await notification.innerText(), /expires .* \(valid for 15 min\)/);
    const tokenLine = editorText(page).locator('.view-line', { hasText: /^eyJ/ }).first();
    await tokenLine.waitFor({ timeout: 20_000 });
    // The decoded view opens beside the token: the capture waits for its header and payload.
    await screenshot(page, 'signed-token', {
      shows: decodedView(page).locator('body'),
      text: [/"alg": "RS256"/, /"aud": "v"/, /signed by e2e-mux-rsa/],
    });
  });

  it("the editor title's Sign button on a claims file never signed asks where the token goes and copies it", async () => {
    const { page } = await startWorkbench();
    // The previous test's claims file is untitled: closing it would ask to save, so it stays open.
    await runCommand(page, 'JWT: New Claims File');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Mux playback: thumbnail' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'mux-thumbnail.claims.json' }).waitFor();
    await editorText(page).filter({ hasText: '"aud": "t"' }).first().waitFor();
    await typeOverPlaceholder(page, 'e2ePlaybackId123');
    await editorText(page).filter({ hasText: '"sub": "e2ePlaybackId123"' }).first().waitFor();
    await page.locator('.editor-actions .action-label[aria-label*="Sign Claims File"]').first().click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'e2e-mux-rsa' }).first().click();
    await chooseInPick(page, 'Where should the token go?', 'Copy to Clipboard');
    const notification = page.locator('.notifications-toasts', { hasText: 'the token is on the clipboard' });
    await notification.waitFor({ timeout: 30_000 });
    assert.match(await notification.innerText(), /Signed with e2e-mux-rsa \(RS256\)/);
    await screenshot(page, 'signed-from-editor-title');
  });
});
