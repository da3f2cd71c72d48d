// The extension as vscode.dev and github.dev run it: its browser bundle in the workbench's web worker
// extension host, checked through the real UI. The extension is staged without `main` (as a web host
// without Node sees it) and opened as the extension under development with extensionDevelopmentKind
// "web": nothing but the web worker can run it, so every lens and hover here comes from there.
// Its own workbench (the shared one runs the VSIX in the Node host); the shared one is stopped first.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hoverUntil, openFile, screenshot, stopWorkbench } from './workbench';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const host = require('../../scripts/lib/host.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const samples = require('../fixtures/make-samples.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const demo = require('../../scripts/lib/demo-workbench.js');

/** The marketplace's size, as vsce counts it (KiB); the figures and why it grew are in BENCHMARKS.md. */
const VSIX_BUDGET_BYTES = 240 * 1024;

describe('The packaged extension (VSIX)', () => {
  it('holds the Node and the browser bundle and stays under 240 KB', () => {
    const vsix = fs.readFileSync(demo.packageVsix({ quiet: true }));
    // Zip entry names are stored as they are: both bundles are in it.
    for (const entry of ['extension/dist/extension.js', 'extension/dist/web/extension.js']) {
      assert.ok(vsix.includes(Buffer.from(entry)), `${entry} is not in the VSIX`);
    }
    assert.ok(!vsix.includes(Buffer.from('extension/dist/cli.js')), 'the command line is not for the VSIX');
    assert.ok(vsix.length < VSIX_BUDGET_BYTES, `the VSIX is ${(vsix.length / 1024).toFixed(1)} KB`);
  });
});

const SCRATCH = path.join(host.REPO_ROOT, 'test-results', 'e2e-web');

describe('JWT Lens in the web worker extension host (e2e)', () => {
  let browser: Browser | undefined;
  let server: { stop(): Promise<void> } | undefined;
  let page: Page;

  before(async () => {
    await stopWorkbench();
    const codeServer = host.ensureHost();
    const extension = host.stageWebExtension(path.join(SCRATCH, 'extension'));
    const workspace = path.join(SCRATCH, 'workspace');
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.cpSync(path.join(host.REPO_ROOT, 'sample'), workspace, { recursive: true });
    samples.writeSamples(workspace, { now: Math.floor(Date.now() / 1000) });
    server = await host.startCodeServer({ host: codeServer, scratch: path.join(SCRATCH, 'host'), smokeTestDriver: true });
    browser = await host.launchBrowser();
    page = await browser!.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(host.workbenchUrl(server, workspace, { extensionDevelopmentPath: extension }, 'web'));
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  it('shows the CodeLens and the hover of a token, from the browser bundle', async () => {
    await openFile(page, 'api.http');
    // No key in this browser's secret storage: the lens says whose key would verify the token.
    const lens = page.locator('.part.editor .codelens-decoration', { hasText: 'JWT HS256' });
    await lens.first().waitFor({ timeout: 60_000 });
    assert.match(await lens.first().innerText(), /JWT HS256 · expires in 5\d min · .*demo-hs256/);
    const hover = page.locator('.monaco-hover', { hasText: 'JWT HS256' });
    await hoverUntil(page, 'Authorization: Bearer eyJ', hover);
    const text = await hover.first().innerText();
    assert.match(text, /Ada Lovelace/);
    assert.match(text, /Add Key for kid demo-hs256/);
    await screenshot(page, 'web-worker-hover-codelens', {
      shows: hover,
      text: [/JWT HS256/, /Ada Lovelace/],
    });
  });
});
