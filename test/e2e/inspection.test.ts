import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jwt from 'jsonwebtoken';
import { hoverUntil, inputTitled, openFile, runCommand, screenshot, startWorkbench } from './workbench';

/** Made for this test: no stored key has it, so the token's kid is missing until the test adds it. */
const PARTNER_SECRET = 'partner-demo-secret-0123456789abcdef';

describe('Hover and CodeLens in the real workbench (e2e)', () => {
  it('shows a CodeLens above each token of the log', async () => {
    const { page } = await startWorkbench();
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'server.log');
    // The demo keys are added as the extension starts: wait for the lenses to say so.
    const lens = page.locator('.part.editor .codelens-decoration', { hasText: 'JWT HS256' });
    await lens.filter({ hasText: 'signed by demo-hs256' }).first().waitFor({ timeout: 30_000 });
    const titles = await lens.allInnerTexts();
    assert.ok(
      titles.some((title) => /JWT HS256 · expires in 5\d min · ✓ signed by demo-hs256 \(demo key\)/.test(title)),
      titles.join(' | '),
    );
    assert.ok(
      titles.some((title) => /JWT HS256 · expired 2 days ago · ✓ signed by demo-hs256 \(demo key\)/.test(title)),
      titles.join(' | '),
    );
    await screenshot(page, 'codelens', {
      shows: page.locator('.part.editor .monaco-editor'),
      text: [/JWT HS256 · expires in/, /JWT HS256 · expired/],
    });
  });

  it('shows the decoded token when hovering over it', async () => {
    const { page } = await startWorkbench();
    await openFile(page, 'api.http');
    // The lens shows the extension has this editor; then point inside the token.
    await page.locator('.part.editor .codelens-decoration', { hasText: 'signed by demo-hs256' }).first().waitFor({ timeout: 30_000 });
    const hover = page.locator('.monaco-hover', { hasText: 'JWT HS256' });
    await hoverUntil(page, 'Authorization: Bearer eyJ', hover);
    const text = await hover.first().innerText();
    assert.match(text, /signed by demo-hs256 \(demo key\)/);
    assert.match(text, /Ada Lovelace/);
    await screenshot(page, 'hover', { shows: hover, text: [/JWT HS256/, /Ada Lovelace/] });
  });

  it('makes a token verify from its hover: Add Key for kid, the kid filled in', async () => {
    const { page, workspace } = await startWorkbench();
    // A token from a partner whose key is not stored yet (the demo keys cover the sample's own).
    const token = jwt.sign({ sub: 'partner-user' }, PARTNER_SECRET, { algorithm: 'HS256', keyid: 'partner-hs256', expiresIn: '1h' });
    fs.writeFileSync(path.join(workspace, 'partner.http'), `GET https://api.example.com/v1/media\nAuthorization: Bearer ${token}\n`);
    await openFile(page, 'partner.http');
    await page
      .locator('.part.editor .codelens-decoration', { hasText: 'no key for kid partner-hs256' })
      .first()
      .waitFor({ timeout: 30_000 });
    const link = page.locator('.monaco-hover a', { hasText: 'Add Key for kid partner-hs256' });
    await hoverUntil(page, 'Authorization: Bearer eyJ', link);
    await link.first().click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Add Signing Key (1/3)' }).waitFor({ timeout: 20_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Paste' }).first().click();
    await (await inputTitled(page, 'Add Signing Key (2/3)')).fill(PARTNER_SECRET);
    await page.keyboard.press('Enter');
    const kid = await inputTitled(page, 'Add Signing Key (3/3)');
    assert.equal(await kid.inputValue(), 'partner-hs256');
    await page.keyboard.press('Enter');
    await page.locator('.part.editor .codelens-decoration', { hasText: '✓ signed by partner-hs256' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'token-verifies');
  });
});
