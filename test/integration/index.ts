// Entry point of the in-host suite. Both launchers load it: test-electron (`npm run test:desktop`)
// and code-server's smoke-test driver (`npm test`). The extension host awaits `run()`.
// mocha's console output does not reach a terminal from code-server's host, so the spec report is
// captured and written, with the counts, to test-results/integration/ for the launcher to print.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'integration');

export async function run(): Promise<void> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const report: string[] = [];
  const originalLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    report.push(format(...args));
    originalLog(...args);
  };
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  const grep = process.env.JWT_LENS_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  // Suites sit in a folder per capability (inspect/, keys/, …) or at the top.
  const files = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const name of files) {
    mocha.addFile(path.join(__dirname, name));
  }
  // Last, over everything the suite did: no secret it used may be found where VS Code writes.
  if (!grep) {
    mocha.addFile(path.join(__dirname, 'secretHygiene.final.js'));
  }

  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? ({ passes: 0, failures: 1, pending: 0 } as Mocha.Stats)));
  });
  Mocha.reporters.Base.consoleLog = originalLog;
  fs.writeFileSync(path.join(RESULTS_DIR, 'report.txt'), report.join('\n'));
  fs.writeFileSync(
    path.join(RESULTS_DIR, 'results.json'),
    JSON.stringify({ passes: stats.passes, failures: stats.failures, pending: stats.pending }),
  );
  if (stats.failures > 0) {
    throw new Error(`${stats.failures} integration test(s) failed.`);
  }
}
