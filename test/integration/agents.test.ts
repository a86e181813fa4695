// The agent tools in a real VS Code: listed in vscode.lm.tools, invoked through vscode.lm.invokeTool as agent mode
// invokes them, writing through the extension's store, and asking the responder before anything is written or run.
import * as assert from 'assert';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { AGENT_TOOLS } from '../../src/core/agents/tools';
import { api, declare, incident, incidentsDir } from './support';

const token = new vscode.CancellationTokenSource().token;

async function invoke(name: string, input: object): Promise<unknown> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token);
  const text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
  return JSON.parse(text);
}

function noteCount(): number {
  return fs.existsSync(incidentsDir()) ? fs.readdirSync(incidentsDir()).filter((n) => n.endsWith('.md')).length : 0;
}

function markdown(message: string | vscode.MarkdownString | undefined): string {
  return typeof message === 'string' ? message : (message?.value ?? '');
}

/** The integration workspace's runbook, named as an agent names it (runbook_outline's `runbook`). */
const RUNBOOK = 'runbooks/default-runbook.md';

suite('Agent tools (vscode.lm)', () => {
  const opened: string[] = [];

  async function declareOwn(title: string, level: number): Promise<string> {
    const id = await declare(`${title} ${randomUUID().slice(0, 8)}`, level);
    opened.push(id);
    return id;
  }

  suiteTeardown(async () => {
    for (const incidentId of opened) await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId }, 'Test over');
  });

  test('vscode.lm.tools lists every tool of the catalogue offered in VS Code, with its schema', async () => {
    await api();
    const ours = vscode.lm.tools.filter((t) => t.tags.includes('incident-runbook'));
    const expected = AGENT_TOOLS.filter((t) => t.hosts.includes('vscode'));
    assert.deepStrictEqual(ours.map((t) => t.name).sort(), expected.map((t) => t.name).sort());
    for (const tool of expected) assert.deepStrictEqual(ours.find((t) => t.name === tool.name)?.inputSchema, tool.inputSchema, tool.name);
  });

  test("runbook_outline and incident_list answer from the extension's runbook and store", async () => {
    const { services } = await api();
    const active = await services.runbooks.active();
    assert.ok(active);
    const outline = (await invoke('runbook_outline', {})) as { levels: Array<{ level: number; responseMinutes: number | null }> };
    assert.deepStrictEqual(outline.levels.map((l) => [l.level, l.responseMinutes]), active.runbook.levels.map((l) => [l.level, l.responseKind === 'minutes' ? l.responseMinutes : null]));
    const declared = (await invoke('incident_declare', { title: 'Agent sees checkout 502', level: 2 })) as { id: string };
    opened.push(declared.id);
    const listed = (await invoke('incident_list', {})) as Array<{ id: string; status: string }>;
    assert.ok(listed.some((i) => i.id === declared.id), JSON.stringify(listed));
  });

  test('declare, add an event and set a status write the note through the store', async () => {
    const { services } = await api();
    const declared = (await invoke('incident_declare', { title: 'Agent-declared outage', level: 1 })) as { id: string };
    opened.push(declared.id);
    assert.strictEqual((await incident(declared.id)).commander, services.responder());
    await invoke('incident_add_event', { id: declared.id, text: 'p99 latency is 4 s on checkout' });
    await invoke('incident_set_status', { id: declared.id, status: 'Mitigating' });
    const written = await incident(declared.id);
    assert.ok(written.timeline.some((e) => e.text === 'p99 latency is 4 s on checkout (written by an agent)'), JSON.stringify(written.timeline));
    assert.strictEqual(written.status, 'Mitigating');
  });

  test('a tool that writes or runs asks first, naming the action and, for a run, the exact command', async () => {
    const { prepareAgentTool } = await api();
    const declare = await prepareAgentTool('incident_declare', { title: 'Payments down', level: 1 });
    assert.strictEqual(declare?.confirmationMessages?.title, 'Declare an incident');
    assert.match(markdown(declare?.confirmationMessages?.message), /Declare a \*\*level 1\*\* incident, "Payments down"/);
    const incidentId = await declareOwn('Agent previews a run', 3);
    const run = await prepareAgentTool('diagnostic_run', { runbook: RUNBOOK, step: 'Check service health', incidentId, values: { domain: "shop.example.com'; id" } });
    const text = markdown(run?.confirmationMessages?.message);
    assert.match(text, /Run \*\*Check service health\*\* in the terminal of/);
    assert.ok(text.includes(`https://'shop.example.com'\\''; id'/health`), text);
    // Markdown escapes the id's punctuation; read without the escapes.
    assert.ok(text.replace(/\\(.)/g, '$1').includes(`recorded in the timeline of ${incidentId} as run by an agent`), text);
    const read = await prepareAgentTool('runbook_outline', {});
    assert.strictEqual(read?.confirmationMessages, undefined, 'reading asks nothing');
  });

  test('the confirmation of a run asks the responder nothing itself: no incident question, no value box; what is unknown stays [name]', async () => {
    const extension = await api();
    const { prepareAgentTool, services } = extension;
    // Its own state: two open incidents, none current, and no value known for [domain].
    await declareOwn('Agent preview, first open', 2);
    await declareOwn('Agent preview, second open', 3);
    services.store.focus(undefined);
    await vscode.commands.executeCommand('incidentRunbook.clearVariables');
    const configured = vscode.workspace.getConfiguration('incidentRunbook').get<Record<string, unknown>>('variables') ?? {};
    assert.ok(!('domain' in configured), `the test needs no [domain] in incidentRunbook.variables: ${JSON.stringify(configured)}`);

    let asked: vscode.Disposable | undefined;
    const question = new Promise<never>((_, reject) => {
      asked = extension.onDidAskWhichIncident(() => {
        void vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        reject(new Error('preparing the confirmation asked which incident records the run'));
      });
    });
    try {
      const run = await Promise.race([prepareAgentTool('diagnostic_run', { runbook: RUNBOOK, step: 'Check service health' }), question]);
      const text = markdown(run?.confirmationMessages?.message);
      assert.ok(text.includes('https://[domain]/health'), text);
      assert.match(text, /`\[domain\]` is filled when it runs: you are asked for its value/);
      assert.match(text, /No incident is current and several are open: when it runs you are asked which one records it/);
    } finally {
      asked?.dispose();
    }
  });

  test('a run that would be refused is refused at the confirmation, saying why', async () => {
    const { prepareAgentTool } = await api();
    const incidentId = await declareOwn('Agent preview refused', 3);
    await assert.rejects(prepareAgentTool('diagnostic_run', { runbook: RUNBOOK, step: 'Check service health', incidentId, values: { domain: 'shop\u0000example' } }), /Check service health cannot run: .*NUL character/);
  });

  test('diagnostic_run runs the step in the incident terminal and records who confirmed it', async () => {
    const { services } = await api();
    const declared = (await invoke('incident_declare', { title: 'Agent runs a step', level: 3 })) as { id: string };
    opened.push(declared.id);
    const outcome = (await invoke('diagnostic_run', { step: 'Check host resources', incidentId: declared.id })) as { status: string; runs: unknown[] };
    assert.strictEqual(outcome.status, 'ran', JSON.stringify(outcome));
    const written = await incident(declared.id);
    assert.ok(written.timeline.filter((e) => e.kind === 'command').length >= 1, JSON.stringify(written.timeline));
    assert.ok(written.timeline.some((e) => e.text === `Run by an agent, confirmed by ${services.responder()}: Check host resources`), JSON.stringify(written.timeline));
  });

  test('malformed input is refused with a clear error, and nothing is written', async () => {
    await api();
    const before = noteCount();
    await assert.rejects(Promise.resolve(vscode.lm.invokeTool('incident_declare', { input: { title: 'x', level: 1, commander: 'mallory' }, toolInvocationToken: undefined }, token)), /unknown input "commander"/);
    await assert.rejects(Promise.resolve(vscode.lm.invokeTool('incident_declare', { input: { title: 'x', level: 42 }, toolInvocationToken: undefined }, token)), /level|at most 9/);
    await assert.rejects(Promise.resolve(vscode.lm.invokeTool('incident_set_status', { input: { id: 'no-such-incident', status: 'Resolved' }, toolInvocationToken: undefined }, token)), /No incident with id/);
    assert.strictEqual(noteCount(), before);
  });
});
