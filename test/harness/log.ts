// One voice for the harness on stdout: every line says where it comes from and when, so a CI log of
// a 10-minute run can be read top to bottom.
const startedAt = Date.now();

function stamp(): string {
  return `${((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)}s`;
}

/** Nothing is written once the reader has gone (see installExitHandlers). */
function write(text: string): void {
  if (process.stdout.writable && !process.stdout.destroyed) {
    process.stdout.write(text);
  }
}

/** A progress line from the harness itself. */
export function say(message: string): void {
  write(`[harness ${stamp()}] ${message}\n`);
}

/** Lines that come from somewhere else (VS Code, npm), indented under a source tag. */
export function relay(source: string, text: string): void {
  for (const line of text.replace(/\r/g, '').replace(/\n$/, '').split('\n')) {
    write(`  ${source} | ${line}\n`);
  }
}

export function verbose(): boolean {
  return process.env.INCIDENT_RUNBOOK_VERBOSE === '1';
}

export function secondsSince(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}
