// `npm run bench`: runs every bench module side by side in one process and prints one JSON object
// of named figures and ratios (dotted keys). Ratios compare our code with a floor measured in the same run,
// so they mean the same on a fast or a slow machine.
import * as fs from 'fs';
import * as path from 'path';

export type BenchFigures = Record<string, number | string>;
export interface BenchModule {
  bench(): Promise<BenchFigures>;
}

async function main(): Promise<void> {
  const dir = __dirname;
  const figures: BenchFigures = {};
  const names = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.bench.js'))
    .map((f) => f.slice(0, -'.bench.js'.length))
    .sort();
  // `node out/test/bench/run.js merge notes`: only those modules (merge.bench, notes.bench); none named, all.
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new Error(`No bench module ${unknown.join(', ')}; the modules are ${names.join(', ')}.`);
  const modules = names.filter((name) => only.length === 0 || only.includes(name)).map((name) => `${name}.bench.js`);
  for (const file of modules) {
    const mod = require(path.join(dir, file)) as BenchModule;
    Object.assign(figures, await mod.bench());
  }
  // Figures only a real VS Code can measure are written by the integration/e2e run.
  const perfFile = path.resolve(dir, '../../../test-results/perf.json');
  if (fs.existsSync(perfFile)) {
    Object.assign(figures, JSON.parse(fs.readFileSync(perfFile, 'utf8')) as BenchFigures);
  }
  process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
}

void main();
