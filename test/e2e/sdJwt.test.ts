// An SD-JWT with a Key Binding JWT through the real workbench: found in a log file, opened in the
// decoded view with its disclosures, the claims a verifier sees and the key binding. The capture is
// README's and docs/formats.md's screenshot (media/screenshots/sd-jwt-decoded.png), clipped to the view.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PRESENTATION_KB } from '../support/rfc9901';
import { decodedView, goToLineEnd, openFile, runCommand, screenshot, startWorkbench } from './workbench';

describe('SD-JWT in the decoded view (e2e)', () => {
  it('opens an SD-JWT presentation with a Key Binding JWT: disclosures, claims a verifier sees, key binding', async function () {
    // Run alone, this test starts the workbench (packaging and installing the VSIX) too.
    this.timeout(300_000);
    const { page, workspace } = await startWorkbench();
    // The capture needs the whole editor area once the log is closed: no other editor group left open.
    await runCommand(page, 'View: Close All Editors');
    fs.writeFileSync(path.join(workspace, 'wallet.log'), `2026-11-23T10:00:00Z INFO presentation received\nvp_token=${PRESENTATION_KB}\n`);
    await openFile(page, 'wallet.log');
    await goToLineEnd(page, 2);
    await runCommand(page, 'JWT: Decode Token');
    await page.locator('.tabs-container .tab', { hasText: 'Decoded JWT' }).waitFor();
    const view = decodedView(page);
    await view.locator('#disclosures').waitFor({ timeout: 30_000 });
    await screenshot(page, 'sd-jwt-decoded-full', {
      shows: view.locator('body'),
      text: [
        /Disclosures/,
        /family_name\s+"Doe"/,
        /Claims a verifier sees/,
        /"given_name": "John"/,
        /Key Binding JWT/,
        /sd_hash covers this presentation/,
      ],
    });
    assert.equal(await view.locator('#disclosures tr').count(), 5);
    // The capture: the view alone, given the whole editor area (the log's group closed), scrolled to
    // the key binding, the disclosures and the claims a verifier sees.
    await page.locator('.tabs-container .tab', { hasText: 'wallet.log' }).click();
    await runCommand(page, 'View: Close Editor');
    const frame = page.locator('iframe.webview.ready').first();
    let box = await frame.boundingBox();
    for (let attempt = 0; attempt < 40 && (box?.width ?? 0) < 900; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      box = await frame.boundingBox();
    }
    assert.ok(box && box.width >= 900 && box.height > 300, JSON.stringify(box));
    await view.locator('#key-binding').evaluate((section) => section.scrollIntoView({ block: 'start' }));
    const file = await screenshot(page, 'sd-jwt-decoded', { shows: view.locator('#sd-claims'), text: [/"given_name": "John"/] }, box);
    assert.ok(fs.statSync(file).size > 10_000);
    await runCommand(page, 'View: Close All Editors');
    fs.rmSync(path.join(workspace, 'wallet.log'));
  });
});
