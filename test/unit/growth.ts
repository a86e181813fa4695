// The one way unit tests judge speed: how the time grows between two sizes of the same crafted input, so that a
// quadratic (backtracking) pattern fails and a busy machine does not. Linear work on a `factor` times larger input
// takes `factor` times as long, quadratic work `factor²` times; the bound is halfway between (factor^1.5: 8 for 4×).
// What makes it immune to a noisy machine:
// - CPU time, not wall time: the time the OS gave the core to another process is not counted;
// - each measurement lasts at least about MIN_MS (a quick run is repeated inside it, the large one `factor` times
//   fewer): a 1 ms figure is all noise;
// - the small and large inputs are measured interleaved and the fastest kept: noise only ever adds time;
// - a check over the bound is measured again, up to ROUNDS times, and passes if any round is within it.
// Input sizes must still make the quadratic part dominate the small input (a run of some thousands characters).
import { threadCpuMs } from '../../src/node/threadCpu';

/** The least CPU time of one measurement of the small input. */
const MIN_MS = 10;
/**
 * Interleaved measurements of each size per round: one to pass quickly, more when re-measuring. CPU time is not
 * immune to a neighbour on the same physical core (shared caches, a sibling hyperthread): a linear check failed once
 * under a load of 24 on 2 cores, so a failing check gets a last, longer round.
 */
const REPEATS_PER_ROUND = [1, 3, 3, 6];

/** Milliseconds of CPU used by this thread, or by this process where Node cannot tell threads apart (before 23.9). */
export function cpuMs(): number {
  const thread = threadCpuMs();
  if (thread !== undefined) return thread;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function batchCpuMs(work: () => unknown, batch: number): number {
  const started = cpuMs();
  for (let i = 0; i < batch; i++) work();
  return cpuMs() - started;
}

/** How many runs of `work` one measurement needs to last MIN_MS (judged after a first, warming run). */
function batchFor(work: () => unknown): number {
  work();
  const once = batchCpuMs(work, 1);
  return once >= MIN_MS ? 1 : Math.ceil(MIN_MS / Math.max(once, MIN_MS / 1000));
}

interface Growth {
  /** CPU milliseconds of one run of each. */
  smallMs: number;
  largeMs: number;
}

/** A large input taking at least this share of the small one's time is not "less time for more input". */
const SAME_WITHIN = 0.5;

/** The fastest of `repeats` interleaved measurements of each (of `batches` runs), per run. */
function measure(small: () => unknown, large: () => unknown, batches: [number, number], repeats: number): Growth {
  let smallMs = Infinity;
  let largeMs = Infinity;
  for (let i = 0; i < repeats; i++) {
    smallMs = Math.min(smallMs, batchCpuMs(small, batches[0]) / batches[0]);
    largeMs = Math.min(largeMs, batchCpuMs(large, batches[1]) / batches[1]);
  }
  return { smallMs, largeMs };
}

/** The most `large` may take over `small` for an input `factor` times larger: halfway (geometrically) to quadratic. */
export function linearBound(factor: number): number {
  return factor ** 1.5;
}

/**
 * Undefined when `large` (an input `factor` times the size of `small`'s) grows linearly within the bound, in some
 * round; otherwise a message naming `name` with every round's figures.
 */
export function superLinearGrowth(name: string, small: () => unknown, large: () => unknown, factor: number): string | undefined {
  const bound = linearBound(factor);
  const batch = batchFor(small);
  const batches: [number, number] = [batch, Math.max(1, Math.round(batch / factor))];
  const rounds: string[] = [];
  let shrank = true;
  for (const repeats of REPEATS_PER_ROUND) {
    const { smallMs, largeMs } = measure(small, large, batches, repeats);
    // Much less time for more input: a length limit between the two sizes skips the work, and the check would prove
    // nothing. About the same time (work that does not grow, within the noise of two tiny figures) is within bound.
    if (largeMs >= smallMs * SAME_WITHIN && largeMs < smallMs * bound) return undefined;
    shrank &&= largeMs < smallMs * SAME_WITHIN;
    rounds.push(`${largeMs.toFixed(2)} ms vs ${smallMs.toFixed(2)} ms`);
  }
  const figures = `(per run, of ${batches.join(' and ')} runs): ${rounds.join('; ')}`;
  if (shrank) return `${name}: ${Number(factor.toFixed(1))}× the input took less CPU time ${figures}; a length limit between the two sizes hides how it grows`;
  return `${name}: ${Number(factor.toFixed(1))}× the input took over ${bound.toFixed(0)}× the CPU time ${figures}`;
}

/** Asserts that `work(size * factor)` takes within linearBound(factor) times as long as `work(size)`. */
export function assertLinearGrowth(name: string, work: (size: number) => unknown, size: number, factor = 4): void {
  const problem = superLinearGrowth(name, () => work(size), () => work(size * factor), factor);
  if (problem !== undefined) throw new Error(problem);
}
