// Loading incident notes for the incidents tree, against the floor of reading the same files' bytes.
//   notes.load1kRatio  = time(read + parse 1,000 notes) / time(read the same 1,000 files)   target ≤ 5
//   notes.scaling10k   = time(read + parse 10,000 notes) / time(read + parse 1,000 notes)  target ≤ 12
// Both sides read with fs.promises in parallel batches of the same size; the parsed incidents are kept, as the tree
// keeps them. Each figure is the median of several runs, the four kinds of run interleaved so that all see the same
// share of a shared machine, each run after a full garbage collection. Times are wall-clock; the `…Cpu` keys give the
// same ratios in process CPU time, which other processes cannot inflate.
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { acknowledge, addEvent, declare, escalate, recordStatusUpdate, resolve, setStatus } from '../../src/core/incident/lifecycle';
import type { Incident } from '../../src/core/incident/model';
import { parseIncidentNote, serializeIncidentNote } from '../../src/core/incident/note';

const BATCH = 64;

/** A realistic note: declared, acknowledged, a dozen events, every other one resolved. */
function sampleIncident(n: number): Incident {
  const start = Date.UTC(2026, 0, 1) + n * 3_600_000;
  let step = 0;
  const next = (): Date => new Date(start + ++step * 97_000);
  const declared = declare({ title: `Incident number ${n}: checkout latency in region ${n % 7}`, level: 1 + (n % 4), commander: `responder-${n % 13}`, impact: 'Some customers could not pay' }, new Date(start));
  if (!declared.ok) throw new Error(declared.error.message);
  let incident = declared.incident;
  const apply = (result: ReturnType<typeof acknowledge>): void => {
    if (!result.ok) throw new Error(result.error.message);
    incident = result.incident;
  };
  apply(acknowledge(incident, next(), `responder-${(n + 1) % 13}`));
  for (let i = 0; i < 8; i++) {
    const text = i % 3 === 0 ? `\`curl -s https://shop${i}.example/api/health | jq .status\` exited ${i % 2} in 0.${i}s` : `Looked at dashboard ${i}: error rate ${i * 3}%`;
    apply(addEvent(incident, { kind: i % 3 === 0 ? 'command' : 'note', text }, next()));
  }
  apply(setStatus(incident, 'Mitigating', next()));
  apply(recordStatusUpdate(incident, next()));
  if (n % 3 === 0) apply(escalate(incident, 'L2', next()));
  if (n % 2 === 0) apply(resolve(incident, next(), 'rolled back'));
  return { ...incident, summary: 'Checkout requests slowed down after a deploy; rolled back.' };
}

async function readInBatches(files: string[], use: (bytes: Buffer, file: string) => void): Promise<void> {
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const contents = await Promise.all(batch.map((file) => fsp.readFile(file)));
    for (let j = 0; j < contents.length; j++) use(contents[j], batch[j]);
  }
}

interface Timing {
  /** Wall-clock milliseconds. */
  wall: number;
  /** CPU milliseconds of the whole process (main thread and the threads that read), blind to other processes. */
  cpu: number;
}

/**
 * A full garbage collection before each measured run, so that no run pays for the garbage of the one before
 * (a 10,000-note run leaves a lot). `gc` is exposed at run time because the bench runner starts plain `node`.
 */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as unknown;
  return typeof gc === 'function' ? (gc as () => void) : () => undefined;
})();

async function timed(work: () => Promise<void>): Promise<Timing> {
  collectGarbage();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await work();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function readBytesOnly(files: string[]): Promise<Timing> {
  let total = 0;
  return timed(async () => {
    await readInBatches(files, (bytes) => {
      total += bytes.length;
    });
    if (total === 0) throw new Error('read nothing');
  });
}

function readAndParse(files: string[]): Promise<Timing> {
  // Kept, as the incidents tree keeps them.
  const incidents: Incident[] = [];
  return timed(async () => {
    await readInBatches(files, (bytes, file) => {
      const result = parseIncidentNote(bytes.toString('utf8'), path.basename(file));
      if (!result.ok) throw new Error(`${file}: ${result.problems[0].message}`);
      incidents.push(result.incident);
    });
    if (incidents.length !== files.length) throw new Error('lost notes');
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

type Figures = Record<'floor1k' | 'load1k' | 'floor10k' | 'load10k', Timing>;

/**
 * Runs the measurements in turn, `runs` times, and keeps each one's median: the machine is shared, and
 * interleaving lets every figure see the same share of it.
 */
async function measure(files: string[], runs: number): Promise<Figures> {
  const small = files.slice(0, 1_000);
  // One unmeasured pass each warms the page cache and the JIT.
  await readBytesOnly(files);
  await readAndParse(files);
  const samples: Record<keyof Figures, Timing[]> = { floor1k: [], load1k: [], floor10k: [], load10k: [] };
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < 2; k++) {
      samples.floor1k.push(await readBytesOnly(small));
      samples.load1k.push(await readAndParse(small));
    }
    samples.floor10k.push(await readBytesOnly(files));
    samples.load10k.push(await readAndParse(files));
  }
  const med = (timings: Timing[]): Timing => ({ wall: median(timings.map((t) => t.wall)), cpu: median(timings.map((t) => t.cpu)) });
  return { floor1k: med(samples.floor1k), load1k: med(samples.load1k), floor10k: med(samples.floor10k), load10k: med(samples.load10k) };
}

export async function bench(): Promise<Record<string, number | string>> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'incident-notes-bench-'));
  try {
    const templates = Array.from({ length: 50 }, (_, n) => sampleIncident(n));
    const files: string[] = [];
    for (let i = 0; i < 10_000; i += BATCH) {
      const writes: Promise<void>[] = [];
      for (let j = i; j < Math.min(i + BATCH, 10_000); j++) {
        const template = templates[j % templates.length];
        const incident = { ...template, id: `${template.id}-${j}`, title: `${template.title} (${j})` };
        const file = path.join(dir, `${incident.id}.md`);
        files.push(file);
        writes.push(fsp.writeFile(file, serializeIncidentNote(incident)));
      }
      await Promise.all(writes);
    }
    const f = await measure(files, 5);
    const round = (n: number): number => Math.round(n * 100) / 100;
    return {
      'notes.load1kRatio': round(f.load1k.wall / f.floor1k.wall),
      'notes.scaling10k': round(f.load10k.wall / f.load1k.wall),
      'notes.load1kMs': round(f.load1k.wall),
      'notes.read1kMs': round(f.floor1k.wall),
      'notes.load10kMs': round(f.load10k.wall),
      'notes.read10kMs': round(f.floor10k.wall),
      // The same in CPU time, which other processes on a shared machine do not inflate.
      'notes.load1kRatioCpu': round(f.load1k.cpu / f.floor1k.cpu),
      'notes.scaling10kCpu': round(f.load10k.cpu / f.load1k.cpu),
      'notes.bytesPerNote': (await fsp.stat(files[0])).size,
    };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void bench().then((figures) => process.stdout.write(JSON.stringify(figures, null, 2) + '\n'));
}
