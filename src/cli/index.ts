// The bundle's entry (dist/cli.js): the command in the main thread, a scan worker in a worker thread
// (the pool starts this same file again, so the CLI ships as one file).
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { main } from './main';
import { runWorker } from './worker';

declare const JWT_LENS_VERSION: string;

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
