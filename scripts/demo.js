// `npm run demo`: builds and packages the extension, installs the VSIX into the local offline VS Code
// (code-server), opens a copy of the sample workspace and prints the URL. 127.0.0.1 only; the port
// comes from --port N or JWT_LENS_PORT (default 8080), the scratch folder from --dir (default
// test-results/demo). Stays up until Ctrl+C (SIGINT) or SIGTERM and stops every process it started.
//
// The demo starts ready: the copy's tokens are signed just now with realistic lifetimes (one valid
// for an hour, one expiring in minutes, one expired), and VS Code runs with JWT_LENS_DEMO_SECRET so
// JWT Lens adds the demo keys ("… (demo key)") to its secret storage: the sample's public HMAC
// secret and a fresh RSA key for the sample claims file. Nothing is written to settings or files.
const path = require('node:path');
const { ensureDependencies } = require('./lib/deps');
const { startHostInstall } = require('./lib/hostInstall');

// The host's first install takes minutes; it runs beside npm ci and packaging.
const hostInstall = startHostInstall();
ensureDependencies();
const host = require('./lib/host');
const { packageVsix, startDemoWorkbench } = require('./lib/demo-workbench');

function option(name, environment) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : process.env[environment];
}

function portArgument() {
  const value = option('--port', 'JWT_LENS_PORT');
  const port = Number(value ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`Not a port: ${value}. Use --port 1-65535.`);
    process.exit(2);
  }
  return port;
}

async function main() {
  const port = portArgument();
  const scratch = path.resolve(option('--dir', 'JWT_LENS_DEMO_DIR') ?? path.join(host.REPO_ROOT, 'test-results', 'demo'));
  const vsix = packageVsix();
  await hostInstall.ready;
  const { server, layout, url } = await startDemoWorkbench({ scratch, vsix, port });
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
  console.log(`\nJWT Lens demo: ${url}`);
  console.log(
    'Open it in a browser on this machine. The demo keys are in the Keys view (key icon in the activity bar). Ctrl+C stops the server.\n',
  );
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
