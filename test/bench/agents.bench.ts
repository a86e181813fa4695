// The agent tools answer from the model a host already holds (the extension's runbook service and store), never by
// reading the files again:
//   agents.outlineRatio = time(runbook_outline answered from the loaded model) / time(parse the runbook)   ≪ 1
//   agents.listRatio    = time(incident_list over 200 loaded incidents) / time(parse their 200 notes)        ≪ 1
// Medians of interleaved runs in one process, so both sides see the same machine.
import { callAgentTool, type AgentWorkspace } from '../../src/core/agents/answers';
import { declare } from '../../src/core/incident/lifecycle';
import type { Incident } from '../../src/core/incident/model';
import { parseIncidentNote, serializeIncidentNote } from '../../src/core/incident/note';
import { parseRunbook } from '../../src/core/runbook';
import { bundledText } from '../unit/core/runbook/fixtures';
import type { BenchFigures } from './run';

const RUNS = 31;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function bench(): Promise<BenchFigures> {
  const text = bundledText();
  const runbook = parseRunbook(text, 'runbooks/runbook.md');
  const incidents: Incident[] = Array.from({ length: 200 }, (_, n) => {
    const result = declare({ title: `Incident ${n}`, level: 1 + (n % 4), commander: 'bench', runbook, runbookPath: 'runbooks/runbook.md' }, new Date(Date.UTC(2026, 0, 1) + n * 60_000));
    if (!result.ok) throw new Error(result.error.message);
    return result.incident;
  });
  const notes = incidents.map((incident) => [serializeIncidentNote(incident), `${incident.id}.md`] as const);
  const workspace: AgentWorkspace = {
    runbooks: async () => [{ path: 'runbooks/runbook.md', runbook }],
    incidents: async () => incidents,
    notePath: async (id) => `incidents/${id}.md`,
    create: async () => {
      throw new Error('not in the bench');
    },
    update: async () => {
      throw new Error('not in the bench');
    },
    draftPostmortem: async () => '',
    now: () => new Date(Date.UTC(2026, 0, 2)),
    responder: () => 'bench',
    cadence: () => ({ 1: 30, 2: 60, 3: 240, 4: 1440 }),
    shell: () => 'bash',
    redact: async (text) => text,
  };
  const time = async (work: () => unknown): Promise<number> => {
    const started = process.hrtime.bigint();
    await work();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const outline: number[] = [];
  const parse: number[] = [];
  const list: number[] = [];
  const readNotes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    outline.push(await time(() => callAgentTool('runbook_outline', {}, workspace)));
    parse.push(await time(() => parseRunbook(text, 'runbooks/runbook.md')));
    list.push(await time(() => callAgentTool('incident_list', { includeResolved: true }, workspace)));
    readNotes.push(await time(() => notes.map(([note, name]) => parseIncidentNote(note, name))));
  }
  return {
    'agents.outlineMs': Number(median(outline).toFixed(3)),
    'agents.outlineRatio': Number((median(outline) / median(parse)).toFixed(3)),
    'agents.listMs': Number(median(list).toFixed(3)),
    'agents.listRatio': Number((median(list) / median(readNotes)).toFixed(3)),
  };
}
