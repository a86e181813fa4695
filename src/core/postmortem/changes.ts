// The post-mortem's "Changes before the incident": the commits of the hours before the declaration on the branch,
// each a candidate trigger for the responder to confirm or strike, those touching what the runbook or the note names
// first. Pure: the glue reads the commits (VS Code's git API) and hands them here as a list.
import { confirmedTrigger } from '../incident/events';
import type { Incident } from '../incident/model';
import { epochMs, formatDuration, formatUtc, parseIso } from '../incident/time';
import { plural } from '../wording';

export interface ChangeCommit {
  /** The full hash. */
  hash: string;
  /** The message's first line. */
  subject: string;
  author: string;
  /** Committer time, ISO-8601: when the commit landed on the branch (a rebase or cherry-pick moves it). */
  committedAt: string;
}

/** What the glue read from the repository for one incident. */
export interface ChangesRead {
  /** The branch the commits were read on; null when HEAD is detached. */
  branch: string | null;
  /** The commit the log started from. */
  head: string;
  /** True when `head` is the one recorded in the note at the declaration, false when it is the repository's HEAD now. */
  headRecorded: boolean;
  hours: number;
  /** The branch's commits from `head` back, newest first, as read (the window is applied here). */
  commits: ChangeCommit[];
  /** How many commits the read asked for at most: a full read whose oldest is still in the window was cut short. */
  limit: number;
  /** Each path the runbook's related documents or the note name, with the hashes of the commits that touched it. */
  touched: { path: string; hashes: string[] }[];
}

/** Why no commits are listed: no repository, git disabled, the read failed. */
export interface ChangesUnavailable {
  unavailable: string;
}

export type ChangesBefore = ChangesRead | ChangesUnavailable;

export const CHANGES_HEADING = '## Changes before the incident';

/** The commits committed in the `hours` before the declaration (the declaration itself included), newest first. */
export function commitsBefore(commits: readonly ChangeCommit[], declared: string, hours: number): ChangeCommit[] {
  const end = epochMs(declared);
  const start = end - hours * 3_600_000;
  return commits
    .filter((c) => {
      const at = parseIso(c.committedAt)?.getTime();
      return at !== undefined && at >= start && at <= end;
    })
    .sort((a, b) => epochMs(b.committedAt) - epochMs(a.committedAt));
}

/** The section's lines. */
export function changesSectionLines(incident: Incident, changes: ChangesBefore | undefined): string[] {
  const lines = [CHANGES_HEADING, ''];
  if (!changes || 'unavailable' in changes) {
    lines.push(`_No commits are listed: ${changes?.unavailable ?? 'the repository was not read for this draft'}._`);
    return lines;
  }
  const commits = commitsBefore(changes.commits, incident.declared, changes.hours);
  const on = changes.branch ? `on \`${changes.branch}\`` : 'on the detached HEAD';
  const from = changes.headRecorded ? `from ${short(changes.head)}, the HEAD recorded at the declaration` : `from the repository's HEAD now (${short(changes.head)}; the note recorded none at the declaration)`;
  lines.push(
    `Commits ${on} in the ${plural(changes.hours, 'hour')} before the declaration (${formatUtc(incident.declared)}), newest first, read ${from}.`,
  );
  if (commits.length === 0) {
    lines.push('', `_No commit ${on} in that time._`);
    return lines;
  }
  lines.push(
    'Each is a candidate trigger: confirm the one that set the incident off with **Incident: Confirm Trigger Change** (it is recorded in the note and gives the failed deployment recovery time), and strike the others (`~~…~~`).',
  );
  const oldestRead = changes.commits[changes.commits.length - 1];
  if (changes.commits.length >= changes.limit && oldestRead && commits.includes(oldestRead)) {
    lines.push('', `_Only the latest ${changes.limit} commits were read; older ones in that time are not listed._`);
  }
  const trigger = confirmedTrigger(incident);
  if (trigger) lines.push('', confirmedLine(incident, trigger));

  const touching = new Map<string, string[]>();
  for (const { path, hashes } of changes.touched) {
    for (const hash of hashes) touching.set(hash, [...(touching.get(hash) ?? []), path]);
  }
  const first = commits.filter((c) => touching.has(c.hash));
  const rest = commits.filter((c) => !touching.has(c.hash));
  const item = (c: ChangeCommit): string => {
    const paths = touching.get(c.hash);
    const touches = paths ? ` — touches ${paths.map((p) => `\`${p}\``).join(', ')}` : '';
    return `- [${trigger?.commit === c.hash ? 'x' : ' '}] \`${short(c.hash)}\` ${formatUtc(c.committedAt)} · ${c.author || 'unknown author'} · ${oneLine(c.subject)}${touches}`;
  };
  if (first.length > 0) {
    lines.push('', '### Touching what the runbook or the note names', '', ...first.map(item));
    if (rest.length > 0) lines.push('', '### Other commits', '', ...rest.map(item));
  } else {
    lines.push('', ...rest.map(item));
  }
  return lines;
}

/**
 * The short hashes ticked (`- [x] \`abc1234\``) in a draft's "Changes before the incident" section, as the person
 * left it: what Confirm Trigger Change proposes first.
 */
export function tickedInDraft(draftText: string): string[] {
  const lines = draftText.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === CHANGES_HEADING);
  if (start < 0) return [];
  const ticked: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^ {0,3}#{1,2}[ \t]/.test(line)) break;
    const m = /^\s*[-*] \[[xX]\] `([0-9a-f]{7,64})`/.exec(line);
    if (m) ticked.push(m[1]);
  }
  return ticked;
}

function confirmedLine(incident: Incident, trigger: { commit: string; subject: string; committedAt: string }): string {
  const head = `**Confirmed trigger**: \`${short(trigger.commit)}\` ${oneLine(trigger.subject)}, committed ${formatUtc(trigger.committedAt)}`;
  if (!incident.resolved) return `${head}; the failed deployment recovery time is known once the incident is resolved.`;
  const seconds = Math.round((epochMs(incident.resolved) - epochMs(trigger.committedAt)) / 1000);
  return `${head}; failed deployment recovery time ${formatDuration(seconds)} (${seconds} s, to the resolution at ${formatUtc(incident.resolved)}).`;
}

function short(hash: string): string {
  return hash.slice(0, 7);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Paths a responder named in the note (title, impact, summary, timeline): words with a slash or a file extension,
 * such as `config/pool.yaml` or `deploy.sh`; URLs and options are not paths. At most `max`, in the order written.
 */
export function pathsNamedIn(incident: Incident, max = 20): string[] {
  const texts = [incident.title, incident.impact, incident.summary ?? '', ...incident.timeline.filter((e) => e.kind !== 'git' && e.kind !== 'trigger').map((e) => e.text)];
  const found: string[] = [];
  for (const text of texts) {
    for (const word of text.split(/[\s`'"()[\]<>,;]+/)) {
      const path = word.replace(/[.:!?]+$/, '').replace(/^\.\//, '');
      if (found.length >= max) return found;
      if (isPathLike(path) && !found.includes(path)) found.push(path);
    }
  }
  return found;
}

function isPathLike(word: string): boolean {
  if (word.length < 3 || word.length > 200 || word.includes('://') || word.startsWith('-') || word.startsWith('/') || word.includes('..')) return false;
  if (!/^[\w.@+-]+(\/[\w.@+-]+)*\/?$/.test(word)) return false;
  // A slash between names, or a name with a letter extension (`deploy.sh`); not a version (`1.2.3`) or an abbreviation (`e.g`).
  return /[\w-]\/[\w.-]/.test(word) || /^[\w-]{2,}(\.[\w-]+)*\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(word);
}
