import * as assert from 'node:assert/strict';
import { editorText, openFile, runCommand, screenshot, startWorkbench } from './workbench';

describe('Hover and CodeLens in the real workbench (e2e)', () => {
  it('shows a CodeLens above each token of the log', async () => {
    const { page } = await startWorkbench();
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'server.log');
    const lens = page.locator('.part.editor .codelens-decoration', { hasText: 'JWT HS256' });
    await lens.first().waitFor({ timeout: 30_000 });
    const titles = await lens.allInnerTexts();
    assert.ok(titles.some((title) => /JWT HS256 · expires in \d+ years? · \? no key for kid demo-hs256/.test(title)), titles.join(' | '));
    assert.ok(titles.some((title) => /JWT HS256 · expired \d+ years? ago/.test(title)), titles.join(' | '));
    await screenshot(page, 'codelens');
  });

  it('shows the decoded token when hovering over it', async () => {
    const { page } = await startWorkbench();
    await openFile(page, 'api.http');
    const line = editorText(page).locator('.view-line', { hasText: 'Authorization: Bearer eyJ' }).first();
    await line.waitFor();
    // "Authorization: Bearer " is 22 characters: point well inside the token after it.
    const box = (await line.boundingBox())!;
    await page.mouse.move(box.x + 5, box.y + box.height / 2);
    await page.mouse.move(box.x + 360, box.y + box.height / 2, { steps: 5 });
    const hover = page.locator('.monaco-hover', { hasText: 'JWT HS256' });
    await hover.first().waitFor({ timeout: 20_000 });
    const text = await hover.first().innerText();
    assert.match(text, /no key for kid demo-hs256/);
    assert.match(text, /Ada Lovelace/);
    await screenshot(page, 'hover');
  });
});
