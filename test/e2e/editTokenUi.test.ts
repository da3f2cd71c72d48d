import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { editorText, hoverUntil, openFile, runCommand, screenshot, startWorkbench } from './workbench';

describe('Edit Token in the real workbench (e2e)', () => {
  it("hover's Edit Token → change a claim → the Sign and Replace lens → the new token in place; Undo restores it", async () => {
    const { page, workspace } = await startWorkbench();
    await runCommand(page, 'View: Close All Editors');
    // A copy of the sample request: the other checks read api.http as it is.
    fs.writeFileSync(path.join(workspace, 'edit-me.http'), fs.readFileSync(path.join(workspace, 'api.http'), 'utf8'));
    await openFile(page, 'edit-me.http');
    await page.locator('.part.editor .codelens-decoration', { hasText: 'signed by demo-hs256' }).first().waitFor({ timeout: 30_000 });
    const link = page.locator('.monaco-hover a', { hasText: 'Edit Token' });
    await hoverUntil(page, 'Authorization: Bearer eyJ', link);
    await link.first().click();

    await page.locator('.tabs-container .tab.active', { hasText: /edit-token-\d+\.claims\.json/ }).waitFor({ timeout: 30_000 });
    await editorText(page).filter({ hasText: '"name": "Ada Lovelace"' }).first().waitFor({ timeout: 30_000 });
    // Select the name with Find, then type over it.
    await page.keyboard.press('Control+F');
    await page.locator('.find-widget textarea, .find-widget input').first().fill('Ada Lovelace');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    // Typing only once the find widget has closed and the editor has the focus (and the found text selected).
    await page.locator('.find-widget.visible').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.keyboard.type('Grace Hopper');
    await screenshot(page, 'edit-token', {
      shows: page.locator('.part.editor .editor-group-container.active .editor-container .monaco-editor').first(),
      text: [
        /Sign and Replace/,
        /Sign and Copy/,
        /"name": "Grace Hopper"/,
        /"key": "demo-hs256 \(demo key\)"/,
        /"exp": \d+, \/\/ \d{4}-\d\d-\d\dT/,
      ],
    });

    await page.locator('.part.editor .codelens-decoration a', { hasText: 'Sign and Replace' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'edit-me.http' }).waitFor({ timeout: 30_000 });
    const hover = page.locator('.monaco-hover', { hasText: 'JWT HS256' });
    await hoverUntil(page, 'Authorization: Bearer eyJ', hover.filter({ hasText: 'Grace Hopper' }));
    const text = await hover.first().innerText();
    assert.match(text, /signed by demo-hs256 \(demo key\)/);
    await screenshot(page, 'edit-token-replaced', { shows: hover, text: [/Grace Hopper/, /signed by demo-hs256/] });

    // Undo in the source brings the old token back: the file is as it was on disk, and reads so.
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await editorText(page).locator('.view-line', { hasText: 'Authorization: Bearer eyJ' }).first().click();
    await page.keyboard.press('Control+Z');
    await page.locator('.tabs-container .tab.active:not(.dirty)', { hasText: 'edit-me.http' }).waitFor({ timeout: 10_000 });
    // A clean tab is the file as it is on disk: the old token, back. (The in-host test compares the text exactly.)

    // The edit document is untitled: closing it asks to save, as any untitled editor does. Don't Save
    // leaves nothing behind.
    const editTab = page.locator('.tabs-container .tab', { hasText: /edit-token-\d+\.claims\.json/ });
    await editTab.first().click();
    await page.locator('.tabs-container .tab.active', { hasText: /edit-token-\d+\.claims\.json/ }).waitFor({ timeout: 10_000 });
    await runCommand(page, 'View: Close Editor');
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" }).click();
    await editTab.first().waitFor({ state: 'detached', timeout: 10_000 });
  });
});
