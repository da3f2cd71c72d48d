// Installs the npm dependencies on a fresh clone, so `npm test` and `npm run demo` work as the
// README's first commands. Uses only node built-ins: it runs before anything is installed.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The lock file's digest, kept in node_modules after a successful install. */
function lockDigest() {
  return crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json')))
    .digest('hex');
}

function ensureDependencies() {
  const marker = path.join(REPO_ROOT, 'node_modules', '.jwt-lens-lock-digest');
  // By content, not by file times: a fresh checkout (or another worktree) has a newer lock file
  // with the same dependencies, and `npm ci` would empty a node_modules other checkouts share.
  const digest = lockDigest();
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === digest) return;
  console.log('Installing npm dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm ci failed; see above.');
    process.exit(1);
  }
  fs.writeFileSync(marker, digest);
}

module.exports = { ensureDependencies };
