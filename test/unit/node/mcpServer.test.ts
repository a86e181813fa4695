// The MCP server as an agent meets it: the SDK's own client spawns the built `dist/cli.js mcp` on a workspace made
// for the test, and every write is checked on disk with the core's note parser.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { AGENT_TOOLS } from '../../../src/core/agents/tools';
import { parseIncidentNote } from '../../../src/core/incident/note';
import { parseRunbook } from '../../../src/core/runbook';
import { bundledText, repoRoot } from '../core/runbook/fixtures';
import { CREDENTIALS } from './credentials';

interface ToolResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
}

describe('incident-runbook mcp (the built dist/cli.js, through the SDK client)', function () {
  this.timeout(120000);
  const root = repoRoot();
  const cli = path.join(root, 'dist/cli.js');
  let workspace: string;
  const clients: Client[] = [];

  before(() => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
    assert.strictEqual(build.status, 0, `build failed:\n${build.stdout}\n${build.stderr}`);
  });

  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-workspace-'));
    fs.mkdirSync(path.join(workspace, 'runbooks'));
    fs.writeFileSync(path.join(workspace, 'runbooks', 'runbook.md'), bundledText());
    fs.mkdirSync(path.join(workspace, '.vscode'));
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), '{\n  // as a team commits it\n  "incidentRunbook.commander": "Agent Tester",\n}\n');
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  async function connect(): Promise<Client> {
    const client = new Client({ name: 'test-agent', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--workspace', workspace], stderr: 'pipe' }));
    clients.push(client);
    return client;
  }

  async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> {
    return (await client.callTool({ name, arguments: args })) as ToolResult;
  }

  async function data(client: Client, name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const result = await call(client, name, args);
    assert.ok(!result.isError, `${name} failed: ${result.content[0]?.text}`);
    return JSON.parse(result.content[0].text ?? '');
  }

  function notes(): string[] {
    const folder = path.join(workspace, 'incidents');
    return fs.existsSync(folder) ? fs.readdirSync(folder).filter((n) => n.endsWith('.md')) : [];
  }

  function noteOnDisk(file: string) {
    const parsed = parseIncidentNote(fs.readFileSync(path.join(workspace, file), 'utf8'), path.basename(file));
    assert.ok(parsed.ok, `the note written by the server parses: ${JSON.stringify(!parsed.ok && parsed.problems)}`);
    return parsed.incident;
  }

  it('lists the MCP tools of the catalogue, with their input schemas', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    assert.deepStrictEqual(tools.map((t) => t.name).sort(), AGENT_TOOLS.filter((t) => t.hosts.includes('mcp')).map((t) => t.name).sort());
    const declare = tools.find((t) => t.name === 'incident_declare');
    assert.deepStrictEqual(declare?.inputSchema.required, ['title', 'level']);
    assert.ok(!tools.some((t) => t.name === 'diagnostic_run'), 'the server never runs a command');
  });

  it('runbook_outline answers the levels and times the runbook states, with their lines', async () => {
    const client = await connect();
    const outline = await data(client, 'runbook_outline', {});
    const model = parseRunbook(bundledText(), 'runbooks/runbook.md');
    const levels = outline.levels as Array<{ level: number; responseMinutes: number | null; line: number; origin: string }>;
    assert.deepStrictEqual(levels.map((l) => [l.level, l.responseMinutes]), model.levels.map((l) => [l.level, l.responseKind === 'minutes' ? l.responseMinutes : null]));
    assert.ok(levels.every((l) => l.origin === 'runbook' && l.line > 0));
    assert.deepStrictEqual((outline.knownIncidents as Array<{ id: string }>).map((k) => k.id), model.incidents.map((k) => k.id));
    assert.deepStrictEqual(outline.runbooks, ['runbooks/runbook.md']);
  });

  it('answers from the runbook parsed once, and reads it again when the file changes', async () => {
    const client = await connect();
    assert.strictEqual(((await data(client, 'runbook_outline', {})).levels as unknown[]).length, 4);
    fs.writeFileSync(path.join(workspace, 'runbooks', 'runbook.md'), '# Notes\n\nRestart with `systemctl restart web`.\n');
    const changed = await data(client, 'runbook_outline', {});
    assert.match(String(changed.levelsNote), /default levels — this runbook defines none/);
  });

  it('declare, add an event, set statuses and draft the post-mortem: each write is on disk as the extension writes it', async () => {
    const client = await connect();
    const declared = await data(client, 'incident_declare', { title: 'Checkout returns 502', level: 1, knownIncident: 'INC-003' });
    const file = declared.note as string;
    assert.match(file, /^incidents\/\d{4}-\d{2}-\d{2}-checkout-returns-502\.md$/);
    let incident = noteOnDisk(file);
    assert.strictEqual(incident.id, declared.id);
    assert.strictEqual(incident.level, 1);
    assert.strictEqual(incident.commander, 'Agent Tester', 'the responder comes from the workspace settings');
    assert.strictEqual(incident.knownIncident, 'INC-003');
    assert.ok(incident.protocol.length > 0, "the known incident's protocol is the note's checklist");

    await data(client, 'incident_add_event', { id: declared.id, text: 'Error rate is 12% since the 14:02 deploy' });
    await data(client, 'incident_set_status', { id: declared.id, status: 'mitigating' });
    await data(client, 'incident_set_status', { id: declared.id, status: 'Resolved', summary: 'Rolled back to the last good release' });
    incident = noteOnDisk(file);
    assert.ok(incident.timeline.some((e) => e.kind === 'note' && e.text === 'Error rate is 12% since the 14:02 deploy (written by an agent)'));
    assert.strictEqual(incident.mitigated !== null && incident.resolved !== null, true);
    assert.ok(incident.timeline.some((e) => e.kind === 'resolved' && e.text === 'Resolved: Rolled back to the last good release'));

    const shown = await data(client, 'incident_show', { id: declared.id });
    assert.strictEqual(shown.resolved, incident.resolved);
    const draft = await data(client, 'postmortem_draft', { id: declared.id });
    const text = fs.readFileSync(path.join(workspace, draft.draft as string), 'utf8');
    assert.match(text, /^# Post-mortem: Checkout returns 502/m);
    assert.match(text, /Rolled back to the last good release/);
  });

  it('what an agent writes passes the same redaction as what a person writes', async () => {
    const client = await connect();
    const token = CREDENTIALS.find((c) => c.kind === 'GitHub classic token');
    assert.ok(token);
    const declared = await data(client, 'incident_declare', { title: 'Leaky agent', level: 3 });
    await data(client, 'incident_add_event', { id: declared.id, text: `Pushed the fix with ${token.secret}` });
    const note = fs.readFileSync(path.join(workspace, declared.note as string), 'utf8');
    assert.ok(!note.includes(token.secret), 'the credential is not in the note');
    assert.match(note, /Pushed the fix with \[/);
  });

  it('refuses malformed input with an error result, and writes nothing', async () => {
    const client = await connect();
    const refused: Array<[string, Record<string, unknown>, RegExp]> = [
      ['incident_declare', { title: '', level: 1 }, /"title" must not be empty/],
      ['incident_declare', { title: 'x', level: 'SEV1' }, /"level" must be a whole number/],
      ['incident_declare', { title: 'x', level: 7 }, /Level 7 is not one of the runbook's/],
      ['incident_declare', { title: 'x', level: 1, command: 'rm -rf /' }, /unknown input "command"/],
      ['incident_declare', { title: 'x', level: 1, knownIncident: 'INC-999' }, /not one of the runbook's known incidents/],
      ['incident_add_event', { id: '../../etc/passwd', text: 'x' }, /No incident with id/],
      ['incident_set_status', { id: 'nope', status: 'Resolved' }, /No incident with id/],
    ];
    for (const [name, args, message] of refused) {
      const result = await call(client, name, args);
      assert.strictEqual(result.isError, true, `${name} ${JSON.stringify(args)} is refused`);
      assert.match(result.content[0].text ?? '', message);
    }
    assert.deepStrictEqual(notes(), [], 'no note was written');
  });

  it('two agents writing to one incident at once lose nothing (the notes lock)', async () => {
    const [a, b] = [await connect(), await connect()];
    const declared = await data(a, 'incident_declare', { title: 'Two agents', level: 2 });
    const writes = [a, b].flatMap((client, who) =>
      Array.from({ length: 12 }, (_, i) => data(client, 'incident_add_event', { id: declared.id, text: `agent ${who} event ${i}` })),
    );
    await Promise.all(writes);
    const incident = noteOnDisk(declared.note as string);
    const texts = incident.timeline.filter((e) => e.kind === 'note').map((e) => e.text);
    assert.strictEqual(texts.length, 24, texts.join('\n'));
    for (const who of [0, 1]) for (let i = 0; i < 12; i++) assert.ok(texts.includes(`agent ${who} event ${i} (written by an agent)`));
  });

  it('diagnostic_plan fills and quotes the step for the shell, and runs nothing', async () => {
    const client = await connect();
    const marker = path.join(workspace, 'ran');
    const plan = await data(client, 'diagnostic_plan', { step: '1', values: { domain: `$(touch ${marker})` } });
    const [first] = plan.commands as Array<{ filled: string; missing: string[] }>;
    assert.ok(first.filled.includes(`'$(touch ${marker})'`), first.filled);
    assert.deepStrictEqual(first.missing, []);
    assert.ok(!fs.existsSync(marker), 'nothing ran');
  });

  it('serves the runbook and the notes as resources, and nothing else', async () => {
    const client = await connect();
    const declared = await data(client, 'incident_declare', { title: 'Resource check', level: 3 });
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    assert.ok(uris.includes('runbook:///runbooks/runbook.md'), uris.join(', '));
    assert.ok(uris.includes(`incident:///${declared.id}`), uris.join(', '));
    const note = await client.readResource({ uri: `incident:///${declared.id}` });
    assert.match(String((note.contents[0] as { text: string }).text), /Resource check/);
    await assert.rejects(client.readResource({ uri: 'runbook:///..%2F..%2Fetc%2Fpasswd' }), /No resource/);
  });
});
