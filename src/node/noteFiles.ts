// Node-only file primitives for incident notes (no `vscode` import), so that two processes can share
// a note safely and the stress test can drive them without an editor.
import { randomUUID } from 'crypto';
import { constants as fsConstants, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

const LOCK_SUFFIX = '.lock';

/** How long a lock may be held before it counts as left by a dead writer, and how long a writer waits for one. */
export interface LockTiming {
  staleMs: number;
  waitMs: number;
}

/**
 * A lock older than `staleMs` was left by a process that died; taking it over is safe. A writer gives up after
 * `waitMs`, but never on a lock that has not had the time to turn stale: one arriving just after a crash waits
 * the dead writer's lock out and takes it over.
 */
export const LOCK_TIMING: LockTiming = { staleMs: 30_000, waitMs: 20_000 };

export class NoteLockTimeout extends Error {}

/** A note the extension must not rewrite as it is (not UTF-8, read-only, a link it cannot follow): reported with its file, never written. */
export class NoteNotWritableError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'NoteNotWritableError';
  }
}

/** A note whose bytes are not UTF-8: rewriting it would turn them into U+FFFD, so it is never written. */
export class NotUtf8Error extends NoteNotWritableError {
  constructor(file: string) {
    super(file, `${path.basename(file)} is not UTF-8 text; it was not changed. Save it as UTF-8 to let the extension update it.`);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The note's text, byte for byte (a BOM stays), or NotUtf8Error. */
export function decodeNote(bytes: Uint8Array, file: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new NotUtf8Error(file);
  }
}

/** What a lock file says about its holder: `<token> <host> <pid>`, written by the holder when it takes the lock. */
interface LockInfo {
  token: string;
  host: string;
  pid: number;
  mtimeMs: number;
  /** Inode, time and size: the same file, unchanged, as far as a look can tell. */
  identity: string;
}

/** Thrown inside withNoteLock's work when the lock is no longer ours (see updateNoteFile): the work is done again. */
class LockLost extends Error {}

/**
 * Runs `work` while holding an exclusive lock file beside `file`. Other writers, in this process or another,
 * wait their turn, so read-modify-write of a note never loses a concurrent writer's change. `work` is given a
 * check that the lock is still this writer's (it is not, if this writer stalled past the stale limit and
 * another took over).
 */
export async function withNoteLock<T>(file: string, work: (stillHeld: () => Promise<boolean>) => Promise<T>, timing: LockTiming = LOCK_TIMING): Promise<T> {
  const lock = file + LOCK_SUFFIX;
  const token = randomUUID();
  const started = Date.now();
  let deadline = started + timing.waitMs;
  let delay = 2;
  let held: LockInfo | undefined;
  for (;;) {
    try {
      await fs.writeFile(lock, `${token} ${os.hostname()} ${process.pid}`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    held = await readLock(lock, held);
    if (held && isStale(held, timing)) {
      await takeOverIfStale(lock, timing);
      continue;
    }
    // Never give up on a lock before it could turn stale (bounded, so a queue of live writers cannot keep us forever).
    if (held) deadline = Math.min(started + timing.staleMs + timing.waitMs, Math.max(deadline, held.mtimeMs + timing.staleMs + 50));
    if (Date.now() > deadline) throw new NoteLockTimeout(`${path.basename(file)} is locked by another writer (${lock}).`);
    await new Promise((resolve) => setTimeout(resolve, delay + Math.floor(Math.random() * delay)));
    delay = Math.min(delay * 2, 50);
  }
  const stillHeld = async (): Promise<boolean> => (await lockText(lock)).startsWith(`${token} `);
  try {
    return await work(stillHeld);
  } finally {
    // Only our own lock is removed: a writer that took ours over as stale holds the one there now.
    if (await stillHeld()) await fs.rm(lock, { force: true });
  }
}

async function lockText(lock: string): Promise<string> {
  return fs.readFile(lock, 'utf8').catch(() => '');
}

/**
 * The lock's holder as its file says. `seen` is the last answer for this lock: while the file's identity is
 * the same, its text is not read again (waiters asking on every retry would crowd out the holder's own I/O).
 */
async function readLock(lock: string, seen?: LockInfo): Promise<LockInfo | undefined> {
  try {
    const stat = await fs.stat(lock);
    const identity = `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
    if (seen?.identity === identity) return seen;
    const [token = '', host = '', pid = ''] = (await fs.readFile(lock, 'utf8')).split(' ');
    return { token, host, pid: Number(pid), mtimeMs: stat.mtimeMs, identity };
  } catch {
    return undefined; // Gone already: the next attempt takes it.
  }
}

/** Left by a dead writer: older than the stale limit, or held by a process of this machine that no longer runs. */
function isStale(lock: LockInfo, timing: LockTiming): boolean {
  if (Date.now() - lock.mtimeMs > timing.staleMs) return true;
  return lock.host === os.hostname() && Number.isInteger(lock.pid) && lock.pid > 0 && lock.pid !== process.pid && !processRuns(lock.pid);
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a stale lock without ever removing a fresh one. Deleting after a look is not enough: between the look
 * and the delete another writer may have taken the stale lock over and locked anew, and the delete would remove
 * its lock. So a takeover is done by one writer at a time, under a second lock (`.lock.break`, held for a few
 * file operations), and that writer looks at the lock again once it holds it: a lock it then sees stale can only
 * have been left by a dead writer. As a second guard the lock is moved to a name only this writer knows and
 * judged there; one that is not stale after all is put back.
 */
async function takeOverIfStale(lock: string, timing: LockTiming): Promise<void> {
  const breaker = lock + '.break';
  try {
    await fs.writeFile(breaker, `${randomUUID()} ${os.hostname()} ${process.pid}`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another writer is taking over; its break lock goes only if that writer died holding it.
    const other = await readLock(breaker);
    if (other && isStale(other, timing)) await fs.rm(breaker, { force: true });
    return;
  }
  try {
    const now = await readLock(lock);
    if (!now || !isStale(now, timing)) return;
    const aside = `${lock}.${randomUUID()}.stale`;
    try {
      await fs.rename(lock, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const moved = await readLock(aside);
    if (moved && !isStale(moved, timing)) {
      await fs.link(aside, lock).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
    await fs.rm(aside, { force: true });
  } finally {
    await fs.rm(breaker, { force: true });
  }
}

/**
 * Writes through a temp file in the same folder and a rename, so a reader never sees half a note. The file
 * keeps its permission bits (a 0600 note stays private).
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  const mode = (await fs.stat(file).catch(() => undefined))?.mode;
  try {
    await fs.writeFile(temp, text, 'utf8');
    if (mode !== undefined) await fs.chmod(temp, mode & 0o7777);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Refuses a note the person made read-only: the rename would replace it regardless of its permissions. */
async function checkWritable(file: string, shownAs: string): Promise<void> {
  const { mode } = await fs.stat(file);
  const writable = (mode & 0o222) !== 0 && (await fs.access(file, fsConstants.W_OK).then(() => true, () => false));
  if (!writable) {
    throw new NoteNotWritableError(shownAs, `${path.basename(shownAs)} is read-only; it was not changed. Make it writable to let the extension update it.`);
  }
}

/**
 * Reads the note as it is on disk now, lets `transform` compute the new text from it, and writes that
 * atomically, all under the note's lock. `transform` throws to refuse (e.g. a malformed note): nothing is written.
 * `landed` is called the moment the text returned is the note on disk (written, or read when unchanged), before
 * the lock is let go: a read of the file begun after that holds this text or a newer one.
 */
export async function updateNoteFile(file: string, transform: (current: string) => string, timing: LockTiming = LOCK_TIMING, landed?: () => void): Promise<string> {
  // A symlinked note is written through to its target (the lock sits beside the target too, so writers that
  // know the note by either path take the same lock); replacing the link would leave the target stale.
  const target = await fs.realpath(file);
  for (;;) {
    try {
      return await withNoteLock(
        target,
        async (stillHeld) => {
          const current = decodeNote(await fs.readFile(target), file);
          const next = transform(current);
          if (next === current) {
            landed?.();
            return next;
          }
          await checkWritable(target, file);
          // Taken over while we stalled: another writer may have changed the note since we read it.
          if (!(await stillHeld())) throw new LockLost();
          await writeFileAtomic(target, next);
          landed?.();
          return next;
        },
        timing,
      );
    } catch (error) {
      if (!(error instanceof LockLost)) throw error;
    }
  }
}

/**
 * `folder/name`, refusing a `name` that is not one plain file name: every path built from note content
 * (an incident's id, a command's slug) stays inside the folder meant for it.
 */
export function fileInFolder(folder: string, name: string): string {
  const file = path.resolve(folder, name);
  if (name === '' || path.dirname(file) !== path.resolve(folder) || path.basename(file) !== name) {
    throw new Error(`${JSON.stringify(name)} is not a plain file name; nothing was written outside ${folder}.`);
  }
  return file;
}

/**
 * Creates a new file (a note, a saved command output), never replacing an existing one: the text goes to a temp file that is then hard-linked
 * to the first free name (link fails if the name exists), so the note appears whole. `isTaken` skips names that are free
 * here but used elsewhere (an incident id in another workspace folder). Returns the path used.
 */
export async function createFileExclusive(folder: string, fileName: string, text: string, isTaken: (fileName: string) => boolean = () => false, landed?: () => void): Promise<string> {
  fileInFolder(folder, fileName);
  await fs.mkdir(folder, { recursive: true });
  const ext = path.extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  const temp = path.join(folder, `.${fileName}.${randomUUID()}.tmp`);
  await fs.writeFile(temp, text, 'utf8');
  try {
    for (let n = 1; ; n++) {
      const name = n === 1 ? fileName : `${stem}-${n}${ext}`;
      if (isTaken(name)) continue;
      const candidate = path.join(folder, name);
      try {
        await linkOrCreate(temp, candidate, text);
        landed?.();
        return candidate;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** Error codes of file systems without hard links (FAT, some network and container mounts). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Hard-links the finished temp file to `target`, which fails with EEXIST if the name is taken. Where the
 * file system has no hard links, creates `target` exclusively ('wx', also EEXIST if taken) and writes the
 * text into it: still never replacing a note, though a reader could glimpse it half-written.
 */
async function linkOrCreate(temp: string, target: string, text: string): Promise<void> {
  try {
    await fs.link(temp, target);
  } catch (error) {
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await fs.writeFile(target, text, { encoding: 'utf8', flag: 'wx' });
  }
}
