// Agents in VS Code: our tools as language model tools (agent mode calls them; each one that writes or runs asks
// the responder first, with exactly what will happen), and the MCP server registered for any MCP client VS Code
// runs. Nothing that writes or runs does so in an untrusted workspace.
import * as path from 'path';
import * as vscode from 'vscode';
import { callAgentTool, findRunbookStep, agentRunEventText } from '../../core/agents/answers';
import { AGENT_TOOLS, validateToolInput, type AgentTool } from '../../core/agents/tools';
import * as lifecycle from '../../core/incident/lifecycle';
import { runbookPath, type Services } from '../services';
import type { RunOutcome } from '../runner/commands';
import { vscodeAgentWorkspace } from './workspace';

type Input = Record<string, unknown>;

export interface Agents {
  disposable: vscode.Disposable;
  /** What the responder would be asked before `name` runs with `input` (the API gives it to tests and other extensions). */
  prepare(name: string, input: Input): Promise<vscode.PreparedToolInvocation | undefined>;
}

export function registerAgents(context: vscode.ExtensionContext, services: Services): Agents {
  const workspace = vscodeAgentWorkspace(services);
  const tools = AGENT_TOOLS.filter((tool) => tool.hosts.includes('vscode'));
  const disposables = tools.map((tool) =>
    vscode.lm.registerTool<Input>(tool.name, {
      prepareInvocation: (options) => prepare(services, tool, options.input),
      invoke: async (options) => {
        const checked = validateToolInput(tool, options.input);
        if (!checked.ok) throw new Error(checked.error);
        if (tool.effect !== 'read' && !vscode.workspace.isTrusted) {
          throw new Error(`${tool.name} is refused: this workspace is not trusted, so agents may read the runbook and the incidents but change and run nothing. The responder can trust the workspace to allow it.`);
        }
        if (tool.name === 'diagnostic_run') return text(await runStep(services, checked.value));
        const answer = await callAgentTool(tool.name, checked.value, workspace);
        if (!answer.ok) throw new Error(answer.error);
        return text(answer.text);
      },
    }),
  );
  disposables.push(registerMcpServer(context));
  return {
    disposable: vscode.Disposable.from(...disposables),
    prepare: async (name, input) => {
      const tool = tools.find((t) => t.name === name);
      return tool && prepare(services, tool, input);
    },
  };
}

function text(value: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(value)]);
}

/** What the responder is asked before a tool writes or runs: the action in words, and for a run the full command. */
async function prepare(services: Services, tool: AgentTool, input: Input): Promise<vscode.PreparedToolInvocation> {
  const s = (key: string): string => (typeof input?.[key] === 'string' ? (input[key] as string) : '');
  if (tool.effect === 'read') return { invocationMessage: `${tool.title}…` };
  let message: vscode.MarkdownString;
  switch (tool.name) {
    case 'incident_declare':
      message = new vscode.MarkdownString(`Declare a **level ${String(input?.level)}** incident, "${escape(s('title'))}"${s('knownIncident') ? ` as known incident ${escape(s('knownIncident'))}` : ''}, and write its note in the incidents folder.`);
      break;
    case 'incident_add_event':
      message = new vscode.MarkdownString(`Add to the timeline of **${escape(s('id'))}**: "${escape(s('text'))}" (marked as written by an agent).`);
      break;
    case 'incident_set_status':
      message = new vscode.MarkdownString(`Set the status of **${escape(s('id'))}** to **${escape(s('status'))}**${s('summary') ? `, recording "${escape(s('summary'))}"` : ''}.`);
      break;
    case 'postmortem_draft':
      message = new vscode.MarkdownString(`Write the post-mortem draft of **${escape(s('id'))}** in the post-mortems folder (a draft someone edited keeps their edits).`);
      break;
    case 'diagnostic_run':
      message = await runMessage(services, input);
      break;
    default:
      message = new vscode.MarkdownString(`${tool.title}.`);
  }
  return { invocationMessage: `${tool.title}…`, confirmationMessages: { title: tool.title, message } };
}

function escape(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

interface StepTarget {
  ref: { runbookUri: string; kind: 'diagnostic' | 'tree'; index: number; incidentIndex?: number };
  title: string;
}

async function stepTarget(services: Services, input: Input): Promise<StepTarget> {
  const all = await services.runbooks.all();
  const wanted = typeof input.runbook === 'string' ? input.runbook : undefined;
  const loaded = wanted ? all.find((r) => runbookPath(r) === wanted) : all[0];
  if (!loaded) throw new Error(wanted ? `No runbook at ${wanted}.` : 'The workspace has no runbook.');
  const found = findRunbookStep(loaded.runbook, String(input.step ?? ''));
  if (!found) throw new Error(`No step "${String(input.step)}" in ${loaded.runbook.title}; runbook_outline lists them.`);
  const ref = { runbookUri: loaded.uri.toString(), kind: found.kind, index: found.index, ...(found.incidentIndex !== undefined ? { incidentIndex: found.incidentIndex } : {}) };
  return { ref, title: found.title };
}

function runOptions(input: Input): Record<string, unknown> {
  return {
    ...(input.values ? { variables: input.values } : {}),
    ...(typeof input.incidentId === 'string' ? { incidentId: input.incidentId } : {}),
  };
}

/** The commands exactly as they will run (the runner's dry run: same values, same quoting), for the confirmation. */
async function runMessage(services: Services, input: Input): Promise<vscode.MarkdownString> {
  const target = await stepTarget(services, input);
  const dry = await vscode.commands.executeCommand<RunOutcome>('incidentRunbook.runStep', { ...target.ref, ...runOptions(input), dryRun: true });
  // Refused (a value no quoting keeps inert, a workspace that may not run it): the agent is told why, nothing is asked.
  if (dry?.status !== 'dry-run') throw new Error(`${target.title} cannot run: ${dry?.message ?? 'the run command gave no answer'}.`);
  const where = dry.incidentId ? `the terminal of **${escape(dry.incidentId)}**` : "a runbook terminal";
  const message = new vscode.MarkdownString(`Run **${escape(target.title)}** in ${where}:\n\n`);
  message.appendCodeblock(dry.runs.map((r) => r.command).join('\n'), 'sh');
  const unfilled = dry.unfilled ?? [];
  if (unfilled.length) message.appendMarkdown(`\n${unfilled.map((name) => `\`[${name}]\``).join(', ')} ${unfilled.length === 1 ? 'is' : 'are'} filled when it runs: you are asked for ${unfilled.length === 1 ? 'its value' : 'their values'} unless the settings give ${unfilled.length === 1 ? 'it' : 'them'} (a secret is never shown here).\n`);
  const recorded = dry.incidentId
    ? `The run is recorded in the timeline of ${escape(dry.incidentId)} as run by an agent and confirmed by you.`
    : dry.asksWhichIncident
      ? 'No incident is current and several are open: when it runs you are asked which one records it (or none).'
      : 'No incident is open or current, so the run is not recorded in a timeline.';
  message.appendMarkdown(`\n${recorded} A command that looks destructive asks again.`);
  return message;
}

async function runStep(services: Services, input: Input): Promise<string> {
  const target = await stepTarget(services, input);
  // The responder confirmed this exact command in the tool's confirmation; the runner still asks for destructive ones.
  const outcome = await vscode.commands.executeCommand<RunOutcome>('incidentRunbook.runStep', { ...target.ref, ...runOptions(input), confirm: false });
  if (outcome?.status === 'ran' && outcome.incidentId) {
    const responder = services.responder();
    await services.store.update(outcome.incidentId, (current) => {
      const result = lifecycle.addEvent(current, { kind: 'note', text: agentRunEventText(target.title, responder) }, services.clock.now());
      if (!result.ok) throw new lifecycle.TransitionRefused(result);
      return result.incident;
    });
  }
  return JSON.stringify({ step: target.title, status: outcome?.status ?? 'failed', message: outcome?.message, incident: outcome?.incidentId ?? null, runs: outcome?.runs ?? [] }, null, 2);
}

/** The MCP server for MCP clients VS Code runs, one per workspace folder; none until the workspace is trusted. */
function registerMcpServer(context: vscode.ExtensionContext): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const cli = path.join(context.extensionUri.fsPath, 'dist', 'cli.js');
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '');
  return vscode.Disposable.from(
    changed,
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    vscode.lm.registerMcpServerDefinitionProvider('incidentRunbook.mcp', {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () =>
        vscode.workspace.isTrusted
          ? (vscode.workspace.workspaceFolders ?? []).map(
              // The extension host's own runtime runs the CLI: Node, or Electron told to behave as Node.
              (folder) => new vscode.McpStdioServerDefinition(`Incident Runbook (${folder.name})`, process.execPath, [cli, 'mcp', '--workspace', folder.uri.fsPath], { ELECTRON_RUN_AS_NODE: '1' }, version),
            )
          : [],
    }),
  );
}
