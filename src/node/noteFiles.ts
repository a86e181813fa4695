// Node-only file primitives for incident notes (no `vscode` import), so that two processes can share
// a note safely and the stress test can drive them without an editor.
import { randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';

const LOCK_SUFFIX = '.lock';
/** A lock older than this was left by a process that died; taking it over is safe. */
const STALE_LOCK_MS = 30_000;
const LOCK_WAIT_MS = 20_000;

export class NoteLockTimeout extends Error {}

/** A note whose bytes are not UTF-8: rewriting it would turn them into U+FFFD, so it is never written. */
export class NotUtf8Error extends Error {
  constructor(readonly file: string) {
    super(`${path.basename(file)} is not UTF-8 text; it was not changed. Save it as UTF-8 to let the extension update it.`);
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

/**
 * Runs `work` while holding an exclusive lock file beside `file`. Other writers, in this process or another,
 * wait their turn, so read-modify-write of a note never loses a concurrent writer's change.
 */
export async function withNoteLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const lock = file + LOCK_SUFFIX;
  const started = Date.now();
  let delay = 2;
  for (;;) {
    try {
      const handle = await fs.open(lock, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await removeIfStale(lock);
      if (Date.now() - started > LOCK_WAIT_MS) throw new NoteLockTimeout(`${path.basename(file)} is locked by another writer (${lock}).`);
      await new Promise((resolve) => setTimeout(resolve, delay + Math.floor(Math.random() * delay)));
      delay = Math.min(delay * 2, 50);
    }
  }
  try {
    return await work();
  } finally {
    await fs.rm(lock, { force: true });
  }
}

async function removeIfStale(lock: string): Promise<void> {
  try {
    const { mtimeMs } = await fs.stat(lock);
    if (Date.now() - mtimeMs > STALE_LOCK_MS) await fs.rm(lock, { force: true });
  } catch {
    // Gone already: the next attempt takes it.
  }
}

/** Writes through a temp file in the same folder and a rename, so a reader never sees half a note. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    await fs.writeFile(temp, text, 'utf8');
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/**
 * Reads the note as it is on disk now, lets `transform` compute the new text from it, and writes that
 * atomically, all under the note's lock. `transform` throws to refuse (e.g. a malformed note): nothing is written.
 */
export async function updateNoteFile(file: string, transform: (current: string) => string): Promise<string> {
  return withNoteLock(file, async () => {
    const current = decodeNote(await fs.readFile(file), file);
    const next = transform(current);
    if (next !== current) await writeFileAtomic(file, next);
    return next;
  });
}

/**
 * Creates a new file (a note, a saved command output), never replacing an existing one: the text goes to a temp file that is then hard-linked
 * to the first free name (link fails if the name exists), so the note appears whole. `isTaken` skips names that are free
 * here but used elsewhere (an incident id in another workspace folder). Returns the path used.
 */
export async function createFileExclusive(folder: string, fileName: string, text: string, isTaken: (fileName: string) => boolean = () => false): Promise<string> {
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
