// A secret placeholder's value in a Run and Capture, through the same functions the runner uses
// (src/vscode/runner/commands.ts): what runs has the value; the timeline line, the fenced block and the
// saved output do not.
import * as assert from 'assert';
import { tmpdir } from 'os';
import { runAndCapture } from '../../../src/node/capture';
import { redact } from '../../../src/node/redact';
import { captureBlock, captureSummary, savedOutputText } from '../../../src/core/run/record';
import { TIMELINE_OUTPUT_BOUNDS } from '../../../src/core/shell/output';
import { substitutePlaceholders } from '../../../src/core/shell/placeholders';
import { splitSecretValues } from '../../../src/core/shell/secrets';

describe('secret placeholders never reach the timeline or the saved output', function () {
  if (process.platform === 'win32') return;

  it('records [token], runs the value, and hides the value the command printed', async () => {
    const token = 'tok-9f8e7d6c5b4a-secret';
    const command = 'echo "auth with [token] for [domain]"; echo "$0" >/dev/null';
    const { secrets, plain } = splitSecretValues({ token, domain: 'api.example.com' });
    const shown = substitutePlaceholders(command, plain, 'sh');
    const final = substitutePlaceholders(command, { token, domain: 'api.example.com' }, 'sh');
    assert.ok(shown.includes('[token]') && !shown.includes(token), shown);
    assert.ok(final.includes(token), final);

    const ran = await runAndCapture(final, { cwd: tmpdir(), timeoutMs: 10_000, maxOutputBytes: 64 * 1024, shellPath: '/bin/sh' });
    assert.ok(ran.output.includes(token), 'the command really printed the value');
    const result = { ...ran, output: await redact(ran.output, secrets) };
    const written = [captureSummary(shown, result), captureBlock(shown, result, TIMELINE_OUTPUT_BOUNDS), savedOutputText(result.output, false, 64 * 1024)];
    for (const text of written) assert.ok(!text.includes(token), `the value reached:\n${text}`);
    assert.match(written[1], /auth with \[redacted: token\] for api\.example\.com/);
    assert.match(written[0], /`echo "auth with \[token\] for api\.example\.com"/);
  });
});
