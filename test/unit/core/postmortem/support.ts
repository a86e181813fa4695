// Shared by the post-mortem tests: a draft of an incident fixture, with the links a caller would pass.
import type { Incident } from '../../../../src/core/incident/model';
import { generatePostmortem, type PostmortemOptions } from '../../../../src/core/postmortem/draft';
import { at, fixtureRunbook } from '../incident/fixtures';

const runbook = fixtureRunbook();

export function draft(incident: Incident, now = '2026-12-10T00:00:00Z', extra: Partial<PostmortemOptions> = {}): string {
  return generatePostmortem(incident, runbook, {
    noteRelPath: `../incidents/${incident.id}.md`,
    runbookRelPath: '../runbooks/RUNBOOK.md',
    links: [{ text: 'Dashboard', href: 'https://grafana.example.com/d/checkout' }],
    now: at(now),
    ...extra,
  });
}
