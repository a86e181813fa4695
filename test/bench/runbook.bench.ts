// Runbook parse time against markdown-it's bare tokenisation of the same text (`md.parse(text, {})`, the floor
// for any parser on it), for a 4 KB runbook and a 1 MB one, measured side by side in this process.
import * as fs from 'fs';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import { parseRunbook } from '../../src/runbook';

type Figures = Record<string, number | string>;

function bundledRunbook(): string {
  const candidates = [path.resolve(__dirname, '../../..'), process.cwd()].map((root) => path.join(root, 'runbooks/default-runbook.md'));
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`bundled runbook not found in ${candidates.join(' or ')}`);
  return fs.readFileSync(found, 'utf8');
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

/** Median ms per call of `ours` and `floor`, alternating which runs first in each sample so drift hits both alike. */
function sideBySide(ours: () => void, floor: () => void, samples: number, callsPerSample: number): { ours: number; floor: number } {
  const time = (run: () => void): number => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < callsPerSample; i++) run();
    return Number(process.hrtime.bigint() - started) / 1e6 / callsPerSample;
  };
  for (let i = 0; i < 3; i++) {
    time(ours);
    time(floor);
  }
  const oursMs: number[] = [];
  const floorMs: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    if (sample % 2 === 0) {
      oursMs.push(time(ours));
      floorMs.push(time(floor));
    } else {
      floorMs.push(time(floor));
      oursMs.push(time(ours));
    }
  }
  return { ours: median(oursMs), floor: median(floorMs) };
}

const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

export async function bench(): Promise<Figures> {
  const markdown = new MarkdownIt();
  const small = runbookOfSize(4 * 1024);
  const large = runbookOfSize(1024 * 1024);
  if (parseRunbook(small, 'small.md').problems.length > 0 || parseRunbook(large, 'large.md').problems.length > 0) {
    throw new Error('bench runbooks should parse without problems');
  }
  const small4k = sideBySide(() => parseRunbook(small, 'small.md'), () => markdown.parse(small, {}), 31, 40);
  const large1m = sideBySide(() => parseRunbook(large, 'large.md'), () => markdown.parse(large, {}), 9, 1);
  return {
    'runbook.size4kBytes': Buffer.byteLength(small),
    'runbook.size1mBytes': Buffer.byteLength(large),
    'runbook.parse4kMs': round(small4k.ours),
    'runbook.markdownIt4kMs': round(small4k.floor),
    'runbook.parse4kRatio': round(small4k.ours / small4k.floor, 2),
    'runbook.parse1mMs': round(large1m.ours, 1),
    'runbook.markdownIt1mMs': round(large1m.floor, 1),
    'runbook.parse1mRatio': round(large1m.ours / large1m.floor, 2),
    'runbook.scaling': round(large1m.ours / small4k.ours, 1),
  };
}
