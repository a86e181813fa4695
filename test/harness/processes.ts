// Whether a command a test started is still running, read from `ps`: a test of a timeout or a cancel asserts
// that the process is gone, never how long that took (a busy machine makes any time figure a flake).
import { execFileSync } from 'child_process';
import { randomInt } from 'crypto';

/** `sleep` for about `seconds`: a command line no other process on the machine has, so `livingProcesses` finds only it. */
export function uniqueSleep(seconds: number): string {
  return `sleep ${seconds}.${randomInt(100_000, 1_000_000)}`;
}

/** The processes (not zombies: those have ended and wait only to be reaped) whose command line contains `commandLine`. */
export function livingProcesses(commandLine: string): string[] {
  return execFileSync('ps', ['-A', '-o', 'stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes(commandLine) && !line.startsWith('Z'));
}
