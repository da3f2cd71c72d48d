// Starts the offline VS Code host's install (scripts/ensure-host.sh) in the background, so a first
// run downloads and builds code-server while npm ci, the build and the plain-node stages run.
// Node built-ins only: it starts before the npm dependencies are installed.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Returns `{ ready }`: a promise that settles when the host is installed (at once when it is cached). */
function startHostInstall() {
  const logFile = path.join(REPO_ROOT, 'test-results', 'host-install.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const child = spawn('bash', [path.join(REPO_ROOT, 'scripts', 'ensure-host.sh')], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const started = Date.now();
  const ready = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      if (code === 0) {
        if (seconds > 5) console.log(`[host] offline VS Code installed in ${seconds} s (log: ${path.relative(REPO_ROOT, logFile)})`);
        resolve();
        return;
      }
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      reject(new Error(`Installing the offline VS Code host failed (exit ${code}). Last lines of ${logFile}:\n${tail}`));
    });
  });
  // A rejection is reported by whoever awaits it; a run that never reaches a host stage ignores it.
  ready.catch(() => {});
  return { ready };
}

module.exports = { startHostInstall };
