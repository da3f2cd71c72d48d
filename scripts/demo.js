// `npm run demo`: builds and packages the extension, installs the VSIX into the local offline VS Code
// (code-server), opens the sample workspace and prints the URL. 127.0.0.1 only; the port comes from
// --port N or JWT_LENS_PORT (default 8080). Stays up until Ctrl+C and stops every process it started.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureDependencies } = require('./lib/deps');

ensureDependencies();
const host = require('./lib/host');

function portArgument() {
  const index = process.argv.indexOf('--port');
  const value = index >= 0 ? process.argv[index + 1] : process.env.JWT_LENS_PORT;
  const port = Number(value ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`Not a port: ${value}. Use --port 1-65535.`);
    process.exit(2);
  }
  return port;
}

async function main() {
  const port = portArgument();
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: host.REPO_ROOT, stdio: 'inherit' });
  const { version } = JSON.parse(fs.readFileSync(path.join(host.REPO_ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(host.REPO_ROOT, `jwt-lens-${version}.vsix`);

  const codeServer = host.ensureHost();
  const scratch = path.join(host.REPO_ROOT, 'test-results', 'demo');
  fs.rmSync(scratch, { recursive: true, force: true });
  const layout = host.scratchLayout(scratch);
  host.runCodeServerCli(codeServer, layout, ['--install-extension', vsix, '--force']);
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(host.REPO_ROOT, 'sample'), workspace, { recursive: true });

  const server = await host.startCodeServer({ host: codeServer, scratch, port });
  console.log(`\nJWT Lens demo: ${host.workbenchUrl(server, workspace)}`);
  console.log('Open it in a browser on this machine. Ctrl+C stops the server.\n');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (code) => {
    if (!stopping) {
      console.error(`code-server exited (${code}); see ${layout.log}`);
      process.exit(1);
    }
  });
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
