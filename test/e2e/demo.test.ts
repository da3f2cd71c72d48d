// `npm run demo` as a newcomer runs it: it prints a URL, the workbench there has JWT Lens installed
// with the demo keys, the sample tokens show as signed, and Ctrl+C leaves no process behind.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { openFile, SCREENSHOTS_DIR } from './workbench';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const host = require('../../scripts/lib/host.js');

/** Processes whose environment carries this TMPDIR: everything the demo's code-server started. */
function processesUsing(tmpdir: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const environment = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environment.includes(`TMPDIR=${tmpdir}`)) {
        found.push(Number(entry));
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** How a process ended: its exit code, or the signal that ended it. */
function endOf(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode ?? child.signalCode!);
    } else {
      child.once('exit', (code, signal) => resolve(code ?? signal!));
    }
  });
}

describe('npm run demo (smoke test)', () => {
  const scratch = path.join(host.REPO_ROOT, 'test-results', 'demo-smoke');
  let demo: ChildProcess | undefined;
  let browser: Browser | undefined;

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (demo && demo.exitCode === null && demo.signalCode === null) {
      process.kill(-demo.pid!, 'SIGKILL');
    }
  });

  it('prints its URL, serves JWT Lens with the demo keys, and stops everything on Ctrl+C', async function () {
    this.timeout(240_000);
    const port = await host.freePort();
    demo = spawn('npm', ['run', '--silent', 'demo', '--', '--port', String(port), '--dir', scratch], {
      cwd: host.REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      // Its own process group, so Ctrl+C can be sent as a terminal sends it: to the whole group.
      detached: true,
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      demo!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /JWT Lens demo: (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(output);
        if (match) {
          resolve(match[1]);
        }
      });
      demo!.once('exit', (code) => reject(new Error(`npm run demo exited (${code}) before printing its URL:\n${output}`)));
    });
    assert.ok(url.startsWith(`http://127.0.0.1:${port}/?folder=`), url);

    browser = await host.launchBrowser();
    const page = await browser!.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(url);
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    // Installed: its view container is in the activity bar.
    await page.locator('.part.activitybar .action-item .action-label[aria-label="JWT Lens"]').waitFor({ timeout: 60_000 });
    // Ready: the sample's tokens verify with the demo key, with no click.
    await openFile(page, 'server.log');
    const signed = page.locator('.part.editor .codelens-decoration', { hasText: 'signed by demo-hs256 (demo key)' });
    await signed.first().waitFor({ timeout: 60_000 });
    const titles = await page.locator('.part.editor .codelens-decoration').allInnerTexts();
    assert.ok(
      titles.some((title) => /expires in \d+ min · ✓ signed by demo-hs256 \(demo key\)/.test(title)),
      titles.join(' | '),
    );
    await page.locator('.part.activitybar .action-item .action-label[aria-label="JWT Lens"]').click();
    await page.locator('.monaco-list-row[role="treeitem"]', { hasText: 'mux-demo (demo key)' }).waitFor({ timeout: 20_000 });
    fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'demo.png') });
    await browser!.close();
    browser = undefined;

    const tmpdir = path.join(scratch, 'tmp');
    assert.ok(processesUsing(tmpdir).length > 0, "the demo's code-server runs with its scratch TMPDIR");
    process.kill(-demo.pid!, 'SIGINT');
    // npm passes the interrupt on and ends with the script (0) or by the signal itself.
    assert.ok([0, 'SIGINT'].includes(await endOf(demo)), 'the demo ends on Ctrl+C');
    // The process group is killed on exit; give the kernel a moment to reap it.
    for (let i = 0; i < 50 && processesUsing(tmpdir).length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(processesUsing(tmpdir), [], 'no process the demo started is left');
  });
});
