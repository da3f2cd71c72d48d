// Runs an in-host suite inside a real VS Code extension host: code-server's, opened by Chromium with
// the smoke-test driver payload (the offline stand-in for test-electron).
// `node scripts/run-integration.js` runs the integration tests; `... web` the web worker suite (the
// extension from its browser bundle, in the web worker host vscode.dev uses); `... bench` the in-host
// benchmarks.
const fs = require('node:fs');
const path = require('node:path');
const { RESULTS_MARKER } = require('../out/test/web/results');
const { REPO_ROOT, ensureHost, startCodeServer, launchBrowser, workbenchUrl, stageWebExtension } = require('./lib/host');
const { testTlsEnvironment } = require('./lib/testTls');

const SUITES = {
  integration: { results: 'integration', entry: ['out', 'test', 'integration', 'index.js'], counts: true },
  // The worker has no file system: its results arrive as a console line (test/web/results.ts).
  // The extension is staged as vscode.dev sees it (browser entry only), with this bundle inside.
  web: { results: 'web', entry: ['out', 'test', 'web', 'index.js'], counts: true, kind: 'web', resultsInConsole: true },
  bench: { results: 'bench-host', entry: ['out', 'bench', 'host', 'index.js'], counts: false },
};
const suite = SUITES[process.argv[2] ?? 'integration'];
if (!suite) throw new Error(`Unknown suite ${process.argv[2]}; use ${Object.keys(SUITES).join(' or ')}.`);
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', suite.results);
const SUITE_TIMEOUT_MS = 10 * 60_000;

/** Writes the results a suite printed (report.txt and results.json, as the Node host's suite writes them). */
function writeConsoleResults(text) {
  const at = text.indexOf(RESULTS_MARKER);
  if (at < 0) return;
  const { report, ...counts } = JSON.parse(text.slice(at + RESULTS_MARKER.length));
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'report.txt'), report.join('\n'));
  fs.writeFileSync(path.join(RESULTS_DIR, 'results.json'), JSON.stringify(counts));
}

async function main() {
  const host = ensureHost();
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  const scratch = path.join(RESULTS_DIR, 'host');
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(REPO_ROOT, 'sample'), workspace, { recursive: true });

  // The secret-hygiene test also searches the host's extensions folder, under this scratch root.
  process.env.JWT_LENS_HOST_SCRATCH = scratch;
  const extension =
    suite.kind === 'web' ? stageWebExtension(path.join(scratch, 'extension'), path.join(...suite.entry.slice(0, -1))) : REPO_ROOT;
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
    if (suite.resultsInConsole) page.on('console', (message) => writeConsoleResults(message.text()));
    await page.goto(
      workbenchUrl(
        server,
        workspace,
        { extensionDevelopmentPath: extension, extensionTestsPath: path.join(extension, ...suite.entry) },
        suite.kind,
      ),
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
