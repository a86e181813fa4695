// Loads the incident fixtures (test/fixtures/incidents/, one file per case) for the incident unit tests.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Incident } from '../../../../src/core/incident/model';
import { parseIncidentNote } from '../../../../src/core/incident/note';
import type { Runbook } from '../../../../src/core/runbook/model';

function fixturesDir(): string {
  // Tests run from out/ (or another out dir); the fixtures stay in the source tree.
  const candidates = [
    path.resolve(__dirname, '../../../../../test/fixtures/incidents'),
    path.resolve(process.cwd(), 'test/fixtures/incidents'),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'runbook.json')));
  if (!found) throw new Error(`Incident fixtures not found in ${candidates.join(' or ')}`);
  return found;
}

export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(fixturesDir(), name), 'utf8');
}

export function fixtureIncident(name: string): Incident {
  const result = parseIncidentNote(fixtureText(name), name);
  if (!result.ok) assert.fail(`${name} does not parse: ${JSON.stringify(result.problems)}`);
  return result.incident;
}

export function fixtureRunbook(): Runbook {
  return JSON.parse(fixtureText('runbook.json')) as Runbook;
}

export function at(iso: string): Date {
  return new Date(iso);
}
