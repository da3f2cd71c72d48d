// `npm test`: lint and typecheck, unit tests (plain node), the built command line run on fixture
// trees (plain node), integration tests (inside a real VS Code extension host), the same in-host
// suite in the web worker extension host (the extension's browser bundle, as vscode.dev and
// github.dev run it), end-to-end checks (the real workbench in Chromium). Stops at the first failing
// stage. The last line counts every test across the stages that ran.
// `npm test -- unit` (or cli, integration, web, e2e) runs one stage; JWT_LENS_GREP filters test titles.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureDependencies } = require('./lib/deps');
const { startHostInstall } = require('./lib/hostInstall');

const REPO_ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(REPO_ROOT, 'test-results');
const ALL_STAGES = ['static', 'unit', 'cli', 'integration', 'web', 'e2e'];
const HOST_STAGES = new Set(['integration', 'web', 'e2e']);

const requested = process.argv.slice(2).filter((arg) => ALL_STAGES.includes(arg));
const stages = requested.length > 0 ? requested : ALL_STAGES;
const totals = { passes: 0, failures: 0, pending: 0 };

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit', ...options });
  return result.status === 0;
}

function heading(text) {
  console.log(`\n=== ${text} ===`);
}

function countFrom(resultsFile) {
  if (!fs.existsSync(resultsFile)) return false;
  const { passes, failures, pending } = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  totals.passes += passes;
  totals.failures += failures;
  totals.pending += pending;
  return true;
}

/** A stage of compiled mocha suites in plain node; a run that writes no counts is a failure. */
function mochaStage(title, folder, resultsName, timeoutMs) {
  heading(title);
  const file = path.join(RESULTS, resultsName);
  fs.rmSync(file, { force: true });
  const ok = run('node', ['scripts/run-mocha.js', folder, file, timeoutMs]);
  const counted = countFrom(file);
  if (!counted) totals.failures++;
  return counted && ok;
}

const stageRunners = {
  static() {
    // Lint, formatting and typecheck each count as one check.
    for (const [name, args] of [
      ['lint', ['eslint', '.']],
      ['format (npm run format fixes it)', ['prettier', '--check', '.']],
      ['typecheck', ['tsc', '--noEmit', '-p', '.']],
    ]) {
      heading(name);
      const ok = run('npx', ['--no-install', ...args]);
      if (ok) totals.passes++;
      else totals.failures++;
      if (!ok) return false;
    }
    return true;
  },
  unit() {
    return mochaStage('unit tests (plain node)', 'out/test/unit', 'unit.json', '20000');
  },
  cli() {
    return mochaStage('command line (dist/cli.js on fixture trees)', 'out/test/cli', 'cli.json', '60000');
  },
  integration() {
    heading('integration tests (VS Code extension host)');
    const ok = run('node', ['scripts/run-integration.js']);
    const counted = countFrom(path.join(RESULTS, 'integration', 'results.json'));
    if (!counted) totals.failures++;
    return counted && ok;
  },
  web() {
    heading("web worker tests (the browser bundle in VS Code's web worker extension host)");
    const ok = run('node', ['scripts/run-integration.js', 'web']);
    const counted = countFrom(path.join(RESULTS, 'web', 'results.json'));
    if (!counted) totals.failures++;
    return counted && ok;
  },
  e2e() {
    return mochaStage('end-to-end checks (workbench in Chromium)', 'out/test/e2e', 'e2e.json', '120000');
  },
};

let built = false;

async function main() {
  // The host's first install takes minutes; it runs beside npm ci, the build and the plain-node stages.
  const hostInstall = stages.some((stage) => HOST_STAGES.has(stage)) ? startHostInstall() : undefined;
  ensureDependencies();
  fs.mkdirSync(RESULTS, { recursive: true });
  let ok = true;
  for (const stage of stages) {
    // Bundle the extension and the suites once, before the first stage that runs them.
    if (stage !== 'static' && !built) {
      heading('build');
      built = run('node', ['esbuild.js', '--tests']);
      if (!built) {
        totals.failures++;
        ok = false;
        break;
      }
    }
    if (HOST_STAGES.has(stage) && hostInstall) {
      try {
        await hostInstall.ready;
      } catch (error) {
        console.error(error.message);
        totals.failures++;
        ok = false;
        break;
      }
    }
    ok = stageRunners[stage]();
    if (!ok) {
      console.log(`\nStage "${stage}" failed; later stages skipped.`);
      break;
    }
  }
  const skipped = totals.pending > 0 ? `, ${totals.pending} skipped` : '';
  console.log(`\n${totals.passes} passed, ${totals.failures} failed${skipped}`);
  process.exitCode = ok && totals.failures === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
