// A scan worker: imports the keys once, then judges each batch of files it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from './cliError';
import { Verifier } from './judgeText';
import { verificationKeys } from './keyFiles';
import type { FromWorker, ToWorker, WorkerSetup } from './pool';
import { scanFile, type FileResult } from './scanFile';

export async function runWorker(): Promise<void> {
  const port = parentPort!;
  const setup = workerData as WorkerSetup;
  const send = (message: FromWorker) => port.postMessage(message);
  let verifier: Verifier;
  try {
    verifier = new Verifier(await verificationKeys(setup.keyTexts));
  } catch (error) {
    // Only a CliError's message: it is written never to hold key material.
    send({ failed: error instanceof CliError ? error.message : 'The keys could not be imported.' });
    return;
  }
  port.on('message', (message: ToWorker) => {
    if ('done' in message) {
      port.close();
      return;
    }
    void (async () => {
      const results: FileResult[] = [];
      for (const target of message.batch) {
        try {
          results.push(await scanFile(target.path, target.display, setup.settings, verifier, setup.now));
        } catch {
          // The file's own text could be in an engine error's message: say only which file.
          send({ failed: `Scanning ${target.display} failed unexpectedly.` });
          return;
        }
      }
      send({ results });
    })();
  });
  send({ ready: true });
}
