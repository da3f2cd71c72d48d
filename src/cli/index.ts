// The bundle's entry (dist/cli.js): the command in the main thread, a scan worker in a worker thread
// (the pool starts this same file again, so the CLI ships as one file).
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { main } from './main';
import { runWorker } from './worker';

declare const JWT_LENS_VERSION: string;

// Node calls Ed448 in Web Crypto experimental and says so on stderr at its first use: noise in output
// that scripts read, and nothing a user can act on. Every other warning is printed as before.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
  if (!/^The Ed448 Web Crypto API algorithm is an experimental feature/.test(String(warning))) {
    emitWarning(warning, ...rest);
  }
}) as typeof process.emitWarning;

if (isMainThread) {
  // A reader that stops early (`jwt-lens scan | head`) is not an error of ours: end quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      process.exit(process.exitCode ?? 0);
    }
    throw error;
  });
  void main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    now: () => Date.now() / 1000,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: () => readFileSync(0, 'utf8'),
    workerScript: __filename,
    version: JWT_LENS_VERSION,
  }).then((code) => {
    process.exitCode = code;
  });
} else {
  void runWorker();
}
