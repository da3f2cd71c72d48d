// Root hooks for the e2e run (loaded by scripts/run-mocha.js): a screenshot of every failing test,
// kept with the others, and the shared workbench stopped at the end.
import type { Context } from 'mocha';
import { currentPage, screenshot, stopWorkbench } from './workbench';

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
  },
  afterAll: stopWorkbench,
};
