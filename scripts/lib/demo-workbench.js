// The workbench `npm run demo` serves and the e2e run drives: the packaged VSIX installed into the
// offline VS Code, a copy of sample/ whose tokens are signed as it starts, and VS Code started with
// JWT_LENS_DEMO_SECRET so JWT Lens adds the demo keys. One recipe, so the e2e run checks what a
// newcomer sees.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const host = require('./host');
const samples = require('../../test/fixtures/make-samples');

/** Room for the extension: no chat panel taking the side, no tips. */
const QUIET_SETTINGS = {
  'workbench.tips.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.commandCenter': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** Builds and packages the extension as users get it; returns the VSIX path. */
function packageVsix({ quiet = false } = {}) {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: host.REPO_ROOT, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
  const { version } = JSON.parse(fs.readFileSync(path.join(host.REPO_ROOT, 'package.json'), 'utf8'));
  return path.join(host.REPO_ROOT, `jwt-lens-${version}.vsix`);
}

/**
 * Lays out a fresh scratch folder with the VSIX installed and the demo workspace, then starts
 * code-server on it. `settings` are added to the quiet user settings.
 */
async function startDemoWorkbench({ scratch, vsix, port, settings = {} }) {
  const codeServer = host.ensureHost();
  fs.rmSync(scratch, { recursive: true, force: true });
  const layout = host.scratchLayout(scratch);
  host.runCodeServerCli(codeServer, layout, ['--install-extension', vsix, '--force']);
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(host.REPO_ROOT, 'sample'), workspace, { recursive: true });
  samples.writeSamples(workspace, { now: Math.floor(Date.now() / 1000) });
  fs.mkdirSync(path.join(layout.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(layout.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  const server = await host.startCodeServer({ host: codeServer, scratch, port, env: { JWT_LENS_DEMO_SECRET: samples.DEMO_SECRET } });
  return { server, layout, workspace, url: host.workbenchUrl(server, workspace) };
}

module.exports = { packageVsix, startDemoWorkbench };
