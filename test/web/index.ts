// Entry of the in-host suite in the web worker extension host: the host vscode.dev and github.dev
// run extensions in, reached here through code-server's workbench with extensionDevelopmentKind
// "web" (scripts/run-integration.js web). VS Code runs a tests module in the host of the extension
// whose folder holds it, so this bundle lives in out/test/web/ inside the extension.
// The worker has no file system and no process: mocha is its browser build, the integration files
// that apply are bundled in (loadSuites lists them), and the results leave as one console line the
// launcher reads, plus the exit code.
import { RESULTS_MARKER, type WebResults } from './results';

/** Set by esbuild.js from JWT_LENS_GREP at build time: the worker has no environment. */
declare const JWT_LENS_WEB_GREP: string;

/** The integration files that run in the worker (the others need node: a file system, node:crypto key objects, jsonwebtoken). */
async function loadSuites(): Promise<void> {
  await import('../integration/inspect/decodeCommand.test');
  await import('../integration/keys/demoKeys.test');
  await import('../integration/shared/commandTable.test');
  await import('../integration/expiry/expiryAwareness.test');
  await import('../integration/keys/keysView.test');
  await import('../integration/inspect/missingKid.test');
  await import('../integration/sign/signMenus.test');
  await import('../integration/sign/deadEnds.test');
  await import('../integration/sign/claimsDiagnostics.test');
  await import('../integration/expiry/statusBar.test');
  await import('../integration/keys/keyStore.test');
  await import('../integration/inspect/clockTolerance.test');
  await import('../integration/expiry/diagnostics.test');
  await import('../integration/security/hostileTokens.test');
  await import('../integration/inspect/tokenViews.test');
  await import('../integration/inspect/onePerVersion.test');
  await import('../integration/sign/resignToken.test');
  await import('../integration/sign/resignAgreement.test');
  await import('../integration/walkthrough/stepButtons.test');
  await import('./web.test');
}

export async function run(): Promise<void> {
  // The browser build; set up, it defines describe, it, … for the suites loaded after it.
  const { default: mocha } = await import('mocha/mocha.js');
  const results: WebResults = { passes: 0, failures: 0, pending: 0, report: [] };
  mocha.setup({ ui: 'bdd', timeout: 30_000, color: false, reporter: reporterInto(results) });
  if (JWT_LENS_WEB_GREP) {
    mocha.grep(JWT_LENS_WEB_GREP);
  }
  await loadSuites();
  await new Promise<void>((resolve) => mocha.run(() => resolve()));
  console.log(`${RESULTS_MARKER}${JSON.stringify(results)}`);
  if (results.failures > 0) {
    throw new Error(`${results.failures} web test(s) failed.`);
  }
}

/** A mocha reporter that keeps counts and a spec-like report (mocha's own writes to a stdout the worker lacks). */
function reporterInto(results: WebResults) {
  // The global Mocha is the browser build's, defined once it is imported.
  return class WebReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner) {
      super(runner);
      const indent = () => '  '.repeat(depth);
      let depth = 0;
      runner.on('suite', (suite) => {
        if (suite.title) {
          results.report.push(`${indent()}${suite.title}`);
          depth++;
        }
      });
      runner.on('suite end', (suite) => {
        if (suite.title) {
          depth--;
        }
      });
      runner.on('pass', (test) => {
        results.passes++;
        // Like mocha's spec reporter: the slow ones show their time.
        const slow = (test.duration ?? 0) > test.slow() ? ` (${test.duration} ms)` : '';
        results.report.push(`${indent()}✔ ${test.title}${slow}`);
      });
      runner.on('pending', (test) => {
        results.pending++;
        results.report.push(`${indent()}- ${test.title}`);
      });
      runner.on('fail', (test, error: Error) => {
        results.failures++;
        results.report.push(`${indent()}✘ ${test.title}\n${indent()}  ${error.stack ?? error.message}`);
      });
    }
  };
}
