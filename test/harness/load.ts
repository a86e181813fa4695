// The load mode (INCIDENT_RUNBOOK_LOAD=1): the suites run with a CPU hog on one core beside them, as on
// a shared, noisy CI machine, where waits on the wrong thing show up as flakes. The hog is a busy loop
// in a child process that ends by itself after `maxMs` (and when its parent goes), so it can never
// outlive the run; stopLoad() ends it at once.
import { spawn, type ChildProcess } from 'child_process';

export const LOAD_ENV = 'INCIDENT_RUNBOOK_LOAD';

const HOG = `
const until = Date.now() + Number(process.argv[1]);
const parent = Number(process.argv[2]);
let spins = 0;
while (Date.now() < until) {
  // Every ~50 ms of spinning, check that the run is still there.
  if (++spins % 2e6 === 0) { try { process.kill(parent, 0); } catch { break; } }
}
`;

let hog: ChildProcess | undefined;

function loadModeOn(): boolean {
  return process.env[LOAD_ENV] === '1';
}

/** Starts the hog when the load mode is on; returns whether it did. */
export function startLoad(maxMs: number): boolean {
  if (!loadModeOn() || hog) return false;
  hog = spawn(process.execPath, ['-e', HOG, String(maxMs), String(process.pid)], { stdio: 'ignore' });
  hog.once('exit', () => (hog = undefined));
  return true;
}

export function stopLoad(): void {
  hog?.kill('SIGKILL');
  hog = undefined;
}
