import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import * as lifecycle from '../../../src/core/incident/lifecycle';
import { parseIncidentNote, serializeIncidentNote, updateIncidentNote } from '../../../src/core/incident/note';
import { createFileExclusive, fileInFolder, NoteNotWritableError, NotUtf8Error, updateNoteFile, withNoteLock, writeFileAtomic } from '../../../src/node/noteFiles';
import { at, fixtureText } from '../core/incident/fixtures';

const run = promisify(execFile);

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'note-files-'));
}

function newNote(): string {
  const declared = lifecycle.declare({ title: 'Stress', level: 2, commander: 'test' }, new Date());
  assert.ok(declared.ok);
  return serializeIncidentNote(declared.incident);
}

describe('Note files', () => {
  it('two processes appending 500 events each to one note keep all 1000', async function () {
    this.timeout(180_000);
    const dir = tempDir();
    const file = path.join(dir, 'stress.md');
    fs.writeFileSync(file, newNote());
    const worker = path.join(__dirname, 'noteWriter.js');
    await Promise.all(['A', 'B'].map((writer) => run(process.execPath, [worker, file, writer, '500'], { env: process.env })));
    const parsed = parseIncidentNote(fs.readFileSync(file, 'utf8'), 'stress.md');
    assert.ok(parsed.ok, 'the note is still readable');
    const notes = parsed.incident.timeline.filter((e) => e.kind === 'note').map((e) => e.text);
    assert.strictEqual(notes.length, 1000);
    for (const writer of ['A', 'B']) {
      for (let i = 0; i < 500; i++) assert.ok(notes.includes(`${writer} event ${i}`), `${writer} event ${i} is missing`);
    }
    assert.deepStrictEqual(fs.readdirSync(dir), ['stress.md'], 'no lock or temp file is left behind');
  });

  it('a change made on disk since the note was read is kept: the transition applies to the note as it is now', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'hand-edited.md');
    const text = fixtureText('hand-edited.md');
    fs.writeFileSync(file, text);
    // Read by the extension before a person handed off command and added a line by hand.
    assert.ok(parseIncidentNote(text, 'hand-edited.md').ok);
    fs.writeFileSync(file, text.replace('commander: frank', 'commander: grace').replace('## Notes', '- 2026-12-05T14:20:00Z [note] disk edit\n\n## Notes'));
    // The store's write path: parse what is on disk now, apply the transition, rewrite around the person's bytes.
    const written = await updateNoteFile(file, (current) => {
      const parsed = parseIncidentNote(current, 'hand-edited.md');
      assert.ok(parsed.ok);
      const changed = lifecycle.setStatus(parsed.incident, 'Mitigating', at('2026-12-05T14:40:00Z'));
      assert.ok(changed.ok);
      return updateIncidentNote(current, changed.incident);
    });
    const after = parseIncidentNote(written, 'hand-edited.md');
    assert.ok(after.ok);
    assert.strictEqual(after.incident.commander, 'grace', 'their change kept');
    assert.strictEqual(after.incident.status, 'Mitigating', 'my change applied');
    assert.ok(after.incident.timeline.some((e) => e.text === 'disk edit'));
    assert.ok(after.incident.timeline.some((e) => e.kind === 'status'));
    assert.ok(written.includes('watchers:\n- grace\n- heidi\n'), 'extra keys untouched');
  });

  it("'landed' is called with the new text on disk and the lock still held, written or unchanged (the store numbers the write then)", async () => {
    const dir = tempDir();
    const file = path.join(dir, 'note.md');
    fs.writeFileSync(file, 'original');
    const seen: { text: string; locked: boolean }[] = [];
    const landed = (): void => void seen.push({ text: fs.readFileSync(file, 'utf8'), locked: fs.existsSync(`${file}.lock`) });
    await updateNoteFile(file, () => 'changed', undefined, landed);
    await updateNoteFile(file, (current) => current, undefined, landed);
    assert.deepStrictEqual(seen, [
      { text: 'changed', locked: true },
      { text: 'changed', locked: true },
    ]);
    assert.ok(!fs.existsSync(`${file}.lock`), 'the lock is let go after');
    const created: string[] = [];
    const createdFile = await createFileExclusive(dir, 'new.md', 'fresh', undefined, () => void created.push(fs.readFileSync(path.join(dir, 'new.md'), 'utf8')));
    assert.strictEqual(createdFile, path.join(dir, 'new.md'));
    assert.deepStrictEqual(created, ['fresh'], 'called once, with the new file whole');
  });

  it('a transform that throws writes nothing and releases the lock', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'note.md');
    fs.writeFileSync(file, 'original');
    await assert.rejects(updateNoteFile(file, () => { throw new Error('refused'); }), /refused/);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'original');
    assert.strictEqual(await updateNoteFile(file, (t) => t + '!'), 'original!');
  });

  it('the lock makes concurrent read-modify-write in one process serial', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'counter.md');
    fs.writeFileSync(file, '0');
    await Promise.all(Array.from({ length: 50 }, () => updateNoteFile(file, (t) => String(Number(t) + 1))));
    assert.strictEqual(fs.readFileSync(file, 'utf8'), '50');
  });

  it('a stale lock left by a dead process is taken over', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'note.md');
    fs.writeFileSync(file + '.lock', '');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file + '.lock', old, old);
    assert.strictEqual(await withNoteLock(file, async () => 'ran'), 'ran');
  });

  it('8 writers arriving at a stale lock take it over one at a time: no write is lost (40 rounds)', async function () {
    this.timeout(60_000);
    const dir = tempDir();
    const file = path.join(dir, 'counter.md');
    // A slow file system (a network share, a loaded laptop): what a look at the lock saw may be old news
    // by the time the writer acts on it.
    const original = fs.promises.stat;
    const slowStat = async (...args: Parameters<typeof original>): Promise<fs.Stats> => {
      const stat = (await original(...args)) as fs.Stats;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
      return stat;
    };
    fs.promises.stat = slowStat as typeof original;
    try {
      await eightWritersAtAStaleLock(file);
    } finally {
      fs.promises.stat = original;
    }
    assert.deepStrictEqual(fs.readdirSync(dir), ['counter.md'], 'no lock or moved-aside lock is left behind');
  });

  async function eightWritersAtAStaleLock(file: string): Promise<void> {
    for (let round = 0; round < 40; round++) {
      fs.writeFileSync(file, '0');
      fs.writeFileSync(file + '.lock', 'dead-writer-token other-host 1');
      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(file + '.lock', old, old);
      // They arrive a few milliseconds apart, as writers of several windows do: one looks while another takes over.
      const arrive = (writer: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, (writer * 7) % 5));
      await Promise.all(Array.from({ length: 8 }, (_, writer) => arrive(writer).then(() => updateNoteFile(file, (t) => String(Number(t) + 1)))));
      assert.strictEqual(fs.readFileSync(file, 'utf8'), '8', `round ${round}: every writer's change is there`);
    }
  }

  it('a writer arriving just after a crash waits the dead lock out instead of failing before it turns stale', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'note.md');
    // A lock from another machine (its process cannot be asked), fresh: it turns stale after staleMs.
    fs.writeFileSync(file + '.lock', 'crashed-writer other-host 1');
    const timing = { staleMs: 300, waitMs: 100 };
    assert.strictEqual(await withNoteLock(file, async () => 'ran', timing), 'ran');
  });

  it('a lock left by a process of this machine that no longer runs is taken over at once', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'note.md');
    const child = await run(process.execPath, ['-e', 'console.log(process.pid)']);
    fs.writeFileSync(file + '.lock', `dead-token ${os.hostname()} ${child.stdout.trim()}`);
    const started = Date.now();
    assert.strictEqual(await withNoteLock(file, async () => 'ran', { staleMs: 60_000, waitMs: 60_000 }), 'ran');
    assert.ok(Date.now() - started < 30_000, 'did not wait for the stale limit');
  });

  it('a writer never removes a lock that is not its own (its lock was taken over while it stalled)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'note.md');
    fs.writeFileSync(file, 'x');
    await withNoteLock(file, async () => {
      fs.writeFileSync(file + '.lock', `someone-else ${os.hostname()} ${process.pid}`);
    });
    assert.strictEqual(fs.readFileSync(file + '.lock', 'utf8').split(' ')[0], 'someone-else');
  });

  it('a writer whose lock was taken over does its change again on the note as it is now', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'counter.md');
    fs.writeFileSync(file, '0');
    let first = true;
    const result = await updateNoteFile(file, (t) => {
      if (first) {
        first = false;
        // While this writer stalls, its lock turns stale and another writer takes over and writes.
        fs.writeFileSync(file + '.lock', `other ${os.hostname()} ${process.pid}`);
        fs.writeFileSync(file, '10');
        fs.rmSync(file + '.lock');
      }
      return String(Number(t) + 1);
    });
    assert.strictEqual(result, '11');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), '11');
  });

  it('a file name built from note content stays in its folder: a path in it is refused before anything is written', async () => {
    const dir = tempDir();
    const inside = path.join(dir, 'incidents');
    assert.strictEqual(fileInFolder(inside, 'a.outputs'), path.join(inside, 'a.outputs'));
    for (const name of ['../../x.outputs', '../x.md', 'a/b.md', '/etc/x', '..', '.', '']) {
      assert.throws(() => fileInFolder(inside, name), /not a plain file name/, name);
      await assert.rejects(createFileExclusive(inside, name, 'x'), /not a plain file name/, name);
    }
    assert.deepStrictEqual(fs.readdirSync(dir), [], 'nothing was written');
  });

  it('createFileExclusive never replaces an existing note and picks the next free name', async () => {
    const dir = tempDir();
    const first = await createFileExclusive(dir, '2026-11-27-outage.md', 'one');
    const second = await createFileExclusive(dir, '2026-11-27-outage.md', 'two');
    assert.strictEqual(path.basename(first), '2026-11-27-outage.md');
    assert.strictEqual(path.basename(second), '2026-11-27-outage-2.md');
    assert.strictEqual(fs.readFileSync(first, 'utf8'), 'one');
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['2026-11-27-outage-2.md', '2026-11-27-outage.md']);
  });

  it('createFileExclusive skips names taken elsewhere (an id used in another workspace folder)', async () => {
    const dir = tempDir();
    const taken = new Set(['2026-11-27-outage.md', '2026-11-27-outage-2.md']);
    const file = await createFileExclusive(dir, '2026-11-27-outage.md', 'three', (name) => taken.has(name));
    assert.strictEqual(path.basename(file), '2026-11-27-outage-3.md');
    assert.deepStrictEqual(fs.readdirSync(dir), ['2026-11-27-outage-3.md']);
  });

  it('a note that is not UTF-8 is never rewritten (its bytes would become U+FFFD); a BOM is kept', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-bytes-'));
    const latin1 = path.join(dir, 'latin1.md');
    const bytes = Buffer.concat([Buffer.from(fixtureText('hand-edited.md'), 'utf8'), Buffer.from('\nCaf\xe9 au lait\n', 'latin1')]);
    fs.writeFileSync(latin1, bytes);
    await assert.rejects(updateNoteFile(latin1, (text) => text + 'more\n'), NotUtf8Error);
    assert.deepStrictEqual(fs.readFileSync(latin1), bytes);

    const withBom = path.join(dir, 'bom.md');
    fs.writeFileSync(withBom, '\ufeff' + fixtureText('hand-edited.md'), 'utf8');
    await updateNoteFile(withBom, (text) => text + 'more\n');
    assert.deepStrictEqual([...fs.readFileSync(withBom).subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is still there');
    fs.rmSync(dir, { recursive: true });
  });

  it('createFileExclusive works where the file system has no hard links (link fails with EPERM), still never replacing a note', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-nolink-'));
    const original = fs.promises.link;
    fs.promises.link = async () => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    };
    try {
      const first = await createFileExclusive(dir, 'n.md', 'one');
      const second = await createFileExclusive(dir, 'n.md', 'two');
      assert.deepStrictEqual([path.basename(first), path.basename(second)], ['n.md', 'n-2.md']);
      assert.strictEqual(fs.readFileSync(first, 'utf8'), 'one');
      assert.strictEqual(fs.readFileSync(second, 'utf8'), 'two');
      assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['n-2.md', 'n.md'], 'no temp file left behind');
    } finally {
      fs.promises.link = original;
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('a rewritten note keeps its permission bits (a 0600 note stays private)', async function () {
    if (process.platform === 'win32') this.skip();
    const file = path.join(tempDir(), 'private.md');
    fs.writeFileSync(file, 'one');
    fs.chmodSync(file, 0o600);
    await updateNoteFile(file, () => 'two');
    assert.strictEqual(fs.statSync(file).mode & 0o777, 0o600);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'two');
  });

  it('a read-only note is refused with a message saying so, and left as it is', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'frozen.md');
    fs.writeFileSync(file, 'one');
    fs.chmodSync(file, 0o444);
    await assert.rejects(updateNoteFile(file, () => 'two'), (error: unknown) => error instanceof NoteNotWritableError && /frozen\.md is read-only/.test(error.message) && error.file === file);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'one');
    assert.strictEqual(fs.statSync(file).mode & 0o777, 0o444);
    assert.deepStrictEqual(fs.readdirSync(dir), ['frozen.md'], 'no lock or temp file left behind');
    // Reading is not writing: an update that changes nothing is not refused.
    assert.strictEqual(await updateNoteFile(file, (t) => t), 'one');
  });

  it('a symlinked note is written through to its target: the link stays a link', async function () {
    const dir = tempDir();
    const target = path.join(dir, 'shared', 'note.md');
    fs.mkdirSync(path.dirname(target));
    fs.writeFileSync(target, 'one');
    const link = path.join(dir, 'note.md');
    try {
      fs.symlinkSync(target, link);
    } catch {
      this.skip(); // Windows without the symlink privilege
    }
    await updateNoteFile(link, (t) => t + ' two');
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link was not replaced by a copy');
    assert.strictEqual(fs.readFileSync(target, 'utf8'), 'one two');
    assert.deepStrictEqual(fs.readdirSync(path.dirname(target)), ['note.md'], 'no lock or temp file left behind');
  });

  it('writeFileAtomic leaves no temp file behind', async () => {
    const dir = tempDir();
    await writeFileAtomic(path.join(dir, 'a.md'), 'text');
    assert.deepStrictEqual(fs.readdirSync(dir), ['a.md']);
  });
});
