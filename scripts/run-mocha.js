// Runs a folder of compiled mocha suites in plain node and writes the counts to a results file.
// Usage: node scripts/run-mocha.js <folder> <results.json> [timeoutMs]
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const [folder, resultsFile, timeout = '10000'] = process.argv.slice(2);
// A hooks.js in the folder exports mocha root hooks (for example, shutting down a shared host).
const hooksFile = path.resolve(folder, 'hooks.js');
const rootHooks = fs.existsSync(hooksFile) ? require(hooksFile).mochaHooks : undefined;
const mocha = new Mocha({ ui: 'bdd', timeout: Number(timeout), reporter: 'spec', color: process.stdout.isTTY, rootHooks });
if (process.env.JWT_LENS_GREP) mocha.grep(process.env.JWT_LENS_GREP);
const files = fs
  .readdirSync(folder, { recursive: true })
  .filter((name) => name.endsWith('.test.js'))
  .sort();
for (const name of files) mocha.addFile(path.resolve(folder, name));

const runner = mocha.run(() => {
  const { passes, failures, pending } = runner.stats;
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(resultsFile, JSON.stringify({ passes, failures, pending }));
  // Like mocha --exit: a browser or server handle left open must not keep the run alive.
  process.exit(failures > 0 ? 1 : 0);
});
