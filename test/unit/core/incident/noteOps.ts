// What a responder's extension does to an incident note, as seeded random operations: the merge tests and the git
// simulation apply the same ones, through the same lifecycle and note writer the extension uses.
import * as assert from 'assert';
import {
  acknowledge,
  addEvent,
  changeLevel,
  declare,
  escalate,
  handOff,
  recordStatusUpdate,
  reopen,
  resolve,
  setStatus,
  toggleProtocolStep,
  TransitionResult,
} from '../../../../src/core/incident/lifecycle';
import type { Incident } from '../../../../src/core/incident/model';
import { parseIncidentNote, serializeIncidentNote, updateIncidentNote } from '../../../../src/core/incident/note';
import { fixtureRunbook } from './fixtures';

export const runbook = fixtureRunbook();
export const NOTE_FILE = '2026-11-27-checkout-latency.md';
export const DECLARED_AT = Date.UTC(2026, 10, 27, 4, 41, 0);

/** A freshly declared SEV1 with a two-step protocol (INC-003), as the extension writes it. */
export function declaredNote(): string {
  const known = runbook.incidents.find((i) => i.id === 'INC-003') ?? null;
  const result = declare({ title: 'Checkout latency', level: 1, commander: 'alice', impact: 'EU users', runbook, runbookPath: 'runbooks/RUNBOOK.md', knownIncident: known, id: '2026-11-27-checkout-latency' }, new Date(DECLARED_AT));
  if (!result.ok) assert.fail(result.error.message);
  return serializeIncidentNote(result.incident);
}

export { seededRandom } from '../../../harness/seededRandom';

export type NoteOperation =
  | { op: 'acknowledge'; by: string }
  | { op: 'status'; status: string }
  | { op: 'escalate'; level: string }
  | { op: 'handOff'; to: string }
  | { op: 'tick'; step: number }
  | { op: 'note'; text: string }
  | { op: 'run'; command: string; exitCode: number }
  | { op: 'update' }
  | { op: 'level'; level: number }
  | { op: 'resolve' }
  | { op: 'reopen' };

const STATUSES = ['Investigating', 'Identified', 'Monitoring'];
const PEOPLE = ['alice', 'bob', 'carol', 'dan', 'erin'];

/** One random operation by `who`; `serial` makes the texts it writes unique to it. */
export function randomOperation(random: () => number, who: string, serial: number): NoteOperation {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const roll = random();
  if (roll < 0.1) return { op: 'acknowledge', by: who };
  if (roll < 0.2) return { op: 'status', status: pick(STATUSES) };
  if (roll < 0.27) return { op: 'escalate', level: pick(['L1', 'L2', 'L3']) };
  if (roll < 0.34) return { op: 'handOff', to: pick(PEOPLE) };
  if (roll < 0.44) return { op: 'tick', step: Math.floor(random() * 2) };
  if (roll < 0.62) return { op: 'note', text: `${who} looked at dashboard ${serial}` };
  if (roll < 0.76) return { op: 'run', command: `curl -s https://shop.example/health?probe=${who}-${serial}`, exitCode: Math.floor(random() * 2) };
  if (roll < 0.84) return { op: 'update' };
  if (roll < 0.9) return { op: 'level', level: 1 + Math.floor(random() * 2) };
  if (roll < 0.96) return { op: 'resolve' };
  return { op: 'reopen' };
}

function transition(incident: Incident, operation: NoteOperation, now: Date): TransitionResult {
  switch (operation.op) {
    case 'acknowledge':
      return acknowledge(incident, now, operation.by);
    case 'status':
      return setStatus(incident, operation.status, now, { runbook });
    case 'escalate':
      return escalate(incident, operation.level, now, { runbook });
    case 'handOff':
      return handOff(incident, operation.to, now);
    case 'tick':
      return toggleProtocolStep(incident, operation.step, now);
    case 'note':
      return addEvent(incident, { kind: 'note', text: operation.text }, now);
    case 'run':
      return addEvent(incident, { kind: 'command', text: `\`${operation.command}\` exited ${operation.exitCode} in 0.4s` }, now);
    case 'update':
      return recordStatusUpdate(incident, now, { runbook });
    case 'level':
      // Raising INC-003 above its forced SEV1 needs an override, which the extension asks for: always given here.
      return changeLevel(incident, operation.level, 'impact reassessed', now, { runbook, override: true });
    case 'resolve':
      return resolve(incident, now, 'rolled back', { runbook });
    case 'reopen':
      return reopen(incident, 'errors are back', now, { runbook });
  }
}

/**
 * The note after the extension applied `operation` at `now`, or the same text when the lifecycle refused it (an
 * acknowledgement already made, a resolved incident): a refusal is what the person would have seen.
 */
export function applyOperation(text: string, operation: NoteOperation, now: Date): { text: string; applied: boolean } {
  const parsed = parseIncidentNote(text, NOTE_FILE);
  if (!parsed.ok) assert.fail(`the note does not parse before ${operation.op}: ${JSON.stringify(parsed.problems)}\n${text}`);
  const result = transition(parsed.incident, operation, now);
  if (!result.ok) return { text, applied: false };
  return { text: updateIncidentNote(text, result.incident), applied: true };
}
