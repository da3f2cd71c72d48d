// `npm run test:desktop`: the same in-host suite under @vscode/test-electron, for machines that can
// download VS Code (the ecosystem's standard launcher). Offline machines use `npm test`, which runs
// the suite in code-server's extension host instead.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-lens-workspace-'));
  fs.cpSync(path.join(repoRoot, 'sample'), workspace, { recursive: true });
  const userData = path.join(workspace, '..', `${path.basename(workspace)}-user-data`);
  // The trusted-issuer tests' local HTTPS server: its certificate, trusted by the extension host.
  // The launchers' shared script helper is plain JavaScript, loaded at run time (not bundled).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { testTlsEnvironment } = require(path.join(repoRoot, 'scripts', 'lib', 'testTls.js')) as {
    testTlsEnvironment: (scratch: string, userDataDir: string) => Record<string, string>;
  };
  const tlsEnvironment = testTlsEnvironment(userData, userData);
  try {
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userData],
      extensionTestsEnv: tlsEnvironment,
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
