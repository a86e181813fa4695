import * as assert from 'assert';
import { commandSlug, outputFileName, outputLink, savedOutputText, utcStamp, withOutputLink } from '../../../../src/core/run/record';

describe('runner/record: full output saved beside the incident note', () => {
  const at = new Date('2026-11-27T05:43:01.987Z');

  it('stamps the UTC second without separators', () => {
    assert.strictEqual(utcStamp(at), '20261127T054301Z');
    assert.strictEqual(utcStamp(new Date('2026-01-02T03:04:05Z')), '20260102T030405Z');
  });

  it('slugs a command into a short, file-name-safe word list', () => {
    assert.strictEqual(commandSlug('kubectl get pods -n prod'), 'kubectl-get-pods-n-prod');
    assert.strictEqual(commandSlug("curl -s 'https://x.example/health' | jq .status"), 'curl-s-https-x-example-health-jq-status');
    assert.strictEqual(commandSlug('  ../../etc/passwd; rm -rf ~  '), 'etc-passwd-rm-rf');
    assert.strictEqual(commandSlug('café'), 'cafe');
    assert.strictEqual(commandSlug('日本 | ; $()'), 'command');
  });

  it('keeps the slug to 40 characters, never ending on a hyphen', () => {
    const slug = commandSlug(`${'a'.repeat(39)} bbbbbbbb`);
    assert.strictEqual(slug, 'a'.repeat(39));
    for (const command of ['x '.repeat(100), 'word '.repeat(30), 'A-b_c/d\\e:f*g?h"i<j>k|l'.repeat(5)]) {
      const s = commandSlug(command);
      assert.ok(s.length <= 40 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s), `${JSON.stringify(command)} -> ${s}`);
    }
  });

  it('names the file by start time and command, so a listing reads in run order', () => {
    assert.strictEqual(outputFileName(at, 'seq 1 100'), '20261127T054301Z-seq-1-100.log');
    const names = [outputFileName(new Date('2026-11-27T05:43:59Z'), 'zz'), outputFileName(new Date('2026-11-27T05:44:00Z'), 'aa')];
    assert.deepStrictEqual([...names].sort(), names);
  });

  it('links from the note to the file in <id>.outputs/, URL-encoding what a link cannot hold', () => {
    assert.strictEqual(outputLink('2026-11-27-db-down', '20261127T054301Z-seq.log'), '2026-11-27-db-down.outputs/20261127T054301Z-seq.log');
    assert.strictEqual(outputLink('2026-11-27-a (b', 'x) y.log'), '2026-11-27-a%20%28b.outputs/x%29%20y.log');
    assert.strictEqual(outputLink('2026-11-27-café', 'x.log'), '2026-11-27-caf%C3%A9.outputs/x.log');
  });

  it('appends the link to the first line of the timeline event, keeping its output apart', () => {
    const event = withOutputLink({ kind: 'command', text: '`seq 100` exited 0 in 1.2 s', output: '99\n100' }, 'inc.outputs/20261127T054301Z-seq-100.log');
    assert.deepStrictEqual(event, {
      kind: 'command',
      text: '`seq 100` exited 0 in 1.2 s — full output: [20261127T054301Z-seq-100.log](inc.outputs/20261127T054301Z-seq-100.log)',
      output: '99\n100',
    });
    const twoLines = withOutputLink({ kind: 'command', text: 'first\nsecond' }, 'a.outputs/x%20y.log');
    assert.strictEqual(twoLines.text, 'first — full output: [x y.log](a.outputs/x%20y.log)\nsecond');
  });

  it('escapes a file name that would break the link text', () => {
    assert.strictEqual(withOutputLink({ kind: 'command', text: 't' }, 'a.outputs/%5Bx%5D_1.log').text, 't — full output: [\\[x\\]\\_1.log](a.outputs/%5Bx%5D_1.log)');
  });

  it('saves the output whole, ending with a line break, and says so at the top when its beginning was dropped', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n');
    assert.strictEqual(savedOutputText(lines, false, 256 * 1024), `${lines}\n`);
    assert.strictEqual(savedOutputText(`${lines}\n`, false, 256 * 1024), `${lines}\n`);
    assert.strictEqual(savedOutputText('tail\n', true, 256 * 1024), '[earlier output dropped: only the last 256 KB were kept]\ntail\n');
  });
});
