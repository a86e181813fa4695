// A runbook worker that never answers: it reads the request and spins, as a runbook the parser could not
// finish would. runbookReader.test.ts starts it in place of the real worker.
import { parentPort } from 'worker_threads';

parentPort?.on('message', () => {
  for (;;) {
    // Spins until the reader terminates the worker.
  }
});
