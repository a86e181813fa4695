// The merge driver as git runs it: `incident-runbook merge-note %O %A %B %P` (the compiled CLI) set up in real
// clones, and `git pull` between them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { attributesLineFor, enableNoteMerging, runMergeDriver } from '../../../src/node/mergeDriver';
import { parseIncidentNote } from '../../../src/core/incident/note';
import { applyOperation, DECLARED_AT, declaredNote, NoteOperation } from '../core/incident/noteOps';
import { cliDriver, gitSync, makeRepos, mustSync, NOTE_PATH, tempDir } from './gitRepos';

const t = (minutes: number): Date => new Date(DECLARED_AT + minutes * 60_000);

describe('merge-note, the git merge driver', function () {
  this.timeout(60_000);
  let root: string;
  let clones: string[];

  beforeEach(() => {
    root = tempDir('incident-merge-driver-');
    ({ clones } = makeRepos(root, declaredNote().replace('## Summary\n', '## Summary\n\nCheckout is slow.\n'), 2, cliDriver()));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const note = (clone: string): string => fs.readFileSync(path.join(clone, NOTE_PATH), 'utf8');
  function work(clone: string, edit: (text: string) => string): void {
    fs.writeFileSync(path.join(clone, NOTE_PATH), edit(note(clone)));
    mustSync(clone, 'commit', '-q', '-am', 'work');
  }
  const ops = (...steps: [NoteOperation, number][]) => (text: string): string => steps.reduce((acc, [op, minutes]) => applyOperation(acc, op, t(minutes)).text, text);

  it('merges two responders\' events and field changes on pull, without a conflict', () => {
    work(clones[0], ops([{ op: 'acknowledge', by: 'alice' }, 1], [{ op: 'note', text: 'alice: 5xx on checkout' }, 3]));
    mustSync(clones[0], 'push', '-q', 'origin', 'main');
    work(clones[1], ops([{ op: 'status', status: 'Identified' }, 2], [{ op: 'escalate', level: 'L2' }, 4]));
    const pull = gitSync(clones[1], 'pull', '--no-rebase', '-q', 'origin', 'main');
    assert.strictEqual(pull.status, 0, pull.stderr);
    assert.match(pull.stderr, /merged as an incident note/);
    const parsed = parseIncidentNote(note(clones[1]), NOTE_PATH);
    assert.ok(parsed.ok);
    assert.deepStrictEqual(parsed.incident.timeline.map((e) => e.kind), ['declared', 'acknowledged', 'status', 'note', 'escalated']);
    assert.strictEqual(parsed.incident.status, 'Identified');
    assert.strictEqual(parsed.incident.acknowledged, '2026-11-27T04:42:00Z');
    assert.deepStrictEqual(parsed.incident.escalations, ['L2']);
  });

  it('leaves conflict markers in the prose section both changed, exits non-zero, and merges the rest', () => {
    work(clones[0], (text) => ops([{ op: 'note', text: 'a' }, 1])(text.replace('Checkout is slow.', 'Checkout is slow in the EU.')));
    mustSync(clones[0], 'push', '-q', 'origin', 'main');
    work(clones[1], (text) => ops([{ op: 'note', text: 'b' }, 2])(text.replace('Checkout is slow.', 'Checkout is down.')));
    const pull = gitSync(clones[1], 'pull', '--rebase=false', 'origin', 'main');
    assert.notStrictEqual(pull.status, 0);
    assert.match(pull.stdout + pull.stderr, /CONFLICT/);
    assert.match(pull.stderr, /conflict markers in "Summary"/);
    const text = note(clones[1]);
    assert.match(text, /<<<<<<< ours\nCheckout is down\.\n=======\nCheckout is slow in the EU\.\n>>>>>>> theirs\n/);
    assert.ok(text.includes('[note] a') && text.includes('[note] b'));
  });

  it("falls back to git's text merge when a side is not an incident note, losing neither", () => {
    work(clones[0], (text) => text.replace('level: 1', 'level: [1').replace('Checkout is slow.', 'Checkout is slow (edited by a broken tool).'));
    mustSync(clones[0], 'push', '-q', 'origin', 'main');
    work(clones[1], ops([{ op: 'note', text: 'b' }, 2]));
    const pull = gitSync(clones[1], 'pull', '--no-rebase', 'origin', 'main');
    assert.match(pull.stderr, /not merged as an incident note \(the theirs version does not read as an incident note/);
    const text = note(clones[1]);
    assert.ok(text.includes('level: [1') && text.includes('(edited by a broken tool)') && text.includes('[note] b'), text);
  });

  it('says so when git merge-file itself fails, and leaves ours in place', () => {
    const dir = tempDir('incident-merge-driver-files-');
    try {
      const [base, ours, theirs] = ['base', 'ours', 'theirs'].map((name) => path.join(dir, name));
      fs.writeFileSync(base, 'not a note\n');
      fs.writeFileSync(ours, 'ours\n');
      fs.writeFileSync(theirs, 'theirs\n');
      const outcome = runMergeDriver({ base, ours, theirs, notePath: 'incidents/x.md' }, () => ({ status: -1, stderr: 'git: not found' }));
      assert.strictEqual(outcome.exit, 1);
      assert.match(outcome.message, /failed \(git: not found\); the file holds our version/);
      assert.strictEqual(fs.readFileSync(ours, 'utf8'), 'ours\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('enableNoteMerging (the set-up Enable Note Merging runs)', () => {
  it('adds the .gitattributes line once and the driver to the local config', () => {
    const root = tempDir('incident-enable-merging-');
    try {
      mustSync(root, 'init', '-q', '--template=', '.');
      fs.mkdirSync(path.join(root, 'ops', 'incidents'), { recursive: true });
      fs.writeFileSync(path.join(root, '.gitattributes'), '*.png binary');
      const first = enableNoteMerging(path.join(root, 'ops', 'incidents'), 'incident-runbook merge-note %O %A %B %P');
      assert.strictEqual(first.attributesLine, 'ops/incidents/*.md merge=incident-note');
      assert.ok(first.attributesAdded);
      const again = enableNoteMerging(path.join(root, 'ops', 'incidents'), 'incident-runbook merge-note %O %A %B %P');
      assert.ok(!again.attributesAdded);
      assert.strictEqual(fs.readFileSync(path.join(root, '.gitattributes'), 'utf8'), '*.png binary\nops/incidents/*.md merge=incident-note\n');
      assert.strictEqual(mustSync(root, 'config', '--local', 'merge.incident-note.driver').trim(), 'incident-runbook merge-note %O %A %B %P');
      assert.strictEqual(mustSync(root, 'check-attr', 'merge', 'ops/incidents/x.md').trim(), 'ops/incidents/x.md: merge: incident-note');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('quotes a folder with spaces as git reads it, and says when the folder is in no repository', () => {
    assert.strictEqual(attributesLineFor('on call/incidents'), '"on call/incidents/*.md" merge=incident-note');
    const outside = tempDir('incident-no-repo-');
    try {
      assert.throws(() => enableNoteMerging(outside, 'x'), /git rev-parse failed/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
