// The worker thread that reads runbooks for the extension host (src/node/runbookReader.ts starts it): the
// pure core parser, run where a runbook that takes long to read cannot freeze the editor. Its own bundle,
// dist/runbookWorker.js (scripts/build.mjs); under tsc it sits beside runbookReader.js.

import { parentPort } from 'worker_threads';
import { parseRunbook } from '../core/runbook';
import type { RunbookRequest, RunbookReply } from './runbookReader';

parentPort?.on('message', (request: RunbookRequest) => {
  const reply: RunbookReply = { id: request.id, runbook: parseRunbook(request.text, request.path, request.options) };
  parentPort?.postMessage(reply);
});
