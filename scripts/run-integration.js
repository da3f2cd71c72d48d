// Runs an in-host suite inside a real VS Code extension host: code-server's, opened by Chromium with
// the smoke-test driver payload (the offline stand-in for test-electron).
// `node scripts/run-integration.js` runs the integration tests; `... bench` the in-host benchmarks.
const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT, ensureHost, startCodeServer, launchBrowser, workbenchUrl } = require('./lib/host');
const { testTlsEnvironment } = require('./lib/testTls');

const SUITES = {
  integration: { results: 'integration', entry: ['out', 'test', 'integration', 'index.js'], counts: true },
  bench: { results: 'bench-host', entry: ['out', 'bench', 'host', 'index.js'], counts: false },
};
const suite = SUITES[process.argv[2] ?? 'integration'];
if (!suite) throw new Error(`Unknown suite ${process.argv[2]}; use ${Object.keys(SUITES).join(' or ')}.`);
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', suite.results);
const SUITE_TIMEOUT_MS = 10 * 60_000;

async function main() {
  const host = ensureHost();
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  const scratch = path.join(RESULTS_DIR, 'host');
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(REPO_ROOT, 'sample'), workspace, { recursive: true });

  // The secret-hygiene test also searches the host's extensions folder, under this scratch root.
  process.env.JWT_LENS_HOST_SCRATCH = scratch;
  const server = await startCodeServer({
    host,
    scratch,
    smokeTestDriver: true,
    env: testTlsEnvironment(scratch, path.join(scratch, 'user-data')),
  });
  const browser = await launchBrowser();
  let exitCode = 1;
  try {
    const page = await browser.newPage();
    const finished = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    const timedOut = new Promise((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS).unref());
    await page.goto(
      workbenchUrl(server, workspace, {
        extensionDevelopmentPath: REPO_ROOT,
        extensionTestsPath: path.join(REPO_ROOT, ...suite.entry),
      }),
    );
    const outcome = await Promise.race([finished, timedOut]);
    if (outcome === 'timeout') {
      console.error(`The in-host suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} min; host log: ${server.layout.log}`);
    } else {
      exitCode = Number(outcome);
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
  const report = path.join(RESULTS_DIR, 'report.txt');
  if (fs.existsSync(report)) console.log(fs.readFileSync(report, 'utf8'));
  if (suite.counts && !fs.existsSync(path.join(RESULTS_DIR, 'results.json'))) {
    console.error(`The suite wrote no results: it did not start in the host. Host log: ${server.layout.log}`);
    exitCode = 1;
  }
  process.exitCode = exitCode;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
