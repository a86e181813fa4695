import * as assert from 'assert';
import { confirmedTrigger, recordedHead } from '../../../../src/core/incident/events';
import { confirmTrigger, recordGitHead } from '../../../../src/core/incident/lifecycle';
import { changesSectionLines, commitsBefore, pathsNamedIn, tickedInDraft, type ChangeCommit, type ChangesRead } from '../../../../src/core/postmortem/changes';
import { regeneratePostmortem } from '../../../../src/core/postmortem/regenerate';
import { at, fixtureIncident } from '../incident/fixtures';
import { draft } from './support';

// Declared 2026-11-29T10:00:00Z; the trigger confirmed is 3b1d2c4 (committed 08:30).
const incident = fixtureIncident('trigger-confirmed.md');

const commit = (hash: string, committedAt: string, subject: string, author = 'erin'): ChangeCommit => ({ hash: hash.padEnd(40, '0'), committedAt, subject, author });

/** The branch as the log reads it from the recorded HEAD, newest first. */
const log: ChangeCommit[] = [
  commit('9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345', '2026-11-29T09:55:00Z', 'Bump the checkout banner copy'),
  commit('3b1d2c4e5f60718293a4b5c6d7e8f90123456789', '2026-11-29T08:30:00Z', 'Halve the payments DB pool', 'frank'),
  commit('aa11bb2', '2026-11-28T12:00:00Z', 'Add the payments deploy script'),
  commit('cc33dd4', '2026-11-28T09:59:59Z', 'Older than a day before the declaration'),
];

function read(overrides: Partial<ChangesRead> = {}): ChangesRead {
  return { branch: 'main', head: '9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345', headRecorded: true, hours: 24, commits: log, limit: 200, touched: [], ...overrides };
}

describe('post-mortem: changes before the incident', () => {
  it('lists the commits of the window before the declaration, newest first, each a candidate to confirm or strike', () => {
    const lines = changesSectionLines(incident, read());
    const items = lines.filter((l) => l.startsWith('- ['));
    assert.deepStrictEqual(items, [
      '- [ ] `9f2c4e1` 2026-11-29 09:55 UTC · erin · Bump the checkout banner copy',
      '- [x] `3b1d2c4` 2026-11-29 08:30 UTC · frank · Halve the payments DB pool',
      '- [ ] `aa11bb2` 2026-11-28 12:00 UTC · erin · Add the payments deploy script',
    ]);
    assert.strictEqual(lines[0], '## Changes before the incident');
    assert.ok(lines.some((l) => l.includes('on `main` in the 24 hours before the declaration (2026-11-29 10:00 UTC)') && l.includes('the HEAD recorded at the declaration')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('Incident: Confirm Trigger Change')));
    assert.ok(
      lines.includes('**Confirmed trigger**: `3b1d2c4` Halve the payments DB pool, committed 2026-11-29 08:30 UTC; failed deployment recovery time 2h 45m 30s (9930 s, to the resolution at 2026-11-29 11:15 UTC).'),
      lines.join('\n'),
    );
  });

  it('commits after the declaration are left out, and so is one an hour before a shorter window', () => {
    const later = [commit('ee55ff6', '2026-11-29T10:00:01Z', 'Made after the declaration'), ...log];
    assert.deepStrictEqual(commitsBefore(later, incident.declared, 24).map((c) => c.subject), ['Bump the checkout banner copy', 'Halve the payments DB pool', 'Add the payments deploy script']);
    assert.deepStrictEqual(commitsBefore(later, incident.declared, 1).map((c) => c.subject), ['Bump the checkout banner copy']);
  });

  it('commits touching what the runbook or the note names come first, with the paths', () => {
    const lines = changesSectionLines(incident, read({ touched: [{ path: 'config/db-pool.yaml', hashes: [log[1].hash] }, { path: 'deploy/payments.sh', hashes: [log[2].hash, log[3].hash] }] }));
    const text = lines.join('\n');
    const named = text.indexOf('### Touching what the runbook or the note names');
    const other = text.indexOf('### Other commits');
    assert.ok(named > 0 && other > named, text);
    assert.ok(text.slice(named, other).includes('`3b1d2c4` 2026-11-29 08:30 UTC · frank · Halve the payments DB pool — touches `config/db-pool.yaml`'), text);
    assert.ok(text.slice(named, other).includes('Add the payments deploy script — touches `deploy/payments.sh`'), text);
    assert.ok(text.slice(other).includes('Bump the checkout banner copy'), text);
    assert.ok(!text.includes('Older than a day'), 'a commit outside the window is not listed even when it touched a named path');
  });

  it('says why nothing is listed: no repository, no commits in the window, a read cut short, no HEAD recorded', () => {
    assert.ok(changesSectionLines(incident, { unavailable: 'no git repository holds the incident note' }).includes('_No commits are listed: no git repository holds the incident note._'));
    assert.ok(changesSectionLines(incident, read({ commits: [log[3]] })).includes('_No commit on `main` in that time._'));
    assert.ok(changesSectionLines(incident, read({ limit: 2, commits: log.slice(0, 2) })).some((l) => l.includes('Only the latest 2 commits were read')));
    assert.ok(!changesSectionLines(incident, read({ limit: 4 })).some((l) => l.includes('Only the latest')), 'a read that reached past the window was complete');
    assert.ok(changesSectionLines(incident, read({ headRecorded: false, branch: null })).some((l) => l.includes("on the detached HEAD") && l.includes("from the repository's HEAD now (9f2c4e1; the note recorded none at the declaration)")));
  });

  it('paths the note names: words with a slash or a file extension, not URLs or versions', () => {
    assert.deepStrictEqual(pathsNamedIn(incident), ['config/db-pool.yaml', 'deploy/payments.sh']);
  });

  it('is a section of the draft, after the trigger, and a regeneration keeps the person’s ticks and strikes', () => {
    const options = { changes: read() };
    const first = draft(incident, undefined, options);
    assert.ok(first.indexOf('## Changes before the incident') > first.indexOf('## Trigger'));
    assert.ok(first.indexOf('## Changes before the incident') < first.indexOf('## Resolution'));
    const struck = first.replace('- [ ] `aa11bb2`', '- [ ] ~~`aa11bb2`').replace('Add the payments deploy script\n', 'Add the payments deploy script~~\n');
    assert.notStrictEqual(struck, first);
    const later = draft(incident, undefined, { changes: read({ commits: [commit('0123abc', '2026-11-29T09:00:00Z', 'Found later'), ...log] }) });
    const result = regeneratePostmortem(struck, later);
    assert.ok(result.text.includes('~~`aa11bb2`'), 'the person’s strike is kept');
    assert.ok(!result.text.includes('Found later'), 'an edited section is not refreshed');
    assert.strictEqual(result.changes.find((c) => c.section === 'changes')?.change, 'kept-edited');
    // Untouched, it is refreshed.
    assert.ok(regeneratePostmortem(first, later).text.includes('Found later'));
  });
});

describe('post-mortem: what the person ticked among the changes', () => {
  it('the hashes ticked in the changes section, not struck ones nor ticks of other sections', () => {
    const text = draft(incident, undefined, { changes: read() })
      .replace('- [ ] `9f2c4e1`', '- [X] `9f2c4e1`')
      .replace('- [ ] `aa11bb2`', '- [x] ~~`aa11bb2`')
      .replace('## Trigger\n', '## Trigger\n\n- [x] `ffff000` a tick outside the section\n');
    assert.deepStrictEqual(tickedInDraft(text), ['9f2c4e1', '3b1d2c4']);
    assert.deepStrictEqual(tickedInDraft('# Post-mortem\n\n- [x] `9f2c4e1` no section\n'), []);
  });
});

describe('git context in the note', () => {
  it('the HEAD at the declaration is recorded once, and read back', () => {
    const declared = { ...incident, timeline: incident.timeline.filter((e) => e.kind !== 'git') };
    const result = recordGitHead(declared, { commit: 'abcdef1234567', branch: 'release/2026-11' }, at('2026-11-29T12:30:00Z'));
    assert.ok(result.ok);
    assert.deepStrictEqual(recordedHead(result.incident), { commit: 'abcdef1234567', branch: 'release/2026-11' });
    assert.strictEqual(result.incident.timeline.at(-1)?.text, 'HEAD abcdef1234567 on branch release/2026-11');
    const again = recordGitHead(result.incident, { commit: 'fedcba7654321', branch: null }, at('2026-11-29T12:31:00Z'));
    assert.ok(!again.ok && again.error.code === 'no-change');
    assert.deepStrictEqual(recordedHead(incident), { commit: '9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345', branch: 'main' });
  });

  it('a trigger is confirmed on a resolved incident; a later one replaces it, "none" clears it', () => {
    assert.strictEqual(confirmedTrigger(incident)?.commit, '3b1d2c4e5f60718293a4b5c6d7e8f90123456789');
    const other = confirmTrigger(incident, { commit: log[0].hash, subject: 'Bump the checkout banner copy', committedAt: '2026-11-29T09:55:00Z' }, at('2026-11-29T12:10:00Z'));
    assert.ok(other.ok);
    assert.deepStrictEqual(confirmedTrigger(other.incident), { commit: log[0].hash, subject: 'Bump the checkout banner copy', committedAt: '2026-11-29T09:55:00Z' });
    const cleared = confirmTrigger(other.incident, null, at('2026-11-29T12:20:00Z'));
    assert.ok(cleared.ok);
    assert.strictEqual(confirmedTrigger(cleared.incident), null);
    const same = confirmTrigger(incident, { commit: '3b1d2c4e5f60718293a4b5c6d7e8f90123456789', subject: 'x', committedAt: '2026-11-29T08:30:00Z' }, at('2026-11-29T12:10:00Z'));
    assert.ok(!same.ok && same.error.code === 'no-change');
    const badTime = confirmTrigger(incident, { commit: log[0].hash, subject: 'x', committedAt: 'yesterday' }, at('2026-11-29T12:10:00Z'));
    assert.ok(!badTime.ok && badTime.error.code === 'invalid', 'a commit time that is not a time is refused, not written');
  });
});
