// Starts and stops the offline VS Code host (code-server on Node 24) and the browser that drives it.
// Used by the integration and end-to-end stages of `npm test` and by `npm run demo`.
// Flags and gotchas: ../../../shared/notes/vscode-host-offline.md (summarised in docs/testing.md).
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

/** The repo root, found by walking up (this file also runs bundled into out/test/e2e). */
function findRepoRoot(from) {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'jwt-lens') return dir;
  }
  throw new Error(`No jwt-lens package.json above ${from}`);
}

const REPO_ROOT = findRepoRoot(__dirname);
const CHROMIUM = process.env.JWT_LENS_CHROMIUM || '/usr/bin/chromium';

/** Installs the host on first use (cached by version) and returns its folder. */
function ensureHost() {
  const output = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'ensure-host.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const hostDir = output.trim().split('\n').pop();
  return {
    hostDir,
    node: path.join(hostDir, 'node24', 'node_modules', 'node', 'bin', 'node'),
    entry: path.join(hostDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Everything code-server and VS Code write goes under `scratch`, never the home folder or /tmp. */
function scratchLayout(scratch) {
  const layout = {
    root: scratch,
    userData: path.join(scratch, 'user-data'),
    extensions: path.join(scratch, 'extensions'),
    tmp: path.join(scratch, 'tmp'),
    xdgConfig: path.join(scratch, 'xdg-config'),
    xdgData: path.join(scratch, 'xdg-data'),
    xdgCache: path.join(scratch, 'xdg-cache'),
    config: path.join(scratch, 'code-server.yaml'),
    log: path.join(scratch, 'code-server.log'),
  };
  for (const dir of [layout.userData, layout.extensions, layout.tmp, layout.xdgConfig, layout.xdgData, layout.xdgCache]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.writeFileSync(layout.config, 'auth: none\n');
  return layout;
}

/**
 * The host's environment: ours, with its writable folders under the scratch root, plus `extra`.
 * A demo secret is passed only when asked for (the demo), never inherited by the tests' hosts.
 */
function hostEnvironment(layout, extra = {}) {
  const inherited = { ...process.env };
  delete inherited.JWT_LENS_DEMO_SECRET;
  return {
    ...inherited,
    ...extra,
    TMPDIR: layout.tmp,
    XDG_CONFIG_HOME: layout.xdgConfig,
    XDG_DATA_HOME: layout.xdgData,
    XDG_CACHE_HOME: layout.xdgCache,
  };
}

/** Runs code-server once as a command-line tool (for example --install-extension). */
function runCodeServerCli(host, layout, args) {
  execFileSync(
    host.node,
    [host.entry, '--config', layout.config, '--user-data-dir', layout.userData, '--extensions-dir', layout.extensions, ...args],
    {
      env: hostEnvironment(layout),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/**
 * Starts code-server bound to 127.0.0.1 in its own process group and waits until it answers.
 * `smokeTestDriver` lets the page URL carry extensionDevelopmentPath/extensionTestsPath.
 */
async function startCodeServer({ host, scratch, port, smokeTestDriver = false, env = {} }) {
  const layout = scratchLayout(scratch);
  const chosenPort = port || (await freePort());
  const args = [
    host.entry,
    '--bind-addr',
    `127.0.0.1:${chosenPort}`,
    '--auth',
    'none',
    '--config',
    layout.config,
    '--user-data-dir',
    layout.userData,
    '--extensions-dir',
    layout.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    // Without a short grace time every closed browser leaves an extension host running for hours.
    '--reconnection-grace-time',
    '5',
  ];
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const logFd = fs.openSync(layout.log, 'a');
  const child = spawn(host.node, args, {
    env: hostEnvironment(layout, env),
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const url = `http://127.0.0.1:${chosenPort}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited at start; see ${layout.log}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stopProcessGroup(child);
      throw new Error(`code-server did not answer within 60 s; see ${layout.log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    port: chosenPort,
    layout,
    child,
    /** Stops code-server and every process it started (extension hosts, watchers). */
    stop: () => stopProcessGroup(child),
  };
}

function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      kill('SIGKILL'); // anything left in the group
      resolve();
    });
    kill('SIGTERM');
  });
}

/** Launches Debian's Chromium through playwright-core (never a downloaded browser). */
async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Workbench URL for a folder, optionally with the test payload the smoke-test driver reads: paths
 * become vscode-remote URIs. `extensionDevelopmentKind` ('web') makes the extension under development
 * run in the browser's web worker extension host instead of the Node one.
 */
function workbenchUrl(server, folder, payload, extensionDevelopmentKind) {
  let url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  if (payload) {
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const entries = Object.entries(payload).map(([key, value]) => [key, remote(value)]);
    if (extensionDevelopmentKind) entries.push(['extensionDevelopmentKind', extensionDevelopmentKind]);
    url += `&payload=${encodeURIComponent(JSON.stringify(entries))}`;
  }
  return url;
}

/**
 * The extension as vscode.dev and github.dev see it, staged in `target`: the manifest without `main`
 * and only the files the browser entry uses. code-server's workbench runs an extension under
 * development in the web worker host (payload extensionDevelopmentKind "web") only when it has no
 * Node entry and no extensionKind: with `main`, or with extensionKind ["workspace", "ui"], it still
 * picks the Node host (measured with a probe extension and with this one). Where a web host has no
 * Node host beside it, as on vscode.dev, `main` is ignored the same way.
 * `testsFolder` (relative to the repo) is copied too: VS Code runs a tests module in the host of the
 * extension whose folder holds it.
 */
function stageWebExtension(target, testsFolder) {
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  // With either, the workbench keeps an extension under development in the Node host.
  delete manifest.main;
  delete manifest.extensionKind;
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const part of [path.join('dist', 'web'), 'media', 'schemas', ...(testsFolder ? [testsFolder] : [])]) {
    fs.cpSync(path.join(REPO_ROOT, part), path.join(target, part), { recursive: true });
  }
  return target;
}

module.exports = {
  REPO_ROOT,
  stageWebExtension,
  ensureHost,
  freePort,
  startCodeServer,
  runCodeServerCli,
  launchBrowser,
  workbenchUrl,
  scratchLayout,
};
