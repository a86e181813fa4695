// Every hostile placeholder value through Run and Capture itself (src/node/capture.ts, the way the runner
// fills and runs a command), in each real shell of this machine: the value arrives exactly and runs nothing.
// The same values typed into a real pty are in test/unit/core/shell/unsafeContexts.test.ts.
import * as assert from 'assert';
import { randomUUID } from 'crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { runAndCapture } from '../../../src/node/capture';
import { substitutePlaceholders } from '../../../src/core/shell/placeholders';
import { HOSTILE_VALUES, installedShells } from '../core/shell/support';

const marker = `/tmp/pwned-capture-${randomUUID()}`;
const values = [
  ...HOSTILE_VALUES,
  `$(touch ${marker})`,
  `\`touch ${marker}\``,
  `x; touch ${marker}`,
  `'; touch ${marker}; '`,
  `\x15touch ${marker} #`,
  `a\rtouch ${marker}`,
  `x\ntouch ${marker} #`,
  'v'.repeat(5000),
];

describe('Run and Capture: every hostile placeholder value in each real shell', () => {
  afterEach(() => rmSync(marker, { force: true }));

  for (const { kind, path: shellPath } of installedShells().filter((s) => s.kind !== 'pwsh')) {
    it(`${kind}: arrives exactly and runs nothing`, async function () {
      this.timeout(120_000);
      const dir = mkdtempSync(path.join(tmpdir(), 'capture-hostile-'));
      for (const [n, value] of values.entries()) {
        const command = substitutePlaceholders(`printf %s [v] > ${dir}/${n}`, { v: value }, kind);
        const ran = await runAndCapture(command, { cwd: dir, timeoutMs: 10_000, maxOutputBytes: 64 * 1024, shellPath });
        assert.strictEqual(ran.exitCode, 0, `${kind}: ${command}: ${ran.output}`);
        assert.strictEqual(readFileSync(`${dir}/${n}`, 'utf8'), value, `${kind}: ${JSON.stringify(value)} as ${command}`);
      }
      assert.ok(!existsSync(marker), `${kind}: a value ran a command`);
      rmSync(dir, { recursive: true });
    });
  }

  it('the check can fail: a value put in single quotes as it is runs what it holds', async () => {
    const sh = installedShells().find((s) => s.kind === 'sh');
    if (!sh) return;
    await runAndCapture(`printf %s '${values[HOSTILE_VALUES.length + 3]}'`, { cwd: tmpdir(), timeoutMs: 10_000, maxOutputBytes: 1024, shellPath: sh.path });
    assert.ok(existsSync(marker));
  });
});
