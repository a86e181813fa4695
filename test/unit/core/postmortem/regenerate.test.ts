import * as assert from 'assert';
import { createHash } from 'crypto';
import type { Incident } from '../../../../src/core/incident/model';
import { draftSections, regeneratePostmortem, sectionHash } from '../../../../src/core/postmortem/regenerate';
import { fixtureIncident } from '../incident/fixtures';
import { draft } from './support';

describe('post-mortem section hash', () => {
  it('hashes a section as drafts written before the core was pure did (SHA-256, its first 12 hex digits)', () => {
    // Drafts on disk carry these hashes: the pure hash must match the one Node's crypto gave them.
    for (const lines of [['- Checkout failed for EU users', 'ünïcode ✓ 🚨', ''], ['', 'a', '  b  '], []]) {
      const trimmed = lines.map((l) => l.replace(/\s+$/, '')).join('\n').replace(/^\n+|\n+$/g, '');
      assert.strictEqual(sectionHash(lines), createHash('sha256').update(trimmed).digest('hex').slice(0, 12));
    }
  });
});

describe('post-mortem regeneration', () => {
  const incident = fixtureIncident('escalated.md');
  const first = draft(incident);
  const later: Incident = {
    ...incident,
    summary: 'A newer summary from the note.',
    timeline: [...incident.timeline, { at: '2026-12-02T09:00:00Z', kind: 'note', text: 'credentials audit done' }],
  };

  it('an untouched draft regenerates to itself', () => {
    const result = regeneratePostmortem(first, draft(incident));
    assert.strictEqual(result.text, first);
    assert.ok(result.changes.every((c) => c.change === 'unchanged'));
  });

  it('keeps an edited section and a section the person added; refreshes the untouched ones', () => {
    const edited = first
      .replace('_What set it off: a deploy, a configuration change, a traffic spike, a dependency?_', 'The 09:55 deploy opened the admin API.')
      .replace('## Supporting information', '## Customer communication\n\nSent by support at 10:30.\n\n## Supporting information');
    const result = regeneratePostmortem(edited, draft(later));
    assert.ok(result.text.includes('The 09:55 deploy opened the admin API.'), 'edited trigger kept');
    assert.ok(result.text.includes('## Customer communication\n\nSent by support at 10:30.\n'), 'added section kept');
    assert.ok(result.text.includes('credentials audit done'), 'timeline refreshed');
    assert.ok(result.text.includes('A newer summary from the note.'), 'summary refreshed');
    const change = (id: string): string | undefined => result.changes.find((c) => c.section === id)?.change;
    assert.strictEqual(change('trigger'), 'kept-edited');
    assert.strictEqual(change('timeline'), 'refreshed');
    assert.strictEqual(change('summary'), 'refreshed');
    assert.strictEqual(change('title'), 'unchanged');
    // The added section stays where the person put it: before the links.
    assert.ok(result.text.indexOf('## Customer communication') < result.text.indexOf('## Supporting information'));
    // And the edited section stays edited on the next regeneration.
    const again = regeneratePostmortem(result.text, draft(later));
    assert.strictEqual(again.text, result.text);
    assert.strictEqual(again.changes.find((c) => c.section === 'trigger')?.change, 'kept-edited');
  });

  it('a section the person deleted stays deleted; line endings follow the file', () => {
    const start = first.indexOf('### Where we got lucky');
    const end = first.indexOf('## Timeline');
    const withoutLucky = (first.slice(0, start) + first.slice(end)).replace(/\n/g, '\r\n');
    const result = regeneratePostmortem(withoutLucky, draft(later));
    assert.ok(!result.text.includes('Where we got lucky'));
    assert.strictEqual(result.changes.find((c) => c.section === 'lucky')?.change, 'kept-deleted');
    assert.ok(!/[^\r]\n/.test(result.text), 'CRLF kept');
  });

  it('a section new in the generator is added after its predecessor', () => {
    const start = first.indexOf('## Trigger');
    const end = first.indexOf('## Changes before the incident');
    // A draft from before "trigger" existed: no section, and not listed in the state block.
    const old = (first.slice(0, start) + first.slice(end)).replace(',trigger,', ',').replace(/^trigger hash=.*\n/m, '');
    const result = regeneratePostmortem(old, draft(incident));
    assert.strictEqual(result.changes.find((c) => c.section === 'trigger')?.change, 'added');
    assert.strictEqual(result.text, first);
  });

  it('a heading the person renamed makes the section theirs: kept where it is, never generated again', () => {
    const renamed = first.replace('## Trigger\n', '## What set it off\n');
    const result = regeneratePostmortem(renamed, draft(later));
    assert.ok(result.text.includes('## What set it off\n\n_What set it off: a deploy'), 'the renamed section kept');
    assert.ok(!result.text.includes('## Trigger'), 'not brought back');
    assert.strictEqual(result.changes.find((c) => c.section === 'trigger')?.change, 'kept-deleted');
    assert.ok(result.text.includes('credentials audit done'), 'the rest refreshed');
  });

  it('text written below the state block is kept, above it', () => {
    const result = regeneratePostmortem(`${first}\nNotes from the review meeting.\n`, draft(later));
    assert.ok(result.text.includes('Notes from the review meeting.\n\n<!-- postmortem-draft '), result.text.slice(-400));
    assert.ok(result.text.endsWith('-->\n'));
  });
});

/** A draft as drafts were first written: a marker on the first line and a comment before every section. */
function perSectionFormat(text: string): string {
  const sections = [...draftSections(text)];
  const out = [`<!-- postmortem-draft incident=${incident.id} sections=${sections.map(([id]) => id).join(',')} -->`, ''];
  for (const [id, lines] of sections) out.push(`<!-- generated:${id} hash=${sectionHash(lines)} -->`, ...lines.join('\n').trim().split('\n'), '');
  return out.join('\n');
}

const incident = fixtureIncident('escalated.md');

describe('post-mortem regeneration of a draft with a comment before every section', () => {
  const old = perSectionFormat(draft(incident));

  it('moves what regeneration needs into the one block at the end, losing no edit', () => {
    assert.ok(old.includes('<!-- generated:trigger hash='), 'the old format');
    const edited = old
      .replace('_What set it off: a deploy, a configuration change, a traffic spike, a dependency?_', 'The 09:55 deploy opened the admin API.')
      .replace('<!-- generated:links ', '## Customer communication\n\nSent by support at 10:30.\n\n<!-- generated:links ');
    const later: Incident = { ...incident, timeline: [...incident.timeline, { at: '2026-12-02T09:00:00Z', kind: 'note', text: 'credentials audit done' }] };
    const result = regeneratePostmortem(edited, draft(later));
    assert.ok(!result.text.includes('<!-- generated:'), 'no comment before a section');
    assert.strictEqual(result.text.split('<!--').length, 2, 'one comment in all');
    assert.ok(result.text.startsWith('# Post-mortem: '), result.text.slice(0, 60));
    assert.ok(result.text.includes('The 09:55 deploy opened the admin API.'), 'edited trigger kept');
    assert.ok(result.text.includes('## Customer communication\n\nSent by support at 10:30.\n'), 'added section kept');
    assert.ok(result.text.includes('credentials audit done'), 'timeline refreshed');
    assert.strictEqual(result.changes.find((c) => c.section === 'trigger')?.change, 'kept-edited');
    // Migrated once: the next regeneration finds the same sections, the edit still an edit.
    const again = regeneratePostmortem(result.text, draft(later));
    assert.strictEqual(again.text, result.text);
    assert.strictEqual(again.changes.find((c) => c.section === 'trigger')?.change, 'kept-edited');
    assert.ok(again.changes.filter((c) => c.section !== 'trigger').every((c) => c.change === 'unchanged'), JSON.stringify(again.changes));
  });

  it('an untouched old draft becomes the new draft, and a section the person deleted stays deleted', () => {
    assert.strictEqual(regeneratePostmortem(old, draft(incident)).text, draft(incident));
    const start = old.indexOf('<!-- generated:lucky ');
    const end = old.indexOf('<!-- generated:timeline ');
    const result = regeneratePostmortem(old.slice(0, start) + old.slice(end), draft(incident));
    assert.ok(!result.text.includes('Where we got lucky'));
    assert.strictEqual(result.changes.find((c) => c.section === 'lucky')?.change, 'kept-deleted');
  });
});
