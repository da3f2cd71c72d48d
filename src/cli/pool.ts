// Reads and judges files across cores: worker threads (each with its own copy of the keys and the
// engine) take batches of paths from a shared queue, so a few big files never leave a core idle.
// Results are handed on in the targets' order as soon as all before them are in, so a report can
// be written while the scan runs and only the batches in flight are held.
// By default, and for a scan of few files, the scan runs in this thread (defaultJobs says why).
import { Worker } from 'node:worker_threads';
import { CliError } from './cliError';
import type { ScanTarget } from './files';
import { Verifier } from './judgeText';
import { verificationKeys, type KeyText } from './keyFiles';
import { scanFile, type FileResult } from './scanFile';
import type { CliSettings } from './configFile';

export interface WorkerSetup {
  readonly settings: CliSettings;
  readonly keyTexts: readonly KeyText[];
  readonly now: number;
}

export type ToWorker = { readonly batch: readonly ScanTarget[] } | { readonly done: true };
export type FromWorker = { readonly ready: true } | { readonly results: FileResult[] } | { readonly failed: string };

/** Files handed to a worker at a time: enough to keep messages rare, few enough to balance the load. */
const BATCH_FILES = 32;
/**
 * A worker's young generation (where each file's text lives and dies): V8 lets it grow with the
 * allocation rate, so peak memory grew with the tree; capped, it stays flat, at no cost in speed
 * (the same CPU time, less memory: BENCHMARKS.md, CLI scan).
 */
const WORKER_YOUNG_GENERATION_MB = 4;
/** Below this many files, one thread. */
const FILES_PER_WORKER = 64;

/**
 * One thread, the scan's own: most of a tree's files hold no place a token could start and cost a
 * read and a byte search, so a worker's start and its own heap cost more than it saves. Workers
 * (--jobs) pay off only on trees dense with tokens to judge, on idle cores.
 */
export function defaultJobs(): number {
  return 1;
}

export async function scanTargets(
  given: Iterable<ScanTarget>,
  setup: WorkerSetup,
  options: { jobs: number; workerScript?: string },
  onResult: (result: FileResult) => void,
): Promise<void> {
  if (options.jobs <= 1 || options.workerScript === undefined) {
    const verifier = new Verifier(await verificationKeys(setup.keyTexts));
    for (const target of given) {
      const result = scanFile(target.path, target.display, setup.settings, verifier, setup.now);
      onResult(result instanceof Promise ? await result : result);
    }
    return;
  }
  const targets = Array.isArray(given) ? (given as readonly ScanTarget[]) : [...given];
  const workers = Math.min(options.jobs, Math.ceil(targets.length / FILES_PER_WORKER));
  if (workers <= 1) {
    return scanTargets(targets, setup, { jobs: 1 }, onResult);
  }
  const script = options.workerScript;
  /** Batches done out of turn, by their first target's index. */
  const waiting = new Map<number, FileResult[]>();
  let delivered = 0;
  const deliver = (first: number, results: FileResult[]) => {
    waiting.set(first, results);
    for (let next = waiting.get(delivered); next !== undefined; next = waiting.get(delivered)) {
      waiting.delete(delivered);
      delivered += next.length;
      next.forEach(onResult);
    }
  };
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      let batchStart = 0;
      const feed = () => {
        const batch = targets.slice(next, next + BATCH_FILES);
        batchStart = next;
        next += batch.length;
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
          const first = batchStart;
          feed();
          deliver(first, message.results);
          return;
        }
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`A scan worker stopped (exit code ${code}).`))));
    });
  await Promise.all(Array.from({ length: workers }, runWorker));
}
