// Incident notes as the e2e specs set them up: each test writes the incidents it needs, as a teammate's window
// would have, and removes the notes (and drafts) it leaves, so no test depends on what an earlier one declared.
import * as fs from 'fs';
import * as path from 'path';

export interface NoteSpec {
  id: string;
  title: string;
  level: number;
  declared: string;
  acknowledged?: string;
  nextUpdateDue?: string;
  protocol?: string[];
}

/** ISO-8601 UTC to the second, `offsetMs` from the real time (the window's clock, unless the spec set one). */
export function isoNow(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** An incident note's text as a teammate's window would have written it. */
export function noteText(note: NoteSpec): string {
  const frontMatter = [
    `id: ${note.id}`, `title: ${note.title}`, `level: ${note.level}`, 'status: Investigating', 'runbook: runbooks/default-runbook.md',
    'knownIncident: null', 'commander: erin', 'impact: Reported by a teammate', `declared: ${note.declared}`, `acknowledged: ${note.acknowledged ?? 'null'}`,
    'mitigated: null', 'resolved: null', `nextUpdateDue: ${note.nextUpdateDue ?? 'null'}`, 'escalations: []', 'notified: []',
    ...(note.protocol ? ['protocol:', ...note.protocol] : ['protocol: []']), 'levelOverride: false',
  ];
  const timeline = [
    `- ${note.declared} [declared] SEV${note.level} declared by erin: ${note.title}`,
    ...(note.acknowledged ? [`- ${note.acknowledged} [acknowledged] Acknowledged by erin`] : []),
  ];
  return ['---', ...frontMatter, '---', '', `# ${note.title}`, '', '## Timeline', '', ...timeline, ''].join('\n');
}

/** Writes an incident note into `workspace` (see noteText), and returns its path. */
export function writeNote(workspace: string, note: NoteSpec): string {
  const file = path.join(workspace, 'incidents', `${note.id}.md`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, noteText(note));
  return file;
}

/** Removes every incident note, its saved outputs and every post-mortem draft of `workspace`; returns how many notes went. */
export function removeNotes(workspace: string): number {
  const incidents = path.join(workspace, 'incidents');
  const names = fs.existsSync(incidents) ? fs.readdirSync(incidents) : [];
  // The folders stay: the extension watches them.
  for (const name of names) fs.rmSync(path.join(incidents, name), { recursive: true, force: true });
  const drafts = path.join(workspace, 'postmortems');
  for (const name of fs.existsSync(drafts) ? fs.readdirSync(drafts) : []) fs.rmSync(path.join(drafts, name), { recursive: true, force: true });
  return names.filter((name) => name.endsWith('.md')).length;
}
