// Root hooks for the e2e run (loaded by scripts/run-mocha.js): a screenshot of every failing test,
// kept with the others; a modal dialog a test left open closed (and the run failed for it at the
// end); the shared workbench stopped at the end.
import type { Context } from 'mocha';
import { currentPage, screenshot, stopWorkbench } from './workbench';

const dialogsLeftOpen: string[] = [];

export const mochaHooks = {
  async afterEach(this: Context) {
    const page = currentPage();
    if (this.currentTest?.state === 'failed' && page) {
      const name = `FAILED-${this.currentTest
        .fullTitle()
        .replace(/[^a-z0-9]+/gi, '-')
        .slice(0, 80)}`;
      await screenshot(page, name).catch(() => undefined);
    }
    // A modal dialog a test left open would take every later test's keystrokes: record it, close it.
    const dialog = page?.locator('.monaco-dialog-box');
    if (page && dialog && (await dialog.isVisible().catch(() => false))) {
      const text = await dialog.innerText().catch(() => '');
      dialogsLeftOpen.push(`"${this.currentTest?.title}" left a dialog open: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
      await screenshot(page, `DIALOG-LEFT-${(this.currentTest?.title ?? '').replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(
        () => undefined,
      );
      await page.keyboard.press('Escape');
    }
  },
  // The run fails on a dialog left open, after every test had its turn.
  async afterAll() {
    await stopWorkbench();
    if (dialogsLeftOpen.length > 0) {
      throw new Error(dialogsLeftOpen.join('\n'));
    }
  },
};
