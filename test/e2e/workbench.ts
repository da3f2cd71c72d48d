// One real workbench for the end-to-end checks: the packaged VSIX installed into code-server, the
// sample workspace open in Debian's Chromium, set up as `npm run demo` sets it up. Started once, shared by every e2e file, stopped by
// the root hook in hooks.ts. Screenshots go to test-results/e2e/screenshots (git-ignored).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { FakeProviderApi } from '../support/providerApi';

// Plain JS helpers shared with `npm run demo` and the integration launcher.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const host = require('../../scripts/lib/host.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const demo = require('../../scripts/lib/demo-workbench.js');

const REPO_ROOT: string = host.REPO_ROOT;
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');
export const SCREENSHOTS_DIR = path.join(RESULTS_DIR, 'screenshots');

export interface Workbench {
  readonly page: Page;
  readonly workspace: string;
  /** A local Mux and FastPix API the workbench's account settings point at. */
  readonly providerApi: FakeProviderApi;
}

let running: Promise<{ workbench: Workbench; browser: Browser; stop: () => Promise<void> }> | undefined;
let startedPage: Page | undefined;

/** The workbench page, once started (for failure screenshots). */
export function currentPage(): Page | undefined {
  return startedPage;
}

export function startWorkbench(): Promise<Workbench> {
  running ??= launch();
  return running.then((r) => r.workbench);
}

export async function stopWorkbench(): Promise<void> {
  if (!running) {
    return;
  }
  const { browser, stop } = await running;
  running = undefined;
  startedPage = undefined;
  await browser.close().catch(() => undefined);
  await stop();
}

async function launch() {
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  // What `npm run demo` shows a newcomer (the same recipe), with the editor area kept for the tests.
  const vsix = demo.packageVsix({ quiet: true });
  const providerApi = await FakeProviderApi.start();
  const { server, workspace, url } = await demo.startDemoWorkbench({
    scratch: path.join(RESULTS_DIR, 'host'),
    vsix,
    settings: {
      'workbench.startupEditor': 'none',
      'jwtLens.network.allowHttpLocalhost': true,
      'jwtLens.mux.apiBaseUrl': providerApi.baseUrl('mux'),
      'jwtLens.fastpix.apiBaseUrl': providerApi.baseUrl('fastpix'),
    },
  });
  const browser: Browser = await host.launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  startedPage = page;
  await page.goto(url);
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
  const stop = async () => {
    await (server.stop() as Promise<void>);
    await providerApi.close();
  };
  return { workbench: { page, workspace, providerApi }, browser, stop };
}

export const quickInput = (page: Page) => page.locator('.quick-input-widget input');

/** Runs a command through the command palette, as a user types it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  // Click the command's own row: the highlighted one may be a recently used or a longer match.
  // Right after start-up the palette can open before the extension's commands are listed: retry.
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.getByText(title, { exact: true }) })
    .first();
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    await quickInput(page).waitFor();
    await quickInput(page).fill(`>${title}`);
    if (
      await row.waitFor({ timeout: 8000 }).then(
        () => true,
        () => false,
      )
    ) {
      break;
    }
    await page.keyboard.press('Escape');
    if (attempt === 3) {
      throw new Error(`The command palette never listed ${title}.`);
    }
  }
  await row.click();
}

/**
 * Chooses the row of the open quick pick titled `title` that holds `text`, as a person filtering by
 * typing would: the row focused, then Enter. (A click can land while the list is still redrawn from the
 * pick before.)
 */
export async function chooseInPick(page: Page, title: string, text: string): Promise<void> {
  const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ timeout: 30_000 });
  await widget.locator('input').fill(text);
  await widget.locator('.quick-input-list .monaco-list-row.focused', { hasText: text }).waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Opens a workspace file through Quick Open and waits for its tab. A file just written may take
 * the file search a moment to see, so Quick Open is retried. */
export async function openFile(page: Page, name: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Control+P');
    await quickInput(page).waitFor();
    await quickInput(page).fill(name);
    if (
      await row.waitFor({ timeout: 5000 }).then(
        () => true,
        () => false,
      )
    ) {
      break;
    }
    await page.keyboard.press('Escape');
    if (attempt === 5) {
      throw new Error(`Quick Open never listed ${name}.`);
    }
  }
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  await editorText(page).first().waitFor();
}

/** Moves the cursor to the end of a 1-based line with Go to Line. */
export async function goToLineEnd(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await quickInput(page).waitFor();
  // Go to Line's quick input starts with ":"; typing over it would leave a file search.
  await quickInput(page).fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
}

/** The input of the quick input whose title is `title` (a prompt that follows a quick pick). */
export async function inputTitled(page: Page, title: string) {
  const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ timeout: 30_000 });
  return widget.locator('input');
}

/**
 * Points inside the token on the editor line containing `lineText` until `shows` appears in the
 * hover. A first pointer move can land before the editor listens, so it moves off and back, a little
 * further each time.
 */
export async function hoverUntil(page: Page, lineText: string, shows: Locator): Promise<void> {
  const line = editorText(page).locator('.view-line', { hasText: lineText }).first();
  const box = (await line.boundingBox())!;
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.mouse.move(box.x + 5, box.y - 60);
    await page.mouse.move(box.x + 360 + attempt * 20, box.y + box.height / 2, { steps: 5 });
    if (
      await shows
        .first()
        .waitFor({ timeout: 4000 })
        .then(
          () => true,
          () => false,
        )
    ) {
      return;
    }
  }
  await shows.first().waitFor({ timeout: 1000 });
}

export function editorText(page: Page) {
  return page.locator('.part.editor .monaco-editor .view-lines');
}

/** The screenshots README.md shows (media/screenshots/<name>.png): each must be checked before it is taken. */
const README_SCREENSHOTS = new Set(
  [...fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').matchAll(/media\/screenshots\/([\w-]+)\.png/g)].map((match) => match[1]),
);

/** What a screenshot must show: a visible region whose text matches every pattern. */
export interface ScreenshotCheck {
  readonly shows: Locator;
  readonly text: readonly RegExp[];
}

/**
 * Takes a screenshot once `check` holds, so a blank or half-rendered capture fails the run instead of
 * landing in the README. README screenshots without a check are refused. Copy checked ones into
 * media/screenshots with `npm run screenshots`.
 */
export async function screenshot(
  page: Page,
  name: string,
  check?: ScreenshotCheck,
  clip?: { x: number; y: number; width: number; height: number },
): Promise<string> {
  if (README_SCREENSHOTS.has(name) && !check) {
    throw new Error(`README screenshot ${name} needs a check of what it shows.`);
  }
  if (check) {
    await check.shows.first().waitFor({ state: 'visible', timeout: 30_000 });
    let seen = '';
    for (let attempt = 0; attempt < 60; attempt++) {
      // The editor draws spaces as no-break spaces.
      seen = (
        await check.shows
          .first()
          .innerText()
          .catch(() => '')
      ).replace(/\u00a0/g, ' ');
      if (check.text.every((pattern) => pattern.test(seen))) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const missing = check.text.filter((pattern) => !pattern.test(seen));
    if (missing.length > 0) {
      throw new Error(`Screenshot ${name} would not show ${missing.join(', ')}; it shows:\n${seen.slice(0, 2000)}`);
    }
    const box = await check.shows.first().boundingBox();
    if (!box || box.width < 50 || box.height < 10) {
      throw new Error(`Screenshot ${name}: what it should show is not on screen.`);
    }
  }
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, clip });
  if (check) {
    fs.appendFileSync(path.join(SCREENSHOTS_DIR, 'checked.txt'), `${name}\n`);
  }
  return file;
}

/** The decoded view's document (a webview is two nested frames: the host iframe, then the content frame). */
export function decodedView(page: Page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}
