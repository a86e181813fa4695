// Runbook parse time against markdown-it's bare tokenisation of the same text (`md.parse(text, {})`, the floor
// for any parser on it), for a 4 KB runbook and a 1 MB one, measured side by side in this process.
import * as fs from 'fs';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import { parseRunbook } from '../../src/core/runbook';
import { adversarialInputs } from '../unit/core/runbook/adversarial';

type Figures = Record<string, number | string>;

/** A path in the source tree (the bench runs from out/). */
function sourcePath(relative: string): string {
  const candidates = [path.resolve(__dirname, '../../..'), process.cwd()].map((root) => path.join(root, relative));
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`${relative} not found in ${candidates.join(' or ')}`);
  return found;
}

function bundledRunbook(): string {
  return fs.readFileSync(sourcePath('runbooks/default-runbook.md'), 'utf8');
}

/** The shape corpus (test/fixtures/runbooks/shapes), each file's text. */
function corpus(): Array<{ name: string; text: string }> {
  const dir = sourcePath('test/fixtures/runbooks/shapes');
  return fs.readdirSync(dir).filter((file) => file.endsWith('.md')).sort().map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/**
 * A realistic runbook of at least `bytes` bytes: the bundled runbook's classification, diagnosis and response flow,
 * then its incidents repeated (each with a fresh id) until the size is reached, then template, escalation and links.
 */
export function runbookOfSize(bytes: number): string {
  const text = bundledRunbook();
  const start = text.indexOf('### INC-001');
  const end = text.indexOf('## 📢');
  const head = text.slice(0, start);
  const tail = text.slice(end);
  const incidents = text.slice(start, end).split(/(?=^### INC-)/m);
  let body = '';
  let next = 1;
  while (Buffer.byteLength(head + body + tail) < bytes) {
    const incident = incidents[(next - 1) % incidents.length];
    body += incident.replace(/INC-\d+/, `INC-${String(next).padStart(5, '0')}`);
    next++;
  }
  return head + body + tail;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Measured {
  run: () => void;
  /** Calls per sample, so a sample of a fast call still lasts long enough to time. */
  calls: number;
  samples: number[];
}

function measure(run: () => void, calls: number): Measured {
  return { run, calls, samples: [] };
}

function timeSample(measured: Measured): void {
  const started = process.hrtime.bigint();
  for (let i = 0; i < measured.calls; i++) measured.run();
  measured.samples.push(Number(process.hrtime.bigint() - started) / 1e6 / measured.calls);
}

/**
 * Samples a group of measurements in turn, rotating which goes first, after discarded warm-up rounds. The 4 KB and
 * 1 MB groups run as separate phases (a 4 KB sample taken right after a 1 MB parse would time that parse's garbage
 * collection), and the phases repeat so that a busy spell of the machine weighs on both sizes alike.
 */
function phase(group: Measured[], warmUpRounds: number, rounds: number): void {
  for (let round = 0; round < warmUpRounds; round++) for (const measured of group) measured.run();
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < group.length; i++) timeSample(group[(round + i) % group.length]);
  }
}

const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/** The whole shape corpus parsed, against markdown-it tokenising the same files (keep ≤ 3). */
function corpusRatio(markdown: InstanceType<typeof MarkdownIt>): number {
  const files = corpus();
  const ours = measure(() => { for (const file of files) parseRunbook(file.text, file.name); }, 5);
  const floor = measure(() => { for (const file of files) markdown.parse(file.text, {}); }, 5);
  for (let repeat = 0; repeat < 3; repeat++) phase([ours, floor], 20, 8);
  return median(ours.samples) / median(floor.samples);
}

/**
 * The worst hostile input (adversarial.ts: every context a reader looks in × every repeated character) as our time
 * per MB against markdown-it's on the same input (keep ≤ 5). Linear readers keep this flat as inputs grow.
 */
function adversarialPerMB(markdown: InstanceType<typeof MarkdownIt>): { ratio: number; worst: string } {
  let worst = { ratio: 0, worst: '' };
  for (const input of adversarialInputs(128 * 1024)) {
    const ours = measure(() => parseRunbook(input.text, 'hostile.md'), 1);
    const floor = measure(() => markdown.parse(input.text, {}), 1);
    phase([ours, floor], 1, 3);
    // The fastest of each (one sample per input is cheap enough only if a GC pause in it does not decide), and a floor
    // of 1 ms: a few hundred microseconds of markdown-it would make noise look like a ratio.
    const ratio = Math.min(...ours.samples) / Math.max(Math.min(...floor.samples), 1);
    if (ratio > worst.ratio) worst = { ratio, worst: input.name };
  }
  return worst;
}

export async function bench(): Promise<Figures> {
  const markdown = new MarkdownIt();
  const small = runbookOfSize(4 * 1024);
  const large = runbookOfSize(1024 * 1024);
  if (parseRunbook(small, 'small.md').problems.length > 0 || parseRunbook(large, 'large.md').problems.length > 0) {
    throw new Error('bench runbooks should parse without problems');
  }
  const ours4k = measure(() => parseRunbook(small, 'small.md'), 40);
  const floor4k = measure(() => markdown.parse(small, {}), 40);
  const ours1m = measure(() => parseRunbook(large, 'large.md'), 1);
  const floor1m = measure(() => markdown.parse(large, {}), 1);
  for (let repeat = 0; repeat < 3; repeat++) {
    phase([ours4k, floor4k], 40, 8);
    phase([ours1m, floor1m], 1, 4);
  }
  const [ours4kMs, floor4kMs, ours1mMs, floor1mMs] = [ours4k, floor4k, ours1m, floor1m].map((measured) => median(measured.samples));
  const adversarial = adversarialPerMB(markdown);
  return {
    'runbook.size4kBytes': Buffer.byteLength(small),
    'runbook.size1mBytes': Buffer.byteLength(large),
    'runbook.parse4kMs': round(ours4kMs),
    'runbook.markdownIt4kMs': round(floor4kMs),
    'runbook.parse4kRatio': round(ours4kMs / floor4kMs, 2),
    'runbook.parse1mMs': round(ours1mMs, 1),
    'runbook.markdownIt1mMs': round(floor1mMs, 1),
    'runbook.parse1mRatio': round(ours1mMs / floor1mMs, 2),
    'runbook.scaling': round(ours1mMs / ours4kMs, 1),
    'runbook.corpusRatio': round(corpusRatio(markdown), 2),
    'runbook.adversarialPerMB': round(adversarial.ratio, 2),
    'runbook.adversarialWorst': adversarial.worst,
  };
}
