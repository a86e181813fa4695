// Runbooks are read off the extension host's main thread, in a worker thread (runbookWorker.ts) with a
// time budget and a memory cap, after a size check: a runbook in a cloned repository, however crafted,
// cannot freeze the editor nor take its memory. The core parser stays synchronous (the CLI and the unit
// tests call it directly); this is the glue that runs it elsewhere.

import * as path from 'path';
import { Worker } from 'worker_threads';
import { parseRunbook, type ParseOptions, type Runbook, type RunbookProblem } from '../core/runbook';

/**
 * Runbooks over this size are not read. The largest runbook we have seen is ~200 KB; a 9.8 MB table made
 * the reader's memory grow by ~440 MB (in the extension host, before the worker), so this keeps a read
 * within ~100 MB.
 */
export const MAX_RUNBOOK_BYTES = 2 * 1024 * 1024;
/** How long one read may take before the worker is stopped (a 2 MB runbook reads in under 1 s). */
export const READ_BUDGET_MS = 10_000;
/** The worker's heap limit: a read that needs more ends with a stated failure, not the host's memory. */
export const WORKER_HEAP_MB = 256;
/** A worker left idle this long is stopped; the next read starts another (~50 ms). */
const IDLE_MS = 60_000;

export interface RunbookRequest {
  id: number;
  text: string;
  path: string;
  options: ParseOptions;
}

export interface RunbookReply {
  id: number;
  runbook: Runbook;
}

export interface RunbookReaderOptions {
  /** The worker script; the default is runbookWorker.js beside this module (or the bundle). */
  workerPath?: string;
  budgetMs?: number;
  heapMb?: number;
  maxBytes?: number;
  /** Where the reader says what went wrong with the worker itself. */
  log?: (message: string) => void;
}

interface Pending {
  request: RunbookRequest;
  /** The runbook's last reading, which stays (with the problem) when this one fails. */
  previous: Runbook | undefined;
  resolve: (runbook: Runbook) => void;
}

/** Reads runbooks one at a time in a worker thread; a read that fails or overruns is a problem at line 1, never a throw. */
export class RunbookReader {
  private worker: Worker | undefined;
  private readonly queue: Pending[] = [];
  private current: { pending: Pending; timer: ReturnType<typeof setTimeout> } | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private disposed = false;
  private readonly workerPath: string;
  private readonly budgetMs: number;
  private readonly heapMb: number;
  private readonly maxBytes: number;

  constructor(private readonly options: RunbookReaderOptions = {}) {
    this.workerPath = options.workerPath ?? path.join(__dirname, 'runbookWorker.js');
    this.budgetMs = options.budgetMs ?? READ_BUDGET_MS;
    this.heapMb = options.heapMb ?? WORKER_HEAP_MB;
    this.maxBytes = options.maxBytes ?? MAX_RUNBOOK_BYTES;
  }

  /** A refusal for a file of `bytes` over the size limit, or undefined: call before reading a large file from disk. */
  tooLarge(bytes: number, runbookPath: string, options: ParseOptions = {}): Runbook | undefined {
    if (bytes <= this.maxBytes) return undefined;
    return failedReading(runbookPath, options, undefined, {
      code: 'too-large',
      message: `This runbook is ${megabytes(bytes)} MB; runbooks over ${megabytes(this.maxBytes)} MB are not read (so that reading one cannot take the editor's memory). Split it into smaller runbooks.`,
    });
  }

  /**
   * The runbook read from `text`. `previous` is the last reading of the same file: when this read overruns
   * its budget or fails, that reading stays, with the problem added at line 1.
   */
  read(text: string, runbookPath: string, options: ParseOptions = {}, previous?: Runbook): Promise<Runbook> {
    const refused = this.tooLarge(Buffer.byteLength(text, 'utf8'), runbookPath, options);
    if (refused) return Promise.resolve(refused);
    if (this.disposed) return Promise.resolve(failedReading(runbookPath, options, previous, STOPPED));
    return new Promise((resolve) => {
      this.queue.push({ request: { id: this.nextId++, text, path: runbookPath, options }, previous, resolve });
      this.pump();
    });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    const stopped = this.current?.pending;
    if (this.current) clearTimeout(this.current.timer);
    this.current = undefined;
    for (const pending of [...(stopped ? [stopped] : []), ...this.queue.splice(0)]) {
      pending.resolve(failedReading(pending.request.path, pending.request.options, pending.previous, STOPPED));
    }
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    clearTimeout(this.idleTimer);
    const pending = this.queue.shift() as Pending;
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch (error) {
      // The worker script is part of the extension; without it, reading on this thread beats reading nothing.
      this.options.log?.(`The runbook worker could not start (${String(error)}); reading ${pending.request.path} on the main thread.`);
      pending.resolve(parseRunbook(pending.request.text, pending.request.path, pending.request.options));
      this.pump();
      return;
    }
    const timer = setTimeout(() => {
      const seconds = Math.round(this.budgetMs / 100) / 10;
      this.finish(this.failure(pending, 'read-timeout', `This runbook took longer than ${seconds} s to read; reading it was stopped so that the editor stays responsive.${pending.previous ? ' What was read before it changed is shown.' : ''} Please report this with the file.`), true);
    }, this.budgetMs);
    this.current = { pending, timer };
    worker.postMessage(pending.request);
  }

  private start(): Worker {
    const worker = new Worker(this.workerPath, { resourceLimits: { maxOldGenerationSizeMb: this.heapMb } });
    worker.unref();
    worker.on('message', (reply: RunbookReply) => {
      if (this.worker === worker && this.current?.pending.request.id === reply.id) this.finish(reply.runbook, false);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      this.options.log?.(`The runbook worker failed: ${error.message}`);
      const pending = this.current?.pending;
      if (!pending) return;
      const message = error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `Reading this runbook needed more than ${this.heapMb} MB of memory, so it was stopped. Split it into smaller runbooks.`
        : `The runbook reader failed (${error.message}); please report this with the file.`;
      this.finish(this.failure(pending, 'read-failed', message), true);
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const pending = this.current?.pending;
      if (pending) this.finish(this.failure(pending, 'read-failed', 'The runbook reader stopped before it finished; please report this with the file.'), false);
    });
    this.worker = worker;
    return worker;
  }

  /** Ends the current read with `runbook`; `stopWorker` ends the worker too (it overran or broke). */
  private finish(runbook: Runbook, stopWorker: boolean): void {
    const current = this.current;
    if (!current) return;
    clearTimeout(current.timer);
    this.current = undefined;
    if (stopWorker && this.worker) {
      void this.worker.terminate();
      this.worker = undefined;
    }
    current.pending.resolve(runbook);
    if (this.queue.length > 0) this.pump();
    else if (this.worker) {
      const idle = this.worker;
      this.idleTimer = setTimeout(() => {
        if (this.worker === idle && !this.current) {
          this.worker = undefined;
          void idle.terminate();
        }
      }, IDLE_MS);
      this.idleTimer.unref?.();
    }
  }

  private failure(pending: Pending, code: string, message: string): Runbook {
    return failedReading(pending.request.path, pending.request.options, pending.previous, { code, message });
  }
}

/** `previous` (or a runbook of nothing read) with an error at line 1 saying why this reading failed. */
function failedReading(runbookPath: string, options: ParseOptions, previous: Runbook | undefined, { code, message }: { code: string; message: string }): Runbook {
  const problem: RunbookProblem = { line: 0, column: 0, endLine: 0, endColumn: 0, severity: 'error', code, message };
  // An empty text reads as a runbook of defaults, marked as such, without touching the file's text.
  const base = previous ?? parseRunbook('', runbookPath, options);
  const kept = previous ? base.problems.filter((p) => !READ_FAILURE_CODES.has(p.code)) : [];
  return { ...base, problems: [problem, ...kept] };
}

const STOPPED = { code: 'read-stopped', message: 'The runbook was not read: the extension was stopping.' };

const READ_FAILURE_CODES = new Set(['too-large', 'read-timeout', 'read-failed', 'read-stopped']);

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
