// The demo service as a process: `node out/demo/service/main.js --workspace DIR`. Prints one JSON line with its
// origin once it listens. It stops on SIGINT/SIGTERM and, when started with an IPC channel (as `npm start` does),
// as soon as that channel closes: its parent ended, even by `kill -9`, and a demo service must not outlive it.
import { startDemoService } from './service';

async function main(): Promise<void> {
  const at = process.argv.indexOf('--workspace');
  const workspace = at > 0 ? process.argv[at + 1] : undefined;
  if (!workspace) {
    process.stderr.write('usage: node out/demo/service/main.js --workspace DIR\n');
    process.exit(2);
  }
  const service = await startDemoService({ workspace });
  const stop = (): void => void service.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (process.send) process.once('disconnect', stop);
  process.stdout.write(JSON.stringify({ origin: service.origin }) + '\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`The demo service did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
