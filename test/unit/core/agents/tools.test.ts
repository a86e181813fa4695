import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { callAgentTool, diagnosticPlan, findRunbookStep, runbookOutline, type AgentWorkspace } from '../../../../src/core/agents/answers';
import { AGENT_TOOLS, agentTool, validateToolInput } from '../../../../src/core/agents/tools';
import { parseRunbook } from '../../../../src/core/runbook';
import { bundledText, repoRoot } from '../runbook/fixtures';

describe('agents/tools: the catalogue', () => {
  it("package.json's languageModelTools are exactly the catalogue's VS Code tools", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
    const contributed = manifest.contributes.languageModelTools as Array<{ name: string; displayName: string; modelDescription: string; inputSchema: unknown }>;
    const expected = AGENT_TOOLS.filter((t) => t.hosts.includes('vscode'));
    assert.deepStrictEqual(
      contributed.map((t) => ({ name: t.name, title: t.displayName, description: t.modelDescription, inputSchema: t.inputSchema })),
      expected.map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: t.inputSchema })),
      'run npm run manifest:tools (contributes.languageModelTools is written from src/core/agents/tools.ts)',
    );
  });

  it('every tool says what it is for in a sentence or more, and its required inputs exist', () => {
    for (const tool of AGENT_TOOLS) {
      assert.ok(tool.description.length > 60 && /\.$/.test(tool.description), tool.name);
      for (const key of tool.inputSchema.required ?? []) assert.ok(tool.inputSchema.properties[key], `${tool.name}.${key}`);
    }
  });
});

describe('agents/tools: validateToolInput', () => {
  const declare = agentTool('incident_declare')!;
  const cases: Array<[unknown, RegExp | null]> = [
    [{ title: 'Checkout down', level: 1 }, null],
    [undefined, /"title" is required/],
    [[], /must be an object/],
    ['declare', /must be an object/],
    [{ title: 'x' }, /"level" is required/],
    [{ title: '   ', level: 1 }, /"title" must not be empty/],
    [{ title: 'x'.repeat(201), level: 1 }, /at most 200 characters/],
    [{ title: 'x', level: 1.5 }, /whole number/],
    [{ title: 'x', level: -1 }, /at least 0/],
    [{ title: 'x', level: 1, shell: 'rm -rf /' }, /unknown input "shell"/],
    [{ title: 'x', level: 1, impact: 42 }, /"impact" must be a string/],
  ];
  for (const [input, error] of cases) {
    it(`${JSON.stringify(input)} → ${error ?? 'accepted'}`, () => {
      const result = validateToolInput(declare, input);
      if (error === null) assert.ok(result.ok, JSON.stringify(result));
      else assert.ok(!result.ok && error.test(result.error), JSON.stringify(result));
    });
  }

  it('an object of strings is checked entry by entry', () => {
    const plan = agentTool('diagnostic_plan')!;
    assert.ok(validateToolInput(plan, { step: '1', values: { domain: 'a' } }).ok);
    const bad = validateToolInput(plan, { step: '1', values: { domain: 7 } });
    assert.ok(!bad.ok && /\.domain must be a string/.test(bad.error));
    const nested = validateToolInput(plan, { step: '1', values: ['a'] });
    assert.ok(!nested.ok);
  });

  it('a property inherited from a prototype is not an input', () => {
    const input = Object.create({ level: 1 });
    input.title = 'x';
    const result = validateToolInput(declare, input);
    assert.ok(!result.ok && /"level" is required/.test(result.error));
  });
});

describe('agents/answers', () => {
  const runbook = parseRunbook(bundledText(), 'runbooks/runbook.md');

  it('runbook_outline says levels are defaults when the runbook defines none, and gives no time for them', () => {
    const outline = runbookOutline({ path: 'RUNBOOK.md', runbook: parseRunbook('# Service notes\n\nRestart with `systemctl restart web`.\n', 'RUNBOOK.md') });
    assert.match(String(outline.levelsNote), /default levels — this runbook defines none/);
    const levels = outline.levels as Array<{ origin: string; responseMinutes: number | null }>;
    assert.ok(levels.length > 0 && levels.every((l) => l.origin === 'default' && l.responseMinutes === null));
  });

  it('runbook_outline gives 1-based source lines', () => {
    const outline = runbookOutline({ path: 'r.md', runbook });
    const first = (outline.levels as Array<{ line: number }>)[0];
    assert.strictEqual(first.line, (runbook.levels[0].source?.line ?? -2) + 1);
  });

  it('finds a step by number, exact title, words of its title, and a known incident step', () => {
    assert.strictEqual(findRunbookStep(runbook, '2')?.index, 1);
    assert.strictEqual(findRunbookStep(runbook, 'Check the database')?.title, 'Check the database');
    assert.strictEqual(findRunbookStep(runbook, 'host resources')?.title, 'Check host resources');
    const tree = findRunbookStep(runbook, 'deploy just happen');
    assert.strictEqual(tree?.kind, 'tree');
    assert.deepStrictEqual(tree?.commands, ['git log --oneline -5 origin/main']);
    assert.strictEqual(findRunbookStep(runbook, 'no such step'), undefined);
  });

  it('diagnostic_plan never fills a secret from an agent: it is left for the responder', () => {
    const secretBook = parseRunbook('# R\n\n## Quick Diagnosis\n\n```bash\n# 1. Call the API\ncurl -H "Authorization: Bearer [api-token]" https://[domain]/v1\n```\n', 'r.md');
    const plan = diagnosticPlan(secretBook, '1', { domain: 'api.example.com', 'api-token': 'sk-live-123456' }, 'bash') as { commands: Array<{ filled: string; secretsLeftForTheResponder?: string[] }> };
    assert.ok(!plan.commands[0].filled.includes('sk-live-123456'), plan.commands[0].filled);
    assert.ok(plan.commands[0].filled.includes('[api-token]'));
    assert.deepStrictEqual(plan.commands[0].secretsLeftForTheResponder, ['api-token']);
  });

  it('diagnostic_plan reports a placeholder in a place no quoting makes safe, instead of filling it', () => {
    const nested = parseRunbook('# R\n\n## Quick Diagnosis\n\n```bash\n# 1. Remote check\nssh ops \'curl https://[domain]/health\'\n```\n', 'r.md');
    const plan = diagnosticPlan(nested, '1', { domain: '$(id)' }, 'bash') as { commands: Array<{ filled: string | null; refused?: string }> };
    assert.strictEqual(plan.commands[0].filled, null);
    assert.ok(plan.commands[0].refused, JSON.stringify(plan));
  });
});

describe('agents/answers: triage_propose', () => {
  const runbook = parseRunbook(bundledText(), 'runbooks/runbook.md');
  const workspace = { runbooks: async () => [{ path: 'runbooks/runbook.md', runbook }] } as unknown as AgentWorkspace;

  it("proposes the runbook's level and known incident with the words that matched", async () => {
    const answer = await callAgentTool('triage_propose', { symptoms: 'checkout returns 502' }, workspace);
    assert.ok(answer.ok, JSON.stringify(answer));
    const data = answer.data as { level: { level: number; because: string }; knownIncident: { id: string; because: string } };
    assert.strictEqual(data.knownIncident.id, 'INC-001');
    assert.match(data.knownIncident.because, /502/);
    assert.ok(runbook.levels.some((l) => l.level === data.level.level));
  });

  it('proposes nothing when nothing matched, and says so', async () => {
    const answer = await callAgentTool('triage_propose', { symptoms: 'zzz qqq' }, workspace);
    assert.ok(answer.ok);
    const data = answer.data as { level: unknown; knownIncident: unknown; note: string };
    assert.deepStrictEqual([data.level, data.knownIncident], [null, null]);
    assert.match(data.note, /Nothing in the runbook matched/);
  });
});
