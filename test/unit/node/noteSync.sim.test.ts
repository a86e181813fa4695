// Five responders, one incident, five clones: each applies random extension operations to the same note and
// pushes and pulls in a random order (merge or rebase), through real git with the incident-note merge driver. After
// everyone synced, every clone must hold the same note, no merge may have reported a conflict (the operations only
// touch what the extension owns), and every event any clone wrote must be in it exactly once.
//
// Cost: git is what takes the time (a commit, pull or push is a process or two), so each schedule is small: each
// clone works once (one commit of one to three operations), three random syncs happen in between, then
// everyone syncs in a random order. The driver is the same runMergeDriver the CLI runs, answered from this process
// through a socket (a Node start per merge would cost more than the rest of a schedule); the CLI itself runs under
// git in mergeDriver.test.ts. SCHEDULES and SIM_SEED (environment) replay or widen a run.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { parseIncidentNote } from '../../../src/core/incident/note';
import type { TimelineEvent } from '../../../src/core/incident/model';
import { runMergeDriver } from '../../../src/node/mergeDriver';
import { applyOperation, DECLARED_AT, declaredNote, randomOperation, seededRandom } from '../core/incident/noteOps';
import { git, makeRepos, NOTE_PATH, tempDir } from './gitRepos';

const CLONES = 5;
// 50 in `npm test`, so a loaded CI machine stays within minutes (200 took 318 s under load); SCHEDULES=200 is the full run.
const SCHEDULES = Number(process.env.SCHEDULES ?? 50);
const FIRST_SEED = Number(process.env.SIM_SEED ?? 1);
/** Schedules run side by side: git mostly waits on process starts, so a few at once use the machine better. */
const PARALLEL = 4;

interface DriverCall {
  exit: number;
  message: string;
}

/** The driver as a shell command that asks this process (runMergeDriver) and exits with its answer. */
function socketDriver(port: number): string {
  const script = `exec 3<>/dev/tcp/127.0.0.1/${port} && printf "%s\\n" "$PWD" "$1" "$2" "$3" "$4" >&3 && read -r code <&3 && exit "$code"`;
  // The script goes in single quotes, so it holds none itself.
  return `bash -c '${script}' merge-note %O %A %B %P`;
}

function startDriverServer(calls: Map<string, DriverCall[]>): Promise<net.Server> {
  const server = net.createServer((socket) => {
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      const lines = received.split('\n');
      if (lines.length < 6) return;
      const [cwd, base, ours, theirs, notePath] = lines;
      let outcome: DriverCall;
      try {
        outcome = runMergeDriver({ base: path.resolve(cwd, base), ours: path.resolve(cwd, ours), theirs: path.resolve(cwd, theirs), notePath });
      } catch (error) {
        // Answered all the same: git would wait for ever on a driver that never exits.
        outcome = { exit: 2, message: `the driver threw: ${error instanceof Error ? error.stack : String(error)}` };
      }
      // The schedule's folder is the clone's parent.
      const schedule = path.dirname(cwd);
      calls.set(schedule, [...(calls.get(schedule) ?? []), { exit: outcome.exit, message: outcome.message }]);
      socket.end(`${outcome.exit}\n`);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function must(cwd: string, ...args: string[]): Promise<string> {
  const result = await git(cwd, ...args);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} in ${path.basename(cwd)} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

type Action = { kind: 'work'; clone: number } | { kind: 'sync'; clone: number };

/** One schedule: returns what went wrong, or null. */
async function runSchedule(seed: number, dir: string, clones: string[], calls: Map<string, DriverCall[]>): Promise<string | null> {
  const random = seededRandom(seed);
  const pickInt = (n: number): number => Math.floor(random() * n);
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = pickInt(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  };
  const actions: Action[] = shuffle([
    ...clones.map((_, clone): Action => ({ kind: 'work', clone })),
    ...Array.from({ length: 3 }, (): Action => ({ kind: 'sync', clone: pickInt(CLONES) })),
  ]);
  // One clock for everyone, one second or more per operation: every event is its own, so "exactly once" is exact.
  let now = DECLARED_AT + 60_000;
  let serial = 0;
  const written = new Map<string, number>();
  const key = (e: TimelineEvent): string => `${e.at} [${e.kind}] ${e.text}`;
  const notePath = (clone: number): string => path.join(clones[clone], NOTE_PATH);

  const work = async (clone: number): Promise<void> => {
    let text = fs.readFileSync(notePath(clone), 'utf8');
    for (let n = 1 + pickInt(3); n > 0; n--) {
      now += (1 + pickInt(3)) * 1000;
      const before = timelineOf(text);
      const result = applyOperation(text, randomOperation(random, `responder${clone}`, serial++), new Date(now));
      if (!result.applied) continue;
      text = result.text;
      // The events this operation wrote: the new timeline less the old (as multisets).
      const left = new Map<string, number>();
      for (const e of before) left.set(key(e), (left.get(key(e)) ?? 0) + 1);
      for (const e of timelineOf(text)) {
        const count = left.get(key(e)) ?? 0;
        if (count > 0) left.set(key(e), count - 1);
        else written.set(key(e), (written.get(key(e)) ?? 0) + 1);
      }
    }
    fs.writeFileSync(notePath(clone), text);
    await must(clones[clone], 'commit', '-q', '--allow-empty', '-am', `responder${clone} works the incident`);
  };
  const pull = (clone: number): Promise<string> => must(clones[clone], 'pull', '-q', random() < 0.5 ? '--rebase' : '--no-rebase', 'origin', 'main');
  const sync = async (clone: number): Promise<void> => {
    const how = pickInt(3);
    if (how === 0) {
      await pull(clone);
      return;
    }
    if (how === 1) {
      // Push first, as a person does; a push rejected because someone pushed since is followed by a pull.
      const pushed = await git(clones[clone], 'push', '-q', 'origin', 'HEAD:main');
      if (pushed.status === 0) return;
      if (!/rejected|fetch first|non-fast-forward/.test(pushed.stderr)) throw new Error(`push failed: ${pushed.stderr}`);
    }
    await pull(clone);
    await must(clones[clone], 'push', '-q', 'origin', 'HEAD:main');
  };

  for (const action of actions) await (action.kind === 'work' ? work(action.clone) : sync(action.clone));
  const order = shuffle(clones.map((_, i) => i));
  for (const clone of order) {
    await pull(clone);
    await must(clones[clone], 'push', '-q', 'origin', 'HEAD:main');
  }
  for (const clone of order.slice(0, -1)) await must(clones[clone], 'pull', '-q', '--ff-only', 'origin', 'main');

  const notes = clones.map((_, clone) => fs.readFileSync(notePath(clone), 'utf8'));
  const differing = notes.findIndex((note) => note !== notes[0]);
  if (differing >= 0) return `clone${differing}'s note differs from clone0's:\n${notes[differing]}\n----\n${notes[0]}`;
  const conflicts = (calls.get(dir) ?? []).filter((call) => call.exit !== 0);
  if (conflicts.length > 0) return `the driver reported: ${conflicts.map((c) => c.message).join('; ')}`;
  const final = new Map<string, number>();
  for (const e of timelineOf(notes[0]).slice(1)) final.set(key(e), (final.get(key(e)) ?? 0) + 1);
  for (const [event, count] of written) {
    if (final.get(event) !== count) return `${event}: written ${count}×, in the note ${final.get(event) ?? 0}×\n${notes[0]}`;
  }
  for (const [event, count] of final) if (!written.has(event)) return `${event} (${count}×) in the note was never written\n${notes[0]}`;
  return null;
}

function timelineOf(text: string): TimelineEvent[] {
  const parsed = parseIncidentNote(text, NOTE_PATH);
  if (!parsed.ok) throw new Error(`the note does not parse: ${JSON.stringify(parsed.problems)}\n${text}`);
  return parsed.incident.timeline;
}

describe(`five clones syncing one incident note through git (${SCHEDULES} random schedules)`, function () {
  this.timeout(15 * 60_000);
  let root: string;
  let server: net.Server;
  const calls = new Map<string, DriverCall[]>();

  before(async () => {
    root = tempDir('incident-note-sync-');
    server = await startDriverServer(calls);
    const port = (server.address() as net.AddressInfo).port;
    fs.mkdirSync(path.join(root, 'template'));
    makeRepos(path.join(root, 'template'), declaredNote(), CLONES, socketDriver(port));
  });
  after(() => {
    server?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('ends with the same note everywhere, no conflict, and every event exactly once', async () => {
    const failures: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < SCHEDULES && failures.length === 0) {
        const seed = FIRST_SEED + next++;
        const dir = path.join(root, `schedule-${seed}`);
        fs.cpSync(path.join(root, 'template'), dir, { recursive: true });
        const clones = Array.from({ length: CLONES }, (_, i) => path.join(dir, `clone${i}`));
        let failure: string | null;
        try {
          failure = await runSchedule(seed, dir, clones, calls);
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
        }
        if (failure) failures.push(`schedule seed ${seed} (replay: SIM_SEED=${seed} SCHEDULES=1): ${failure}`);
        else fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    assert.deepStrictEqual(failures, []);
  });
});
