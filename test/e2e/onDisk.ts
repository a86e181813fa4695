// Waiting for what the extension writes to disk (a note, a draft), as the specs check it: a watch on the
// folder and a check at each change, never a sleep. The check runs once the watch is in place, so a file
// written before that is found too.
import * as fs from 'fs';
import * as path from 'path';

const DISK_TIMEOUT_MS = 30_000;

/**
 * Waits until `probe` returns a value (not undefined/false), checking it now and at each change in `folder`.
 * Until `folder` exists (the first note creates incidents/), the nearest folder above it is watched instead.
 * A probe that throws (the file is not there yet) counts as not yet. On timeout the error names what was
 * awaited and what `seen` (else the probe's last error) said.
 */
export function waitOnDisk<T>(what: string, folder: string, probe: () => T | undefined | false, options: { timeoutMs?: number; seen?: () => unknown } = {}): Promise<T> {
  const { timeoutMs = DISK_TIMEOUT_MS, seen } = options;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let watcher: fs.FSWatcher | undefined;
    let watched: string | undefined;
    let lastError: unknown;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      watcher?.close();
      outcome();
    };
    const check = (): void => {
      if (settled) return;
      const target = nearestExisting(folder);
      if (target !== watched) {
        watcher?.close();
        watched = target;
        watcher = fs.watch(target, check);
        // The watched folder went away (renamed, deleted): watch from above again.
        watcher.on('error', () => {
          watched = undefined;
          check();
        });
      }
      try {
        const value = probe();
        if (value !== undefined && value !== false) finish(() => resolve(value));
      } catch (error) {
        lastError = error;
      }
    };
    const timer = setTimeout(() => {
      let last: string;
      try {
        last = seen ? JSON.stringify(seen()) : String(lastError ?? 'n/a');
      } catch (error) {
        last = String(error);
      }
      finish(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what} in ${folder}; last seen: ${last}`)));
    }, timeoutMs);
    check();
  });
}

function nearestExisting(folder: string): string {
  let candidate = path.resolve(folder);
  while (!fs.existsSync(candidate) && path.dirname(candidate) !== candidate) candidate = path.dirname(candidate);
  return candidate;
}
