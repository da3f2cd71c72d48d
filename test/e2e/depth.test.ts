// Issue 17 through the real workbench: claim explanations in the hover, and a JWE decrypted with a
// stored key in the decoded view. Both screenshots are in the README.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jwt from 'jsonwebtoken';
import { jweDir } from '../support/jwe';
import { decodedView, hoverUntil, inputTitled, openFile, runCommand, screenshot, startWorkbench } from './workbench';

/** A 32-byte text secret (spaces make it text, not base64): an HMAC key and a dir A256GCM key alike. */
const JWE_SECRET = 'e2e jwe secret 0123456789 abcdef';

describe('Inspection depth in the real workbench (e2e)', () => {
  it('explains each claim of a Microsoft Entra ID token in its hover and decoded view', async () => {
    const { page, workspace } = await startWorkbench();
    const now = Math.floor(Date.now() / 1000);
    const token = jwt.sign(
      {
        iss: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
        ver: '2.0',
        aud: 'api://media-api',
        oid: '00000000-0000-0000-66f3-3332eca7ea81',
        tid: '9188040d-6c67-4c5b-b112-36a304b66dad',
        scp: 'Media.Read',
        auth_time: now - 1800,
      },
      'entra-e2e-secret-0123456789abcdef',
      { algorithm: 'HS256', keyid: 'entra-e2e', expiresIn: '1h' },
    );
    fs.writeFileSync(path.join(workspace, 'entra.http'), `GET https://api.example.com/v1/media\nAuthorization: Bearer ${token}\n`);
    await openFile(page, 'entra.http');
    await page.locator('.part.editor .codelens-decoration', { hasText: 'no key for kid entra-e2e' }).first().waitFor({ timeout: 30_000 });
    const hover = page.locator('.monaco-hover', { hasText: 'Tenant id' });
    await hoverUntil(page, 'Authorization: Bearer eyJ', hover);
    const text = await hover.first().innerText();
    assert.match(text, /Microsoft Entra ID v2 access token/);
    assert.match(text, /auth_time .*30 min ago — When the user last authenticated\./);
    // The hover shows its first claims; the decoded view shows them all, each with its meaning.
    await page.keyboard.press('Escape');
    await page.locator('.part.editor .codelens-decoration a', { hasText: 'JWT HS256' }).first().click();
    await page.locator('.tabs-container .tab', { hasText: 'Decoded JWT' }).waitFor();
    const view = decodedView(page);
    await screenshot(page, 'claim-explanations', {
      shows: view.locator('body'),
      text: [/Microsoft Entra ID v2 access token/, /tid\s+"9188040d/, /Tenant id/, /oid\s+"00000000/, /Object id/, /scp\s+"Media\.Read"/],
    });
    // Later screenshots show the workspace: leave it as it was.
    await runCommand(page, 'View: Close All Editors');
    fs.rmSync(path.join(workspace, 'entra.http'));
  });

  it('decrypts a JWE with a key added through Add Signing Key, and shows its claims in the decoded view', async () => {
    const { page, workspace } = await startWorkbench();
    const claims = { sub: 'subscriber-7', plan: 'premium', exp: Math.floor(Date.now() / 1000) + 3600 };
    const jwe = jweDir(Buffer.from(JWE_SECRET), 'A256GCM', JSON.stringify(claims), { kid: 'e2e-jwe' });
    fs.writeFileSync(path.join(workspace, 'session.env'), `SESSION_TOKEN=${jwe}\n`);
    await runCommand(page, 'JWT: Add Signing Key');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Paste' }).first().click();
    await (await inputTitled(page, 'Add Signing Key (2/3)')).fill(JWE_SECRET);
    await page.keyboard.press('Enter');
    const kid = await inputTitled(page, 'Add Signing Key (3/3)');
    await kid.fill('e2e-jwe');
    await page.keyboard.press('Enter');
    await openFile(page, 'session.env');
    const lens = page.locator('.part.editor .codelens-decoration', { hasText: '🔓 decrypted with e2e-jwe' });
    await lens.first().waitFor({ timeout: 30_000 });
    assert.match(await lens.first().innerText(), /JWE dir A256GCM · expires in (59 min|1 h) · 🔓 decrypted with e2e-jwe/);
    await lens.locator('a', { hasText: 'JWE dir' }).first().click();
    await page.locator('.tabs-container .tab', { hasText: 'Decoded JWT' }).waitFor();
    const view = decodedView(page);
    await view.locator('#nested').waitFor({ timeout: 30_000 });
    await screenshot(page, 'decrypted-jwe', {
      shows: view.locator('body'),
      text: [/Decrypted payload \(with e2e-jwe\)/, /"sub": "subscriber-7"/, /🔓 decrypted with e2e-jwe/],
    });
    await runCommand(page, 'View: Close All Editors');
    fs.rmSync(path.join(workspace, 'session.env'));
  });
});
