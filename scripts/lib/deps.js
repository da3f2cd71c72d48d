// Installs the npm dependencies on a fresh clone, so `npm test` and `npm run demo` work as the
// README's first commands. Uses only node built-ins: it runs before anything is installed.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function ensureDependencies() {
  const lock = path.join(REPO_ROOT, 'package-lock.json');
  const marker = path.join(REPO_ROOT, 'node_modules', '.package-lock.json');
  // npm rewrites node_modules/.package-lock.json on every install: older than the lock means stale.
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log('Installing npm dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm ci failed; see above.');
    process.exit(1);
  }
}

module.exports = { ensureDependencies };
