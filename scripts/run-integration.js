// Runs an in-host suite inside a real VS Code extension host: code-server's, opened by Chromium with
// the smoke-test driver payload (the offline stand-in for test-electron).
// `node scripts/run-integration.js` runs the integration tests; `... bench` the in-host benchmarks.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT, ensureHost, startCodeServer, launchBrowser, workbenchUrl } = require('./lib/host');

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
  const server = await startCodeServer({ host, scratch, smokeTestDriver: true, env: testTlsEnvironment(scratch) });
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

/**
 * A certificate for localhost made for this run, for the tests' local HTTPS identity provider
 * (trusted-issuer tests). The extension host trusts it through NODE_EXTRA_CA_CERTS, which Node reads
 * at process start (so it is set before code-server starts); the tests find its key through
 * JWT_LENS_TEST_TLS. Self-signed and valid two days: it is its own CA and nothing else trusts it.
 */
function testTlsEnvironment(scratch) {
  const dir = path.join(scratch, 'tls');
  fs.mkdirSync(dir, { recursive: true });
  const cert = path.join(dir, 'localhost.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(dir, 'localhost.key'),
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // VS Code's proxy-aware fetch passes the OS's certificates as the whole CA list, which leaves out
  // NODE_EXTRA_CA_CERTS; without them (proxy support stays on) Node's own list, with ours, is used.
  const userSettings = path.join(scratch, 'user-data', 'User', 'settings.json');
  fs.mkdirSync(path.dirname(userSettings), { recursive: true });
  fs.writeFileSync(userSettings, JSON.stringify({ 'http.systemCertificates': false }, null, 2));
  return { NODE_EXTRA_CA_CERTS: cert, JWT_LENS_TEST_TLS: dir };
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
