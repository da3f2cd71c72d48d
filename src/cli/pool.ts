// Reads and judges files across cores: worker threads (each with its own copy of the keys and the
// engine) take batches of paths from a shared queue, so a few big files never leave a core idle.
// A scan of few files runs in this thread: starting a worker costs more than it saves.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CliError } from './errors';
import type { ScanTarget } from './files';
import { Verifier } from './judgeText';
import { verificationKeys, type KeySource } from './keys';
import { scanFile, type FileResult } from './scanFile';
import type { CliSettings } from './settings';

export interface WorkerSetup {
  readonly settings: CliSettings;
  readonly keySources: readonly KeySource[];
  readonly now: number;
}

export type ToWorker = { readonly batch: readonly ScanTarget[] } | { readonly done: true };
export type FromWorker = { readonly ready: true } | { readonly results: FileResult[] } | { readonly failed: string };

/** Files handed to a worker at a time: enough to keep messages rare, few enough to balance the load. */
const BATCH_FILES = 32;
/** Below this many files, one thread. */
const FILES_PER_WORKER = 64;

export function defaultJobs(): number {
  return availableParallelism();
}

export async function scanTargets(
  targets: readonly ScanTarget[],
  setup: WorkerSetup,
  options: { jobs: number; workerScript?: string },
): Promise<FileResult[]> {
  const workers = Math.min(options.jobs, Math.ceil(targets.length / FILES_PER_WORKER));
  if (workers <= 1 || options.workerScript === undefined) {
    const verifier = new Verifier(await verificationKeys(setup.keySources));
    const results: FileResult[] = [];
    for (const target of targets) {
      results.push(await scanFile(target.path, target.display, setup.settings, verifier, setup.now));
    }
    return results;
  }
  const script = options.workerScript;
  const results: FileResult[] = [];
  let next = 0;
  const takeBatch = (): ScanTarget[] => {
    const batch = targets.slice(next, next + BATCH_FILES);
    next += batch.length;
    return batch;
  };
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(script, { workerData: setup });
      const feed = () => {
        const batch = takeBatch();
        worker.postMessage((batch.length > 0 ? { batch } : { done: true }) satisfies ToWorker);
      };
      worker.on('message', (message: FromWorker) => {
        if ('failed' in message) {
          // The worker's message is written to be shown (src/cli/worker.ts): a path, never file content or a key.
          reject(new CliError(message.failed));
          void worker.terminate();
          return;
        }
        if ('results' in message) {
          results.push(...message.results);
        }
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`A scan worker stopped (exit code ${code}).`))));
    });
  await Promise.all(Array.from({ length: workers }, runWorker));
  return results;
}
