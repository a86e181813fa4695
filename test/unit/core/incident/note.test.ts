import * as assert from 'assert';
import fc from 'fast-check';
import { fastFrontMatter, yamlFrontMatter } from '../../../../src/core/incident/frontMatter';
import { acknowledge, addEvent, declare, escalate, setStatus } from '../../../../src/core/incident/lifecycle';
import type { Incident } from '../../../../src/core/incident/model';
import {
  MalformedNoteError,
  noteFileName,
  noteReadProblems,
  parseIncidentNote,
  readNoteParts,
  serializeIncidentNote,
  slugify,
  updateIncidentNote,
} from '../../../../src/core/incident/note';
import { normalizeEventText } from '../../../../src/core/incident/events';
import { at, fixtureIncident, fixtureText } from './fixtures';

const CASES = ['resolved-on-time.md', 'sla-missed.md', 'escalated.md', 'reopened.md', 'hand-edited.md'];

function parseOk(text: string, fileName = 'note.md'): Incident {
  const result = parseIncidentNote(text, fileName);
  if (!result.ok) assert.fail(`does not parse: ${JSON.stringify(result.problems)}`);
  return result.incident;
}

function problemsOf(text: string): { line: number; message: string }[] {
  const result = parseIncidentNote(text, 'note.md');
  assert.strictEqual(result.ok, false, 'expected the note to be reported as malformed');
  return result.ok ? [] : result.problems;
}

describe('incident note: file names', () => {
  it('slugifies titles to lower-case words joined by dashes', () => {
    assert.strictEqual(slugify('Checkout latency: EU (p99 > 2s)!'), 'checkout-latency-eu-p99-2s');
    assert.strictEqual(slugify('Café déjà vu'), 'cafe-deja-vu');
    assert.strictEqual(slugify('***'), 'incident');
  });

  it('cuts a long title by whole characters: a surrogate pair is never split', () => {
    const astral = slugify('x'.repeat(59) + '\u{20000}\u{20000}');
    assert.strictEqual(astral, 'x'.repeat(59) + '\u{20000}');
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(astral), 'no lone surrogate');
    assert.strictEqual(slugify('a'.repeat(80)), 'a'.repeat(60));
  });

  it('names the note after the UTC day of declaration', () => {
    assert.strictEqual(noteFileName('2026-11-27T04:41:00Z', 'Checkout latency'), '2026-11-27-checkout-latency.md');
    // 23:30 at -02:00 is already the next day in UTC.
    assert.strictEqual(noteFileName('2026-11-27T23:30:00-02:00', 'Late'), '2026-11-28-late.md');
  });
});

describe('incident note: reading', () => {
  it('an id that is not a plain file name is reported at its line: it would put the incident\'s files outside their folder', () => {
    const text = fixtureText('resolved-on-time.md');
    for (const id of ['../../x', 'a/b', '..\\..\\x', '..', '.', '"a\\x01b"']) {
      const problems = problemsOf(text.replace(/^id: .*$/m, `id: ${id}`));
      const line = text.split('\n').findIndex((l) => l.startsWith('id: '));
      assert.ok(problems.some((p) => p.line === line && /`id`/.test(p.message)), `${id}: ${JSON.stringify(problems)}`);
    }
    assert.strictEqual(parseOk(text.replace(/^id: .*$/m, 'id: INC-2026.11_27 checkout')).id, 'INC-2026.11_27 checkout');
  });

  it('reads the fixture cases', () => {
    const incident = fixtureIncident('resolved-on-time.md');
    assert.strictEqual(incident.id, '2026-11-27-checkout-latency');
    assert.strictEqual(incident.level, 2);
    assert.strictEqual(incident.knownIncident, 'INC-001');
    assert.strictEqual(incident.acknowledged, '2026-11-27T04:44:12Z');
    assert.strictEqual(incident.timeline.length, 7);
    assert.deepStrictEqual(incident.timeline[3], {
      at: '2026-11-27T04:52:10Z',
      kind: 'command',
      text: '`docker ps | grep app` exited 1 in 0.2s',
    });
    assert.strictEqual(incident.summary, 'Checkout requests timed out for EU customers after a worker memory leak.');
    assert.deepStrictEqual(fixtureIncident('escalated.md').protocol, [
      { text: 'IMMEDIATE: Block affected session', done: true },
      { text: 'Notify the security team', done: false },
    ]);
  });

  it('reads what a person wrote by hand: SEV2, ~, [ ], a time without seconds, continuation lines', () => {
    const result = parseIncidentNote(fixtureText('hand-edited.md'), 'hand-edited.md');
    assert.ok(result.ok);
    const incident = result.incident;
    assert.strictEqual(incident.level, 2);
    assert.strictEqual(incident.knownIncident, null);
    assert.strictEqual(incident.mitigated, null);
    assert.strictEqual(incident.declared, '2026-12-05T14:00:00Z');
    assert.deepStrictEqual(incident.escalations, []);
    assert.deepStrictEqual(
      incident.timeline.map((e) => [e.at, e.kind, e.text]),
      [
        ['2026-12-05T14:00:00Z', 'declared', 'SEV2 declared by frank: Queue backlog: orders delayed'],
        ['2026-12-05T14:05:00Z', 'note', 'Grace noticed the lag graph\nand pinged the channel'],
        ['2026-12-05T14:09:00Z', 'acknowledged', 'Acknowledged by frank'],
        ['2026-12-05T13:30:00Z', 'note', 'Offset time written by a visitor'],
      ],
    );
    // The zone-less line is kept in the file but reported; the fenced "event" is not an event at all.
    assert.deepStrictEqual(result.warnings.map((w) => w.line), [43]);
    assert.strictEqual(incident.summary, 'Consumers fell behind after the 13:50 deploy.\nNobody was paged for ten minutes.');
  });

  it('takes the id from the file name when the front matter has none', () => {
    const text = fixtureText('reopened.md').replace(/^id: .*\n/m, '');
    assert.strictEqual(parseOk(text, 'incidents/2026-12-03-other-name.md').id, '2026-12-03-other-name');
  });

  it('reports malformed YAML at its line and never guesses', () => {
    const problems = problemsOf(fixtureText('malformed-yaml.md'));
    assert.ok(problems.length >= 1);
    assert.ok(problems.every((p) => p.line >= 1 && p.line <= 6), JSON.stringify(problems));
    assert.ok(problems.some((p) => p.line === 4 || p.line === 5), JSON.stringify(problems));
  });

  it('reports each malformed field at its own line', () => {
    const problems = problemsOf(fixtureText('malformed-fields.md'));
    const lines = new Set(problems.map((p) => p.line));
    // level (3), declared (5), acknowledged without zone (6), escalations not a list (7), protocol item (8), levelOverride (10)
    assert.deepStrictEqual([...lines].sort((a, b) => a - b), [3, 5, 6, 7, 8, 10]);
    assert.match(problems.find((p) => p.line === 3)?.message ?? '', /level/);
  });

  it('reports a front matter that is not closed, or missing', () => {
    assert.match(problemsOf(fixtureText('malformed-unclosed.md'))[0].message, /not closed/);
    assert.match(problemsOf('# Just a heading\n')[0].message, /starts with its front matter/);
  });

  it('reports missing required fields and times before the declaration', () => {
    const text = ['---', 'title: x', 'declared: 2026-01-01T10:00:00Z', 'resolved: 2026-01-01T09:00:00Z', '---', ''].join('\n');
    const problems = problemsOf(text);
    assert.ok(problems.some((p) => /level/.test(p.message)));
    assert.ok(problems.some((p) => /status/.test(p.message)));
    assert.ok(problems.some((p) => p.line === 3 && /earlier than/.test(p.message)));
  });
});

describe('incident note: round trip', () => {
  for (const name of CASES) {
    it(`parse → serialise → parse is identity for ${name}`, () => {
      const first = fixtureIncident(name);
      const second = parseOk(serializeIncidentNote(first), name);
      assert.deepStrictEqual(second, first);
    });
  }

  it('serialise → parse is identity for arbitrary incidents (property)', () => {
    fc.assert(
      fc.property(arbitraryIncident(), (incident) => {
        const text = serializeIncidentNote(incident);
        assert.deepStrictEqual(parseOk(text, `${incident.id}.md`), incident);
      }),
      { numRuns: 300 },
    );
  });

  it('the fast front-matter reader agrees with yaml or steps aside (property)', () => {
    const fragment = fc.constantFrom(
      'title: a', 'title: "a: b"', "title: 'it''s'", 'title: a #c', 'level: 2', 'level: 0x1F', 'level: 1.5', 'level: +3',
      'x: ~', 'x: null', 'x: Null', 'x: true', 'x: FALSE', 'x: yes', 'x:', 'x: []', 'x: [a]', 'x: {}', 'x: &a 1',
      'x: *a', 'x: |', '  - a', '- a', '- text: a', '  done: true', '    done: false', '  - text: "q"', '# c',
      '', '  ', 'x: "a\\tb"', 'x: "\\x41"', 'x: a: b', 'x: -1', 'x: .5', 'x: 2026-01-01T00:00:00Z', 'true: 1',
      'x: "unterminated', 'x: a\tb', 'x: @a', 'x: `a`', 'x: %a', 'x: a b ', 'x:  spaced', 'x: 007', 'x: 1e3',
    );
    let fastReads = 0;
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 8 }), (lines) => {
        const text = lines.map((l) => l + '\n').join('');
        const fast = fastFrontMatter(text, 1);
        if (fast === null) return;
        fastReads++;
        const slow = yamlFrontMatter(text, 1);
        assert.ok(slow.ok, `fast reader accepted what yaml rejects: ${JSON.stringify(text)}`);
        assert.deepStrictEqual(
          [...fast.values()].map((e) => [e.key, e.value, e.line]),
          [...slow.entries.values()].map((e) => [e.key, e.value, e.line]),
          JSON.stringify(text),
        );
      }),
      { numRuns: 3000 },
    );
    assert.ok(fastReads > 300, `the fast reader took only ${fastReads} of 3000 inputs`);
  });

  it('our own notes take the fast reader', () => {
    for (const name of CASES) {
      const text = serializeIncidentNote(fixtureIncident(name));
      const frontMatter = text.slice(4, text.indexOf('\n---\n') + 1);
      assert.notStrictEqual(fastFrontMatter(frontMatter, 1), null, name);
    }
  });
});

describe('incident note: a new note lists what is known', () => {
  const declared = (): Incident => {
    const result = declare({ title: 'Checkout returns 502', level: 1, commander: 'alice', runbookPath: 'runbooks/RUNBOOK.md' }, at('2026-12-01T14:05:00Z'));
    if (!result.ok) assert.fail(result.error.message);
    return result.incident;
  };
  const frontMatterOf = (text: string): string[] => text.slice(4, text.indexOf('\n---\n')).split('\n');

  it('leaves out the keys whose value is their default: no null, [] or false before the title', () => {
    const text = serializeIncidentNote(declared());
    const lines = frontMatterOf(text);
    assert.deepStrictEqual(lines.map((l) => l.split(':')[0]), ['id', 'title', 'level', 'status', 'runbook', 'commander', 'declared', 'nextUpdateDue']);
    assert.ok(!lines.some((l) => /: (null|\[\]|false)$/.test(l)), lines.join('\n'));
  });

  it('reads the left-out keys as their defaults, and an update adds a key once it has a value', () => {
    const incident = declared();
    const text = serializeIncidentNote(incident);
    assert.deepStrictEqual(parseOk(text, `${incident.id}.md`), incident);
    const acknowledged = acknowledge(incident, at('2026-12-01T14:07:00Z'), 'alice');
    assert.ok(acknowledged.ok);
    const escalated = escalate(acknowledged.incident, 'L2', at('2026-12-01T14:30:00Z'));
    assert.ok(escalated.ok);
    const updated = updateIncidentNote(text, escalated.incident);
    assert.deepStrictEqual(parseOk(updated, `${incident.id}.md`), escalated.incident);
    const lines = frontMatterOf(updated);
    assert.ok(lines.includes('acknowledged: 2026-12-01T14:07:00Z'), lines.join('\n'));
    assert.ok(lines.includes('escalations:') && lines.includes('  - L2'), lines.join('\n'));
    assert.ok(!lines.some((l) => /^(mitigated|resolved|notified|protocol|levelOverride|knownIncident|impact):/.test(l)), lines.join('\n'));
  });

  it('keeps writing a key whose value is not the default, a known incident and its protocol included', () => {
    const incident: Incident = { ...declared(), knownIncident: 'INC-001', impact: 'EU checkout', protocol: [{ text: 'Page payments', done: false }], levelOverride: true };
    const text = serializeIncidentNote(incident);
    for (const key of ['knownIncident: INC-001', 'impact: EU checkout', 'protocol:', 'levelOverride: true']) assert.ok(frontMatterOf(text).includes(key), key);
    assert.deepStrictEqual(parseOk(text, `${incident.id}.md`), incident);
  });

  it('an older note with every key written out still reads, and an update leaves its default keys where they are', () => {
    const text = fixtureText('hand-edited.md');
    assert.match(text, /^notified: \[\]\r?$/m);
    const incident = parseOk(text, 'hand-edited.md');
    const changed = addEvent(incident, { kind: 'note', text: 'checked the index' }, at('2026-12-09T14:00:00Z'));
    assert.ok(changed.ok);
    const updated = updateIncidentNote(text, changed.incident);
    assert.strictEqual(updated.slice(0, updated.indexOf('\n---\n')), text.slice(0, text.indexOf('\n---\n')), 'the front matter is unchanged');
  });
});

describe('incident note: updating keeps the person’s bytes', () => {
  const original = fixtureText('hand-edited.md');

  it('refuses to update a front matter written as one { … } map, rather than break it', () => {
    const text = [
      '---',
      '{id: 2026-12-05-flow, title: Flow map, level: 2, status: Investigating, declared: "2026-12-05T10:00:00Z"}',
      '---',
      '',
      '## Timeline',
      '',
      '- 2026-12-05T10:00:00Z [declared] SEV2 declared: Flow map',
      '',
    ].join('\n');
    const incident = parseOk(text, '2026-12-05-flow.md');
    const changed = setStatus(incident, 'Mitigating', at('2026-12-05T10:05:00Z'));
    assert.ok(changed.ok);
    assert.throws(() => updateIncidentNote(text, changed.incident), (error: unknown) => error instanceof MalformedNoteError && /one \{ … \} map/.test(error.message));
  });

  it('refuses to change a value that carries a YAML anchor (the alias would be left without it and the note would not parse)', () => {
    const text = original.replace('status: Investigating', 'status: &s Investigating').replace('impact: Orders confirmed 20 min late', 'impact: *s');
    const incident = parseOk(text, 'hand-edited.md');
    assert.strictEqual(incident.impact, 'Investigating');
    const changed = setStatus(incident, 'Mitigating', at('2026-12-05T14:40:00Z'));
    assert.ok(changed.ok);
    assert.throws(
      () => updateIncidentNote(text, changed.incident),
      (error: unknown) => error instanceof MalformedNoteError && /`status` carries the YAML anchor &s/.test(error.message) && error.problems[0].line === 5,
    );
    // A value that is only an alias is written out: the anchor stays where it is.
    const impact = updateIncidentNote(text, { ...incident, impact: 'Orders late' });
    assert.strictEqual(parseOk(impact, 'hand-edited.md').impact, 'Orders late');
  });

  it('never writes a note that would not read back as the incident it was written for (an anchor inside a list)', () => {
    const text = original.replace('escalations: [ ]', 'escalations: [&e payments-oncall]').replace('notified: []', 'notified: [*e]');
    const incident = parseOk(text, 'hand-edited.md');
    assert.deepStrictEqual(incident.notified, ['payments-oncall']);
    assert.throws(
      () => updateIncidentNote(text, { ...incident, escalations: ['payments-oncall', 'dba-oncall'] }),
      (error: unknown) => error instanceof MalformedNoteError && /would not be readable/.test(error.message),
    );
  });

  it('changes nothing when nothing changed', () => {
    const incident = parseOk(original, 'hand-edited.md');
    assert.strictEqual(updateIncidentNote(original, incident), original);
  });

  it('rewrites only the changed keys and adds only the new events', () => {
    const incident = parseOk(original, 'hand-edited.md');
    const mitigating = setStatus(incident, 'Mitigating', at('2026-12-05T14:40:00Z'));
    assert.ok(mitigating.ok);
    const updated = updateIncidentNote(original, mitigating.incident);
    const expected = original
      .replace('status: Investigating\n', 'status: Mitigating\n')
      .replace('mitigated:\n', 'mitigated: 2026-12-05T14:40:00Z\n')
      .replace(
        '- 2026-12-05T14:30:00+01:00 [note] Offset time written by a visitor\n',
        '- 2026-12-05T14:30:00+01:00 [note] Offset time written by a visitor\n' +
          '- 2026-12-05T14:40:00Z [status] Status: Investigating → Mitigating\n',
      );
    assert.strictEqual(updated, expected);
    assert.deepStrictEqual(parseOk(updated, 'hand-edited.md'), mitigating.incident);
  });

  it('keeps a comment after a changed value, and CRLF line endings', () => {
    const crlf = original.replace(/\n/g, '\r\n');
    const incident = parseOk(crlf, 'hand-edited.md');
    const updated = updateIncidentNote(crlf, { ...incident, level: 1 });
    assert.ok(updated.includes('level: 1   # was SEV3 until the finance team called\r\n'), updated.slice(0, 300));
    assert.strictEqual(updated.replace(/\r\n/g, ''). includes('\n'), false, 'a bare LF crept in');
    assert.strictEqual(updated, crlf.replace('level: SEV2   #', 'level: 1   #'));
  });

  it('keeps a timeline line a person added after the model was read', () => {
    const incident = parseOk(original, 'hand-edited.md');
    const byHand = original.replace(
      '- 2026-12-05T14:09:00Z [acknowledged] Acknowledged by frank\n',
      '- 2026-12-05T14:09:00Z [acknowledged] Acknowledged by frank\n- 2026-12-05T14:11:00Z [note] added in another editor\n',
    );
    const next = addEvent(incident, { kind: 'note', text: 'from the extension' }, at('2026-12-05T14:12:00Z'));
    assert.ok(next.ok);
    const updated = updateIncidentNote(byHand, next.incident);
    assert.ok(updated.includes('added in another editor'));
    // Inserted before the first later event in the file; the 13:30 (offset) line is earlier, so it stays after it.
    assert.ok(updated.includes('- 2026-12-05T14:30:00+01:00 [note] Offset time written by a visitor\n- 2026-12-05T14:12:00Z [note] from the extension\n'));
  });

  it('inserts an event before later events, keeping the list newest-last', () => {
    const incident = fixtureIncident('reopened.md');
    const text = fixtureText('reopened.md');
    const withMiddle: Incident = {
      ...incident,
      timeline: [...incident.timeline, { at: '2026-12-03T11:00:00Z', kind: 'note', text: 'forgotten note' }],
    };
    const updated = updateIncidentNote(text, withMiddle);
    assert.ok(
      updated.includes(
        '[reopened] Reopened: latency is back\n- 2026-12-03T11:00:00Z [note] forgotten note\n- 2026-12-03T12:00:00Z [update]',
      ),
    );
  });

  it('adds a timeline section before Notes when the person removed it', () => {
    const text = ['---', 'title: T', 'level: 3', 'status: Investigating', 'declared: 2026-01-02T03:04:05Z', '---', '', '# T', '', '## Notes', '', 'mine', ''].join('\n');
    const incident = parseOk(text);
    const next = addEvent(incident, { kind: 'note', text: 'hello' }, at('2026-01-02T03:10:00Z'));
    assert.ok(next.ok);
    const updated = updateIncidentNote(text, next.incident);
    assert.ok(updated.includes('# T\n\n## Timeline\n\n- 2026-01-02T03:10:00Z [note] hello\n\n## Notes\n\nmine\n'), updated);
    // Keys that are absent and still at their default are not added.
    assert.ok(!updated.includes('escalations'));
    assert.ok(updated.includes('id: note\n'));
  });

  it('refuses to rewrite a malformed note', () => {
    const incident = fixtureIncident('reopened.md');
    assert.throws(() => updateIncidentNote(fixtureText('malformed-yaml.md'), incident), MalformedNoteError);
  });
});

// ---- generators -----------------------------------------------------------------------------------------------

function arbitraryIncident(): fc.Arbitrary<Incident> {
  const time = fc
    .integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 })
    .map((s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z'));
  const word = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcXYZ019-_.'.split('')) });
  const anyText = fc.string({ maxLength: 40, unit: 'binary' }).map((s) => s.replace(/[\ud800-\udfff]/g, ''));
  const tricky = fc.oneof(
    anyText,
    fc.constantFrom('null', '~', 'true', '123', '0x1F', '- x', 'a: b', '#x', 'a #b', "it's", '"q"', ' lead', 'trail ', '[x]', '*', '&a'),
  );
  const title = tricky.filter((s) => s.trim().length > 0);
  const eventTextArb = fc.array(fc.oneof(tricky, word), { minLength: 1, maxLength: 3 }).map((parts) => normalizeEventText(parts.join('\n')));
  // fc.record builds objects without a prototype; the parser builds plain ones.
  const event = fc.record({ at: time, kind: word.filter((k) => /^[A-Za-z0-9]/.test(k)), text: eventTextArb }).map((e) => ({ ...e }));
  return fc
    .record({
      id: word.filter((w) => /^[A-Za-z0-9]/.test(w)),
      title,
      level: fc.integer({ min: 0, max: 9 }),
      status: title,
      runbook: tricky,
      knownIncident: fc.option(title, { nil: null }),
      commander: tricky,
      impact: tricky,
      declared: time,
      acknowledged: fc.option(time, { nil: null }),
      mitigated: fc.option(time, { nil: null }),
      resolved: fc.option(time, { nil: null }),
      nextUpdateDue: fc.option(time, { nil: null }),
      escalations: fc.array(tricky, { maxLength: 3 }),
      notified: fc.array(tricky, { maxLength: 3 }),
      protocol: fc.array(fc.record({ text: tricky, done: fc.boolean() }).map((p) => ({ ...p })), { maxLength: 3 }),
      levelOverride: fc.boolean(),
      timeline: fc.array(event, { maxLength: 6 }),
      summary: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z .,]{0,30}[a-z.]$/), { nil: undefined }),
    })
    .map((incident) => {
      // Times a person could not have written: no acknowledgement before the declaration.
      const after = (t: string | null): string | null => (t !== null && t < incident.declared ? incident.declared : t);
      const result: Incident = {
        ...(incident as Incident),
        acknowledged: after(incident.acknowledged),
        mitigated: after(incident.mitigated),
        resolved: after(incident.resolved),
      };
      if (result.summary === undefined) delete result.summary;
      return result;
    });
}

describe('incident note: reading one version like another', () => {
  // Lines a timeline may hold, the awkward ones included: an event's further lines, fences, headings, CRLF.
  const LINES = [
    '- 2026-11-27T04:41:00Z [note] looked at the dashboard',
    '- 2026-11-27T04:42:00Z [command] `kubectl get pods` exited 0',
    '- 2026-11-27T04:42:00.500Z [note] half a second later',
    '- 2026-11-27T04:43:00+02:00 [status] Investigating → Mitigating',
    '  a further line',
    '\tanother, tabbed',
    '   ## Notes',
    '```',
    '~~~',
    '## Notes',
    '## Timeline',
    '- 2026-11-27 bad time',
    '',
    '- 2026-11-27T04:44:00Z [note] with CR\r',
  ];
  const head = ['---', 'id: inc-1', 'title: T', 'level: 2', 'status: Investigating', 'declared: 2026-11-27T04:40:00Z', '---', '', '# T', '', '## Summary', '', '## Timeline', ''];
  const body = fc.array(fc.constantFrom(...LINES), { maxLength: 25 });
  const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: body });

  it('gives what reading it alone gives, whatever the two share', () => {
    fc.assert(
      fc.property(body, fc.array(edit, { maxLength: 3 }), (lines, edits) => {
        const first = [...head, ...lines];
        const second = [...first];
        for (const e of edits) second.splice(head.length - 1 + (e.at % (second.length - head.length + 2)), e.remove, ...e.insert);
        const like = readNoteParts(first.join('\n'), 'inc-1.md');
        assert.ok('lines' in like, 'the first version reads');
        const alone = readNoteParts(second.join('\n'), 'inc-1.md');
        const liked = readNoteParts(second.join('\n'), 'inc-1.md', like);
        assert.deepStrictEqual(liked, alone);
      }),
      { numRuns: 500 },
    );
  });

  it('noteReadProblems reports what parseIncidentNote does, without reading the body', () => {
    const note = [...head, LINES[0]].join('\n');
    assert.deepStrictEqual(noteReadProblems(note), []);
    for (const broken of [note.replace('level: 2', 'level: high'), note.replace(/^---\n/, ''), note.replace('\n---\n\n#', '\n\n#')]) {
      const parsed = parseIncidentNote(broken, 'inc-1.md');
      assert.ok(!parsed.ok);
      assert.deepStrictEqual(noteReadProblems(broken), parsed.problems);
    }
  });
});
