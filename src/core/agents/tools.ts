// The tools agents are given: one catalogue for VS Code's language model tools and for the MCP server, so an agent
// sees the same names, descriptions and inputs wherever it runs. Descriptions are written for a model: what the
// tool is for, when to use it, what it returns. package.json's `languageModelTools` mirrors this table (a unit test
// holds them equal).

/** A property of a tool's input: the few JSON Schema shapes our tools need, nothing more. */
export type InputProperty =
  | { type: 'string'; description: string; minLength?: number; maxLength?: number }
  | { type: 'integer'; description: string; minimum?: number; maximum?: number }
  | { type: 'boolean'; description: string }
  | { type: 'object'; description: string; additionalProperties: { type: 'string'; maxLength: number } };

export interface InputSchema {
  type: 'object';
  properties: Record<string, InputProperty>;
  required?: string[];
  additionalProperties: false;
}

/** read: answers from the model. write: changes an incident note. run: starts a command (VS Code only, confirmed). */
export type ToolEffect = 'read' | 'write' | 'run';

export interface AgentTool {
  name: string;
  /** Short, for a confirmation title or a tool picker. */
  title: string;
  description: string;
  inputSchema: InputSchema;
  effect: ToolEffect;
  /** Where the tool is offered: the MCP server never runs a command, VS Code runs one only after the responder confirms. */
  hosts: ReadonlyArray<'vscode' | 'mcp'>;
}

const TITLE_MAX = 200;
const TEXT_MAX = 4000;

const incidentId: InputProperty = { type: 'string', description: 'The incident id, as incident_list returns it (e.g. "2026-11-27-checkout-latency").', minLength: 1, maxLength: 200 };
const runbookPath: InputProperty = {
  type: 'string',
  description: 'Workspace-relative path of the runbook, when the workspace has several (runbook_outline lists them). Omit for the first one.',
  maxLength: 1000,
};

const stepName: InputProperty = { type: 'string', description: "The step's title or number from runbook_outline (diagnostics or a known incident's steps).", minLength: 1, maxLength: 500 };
const placeholderValues: InputProperty = {
  type: 'object',
  description: 'Placeholder values by name, e.g. {"domain": "shop.example.com"}; never a secret (the responder types those).',
  additionalProperties: { type: 'string', maxLength: 4095 },
};

const both = ['vscode', 'mcp'] as const;

export const AGENT_TOOLS: readonly AgentTool[] = [
  {
    name: 'runbook_outline',
    title: 'Read the runbook',
    description:
      "The team's incident runbook as the extension read it: severity levels with the response times the runbook states (null when it states none, and whether the levels are defaults), quick diagnostic steps with their commands, known incidents (playbooks) with symptoms and steps, escalation rules and the status-update template, each with its source line. Call it first, before proposing a level or a step.",
    inputSchema: { type: 'object', properties: { runbook: runbookPath }, additionalProperties: false },
    effect: 'read',
    hosts: both,
  },
  {
    name: 'incident_list',
    title: 'List incidents',
    description:
      "The workspace's incidents (open ones first, most severe first): id, title, level, status, commander, when declared, and the next deadline (what to do and when). Use it to find the incident the responder is working on.",
    inputSchema: {
      type: 'object',
      properties: { includeResolved: { type: 'boolean', description: 'Also list resolved incidents (default false).' } },
      additionalProperties: false,
    },
    effect: 'read',
    hosts: both,
  },
  {
    name: 'incident_show',
    title: 'Show an incident',
    description:
      "One incident in full: its front matter, its timeline (every event with its UTC time), its open deadlines (response, status update, escalation) and why a clock does not run when the runbook states no time, and the known incident's steps. Use it before adding an event or changing the status.",
    inputSchema: { type: 'object', properties: { id: incidentId }, required: ['id'], additionalProperties: false },
    effect: 'read',
    hosts: both,
  },
  {
    name: 'triage_propose',
    title: 'Propose a level',
    description:
      "Given what is happening (an alert's text, the symptoms the responder describes), the level and the known incident the runbook's own words point to (flowchart edge labels, level examples, playbook symptoms and alert names), each with the words that matched; nothing when nothing matched. Use it before incident_declare, and let the responder confirm.",
    inputSchema: {
      type: 'object',
      properties: { symptoms: { type: 'string', description: 'What is happening, as the alert or the responder says it.', minLength: 1, maxLength: TEXT_MAX }, runbook: runbookPath },
      required: ['symptoms'],
      additionalProperties: false,
    },
    effect: 'read',
    hosts: both,
  },
  {
    name: 'incident_declare',
    title: 'Declare an incident',
    description:
      "Declares an incident at one of the runbook's levels and writes its note in the workspace's incidents folder. Returns the new incident's id and note path. Only declare when the responder asked for it.",
    inputSchema: {
      type: 'object',
      properties: {
        title: { type: 'string', description: 'What is happening, in a short title ("Checkout returns 502").', minLength: 1, maxLength: TITLE_MAX },
        level: { type: 'integer', description: 'The severity level number (1 for SEV1 / P1 / the first level the runbook lists).', minimum: 0, maximum: 9 },
        knownIncident: { type: 'string', description: "The id of the runbook's known incident this matches, from runbook_outline; omit when none.", maxLength: 200 },
        impact: { type: 'string', description: 'Who is affected and how, as the responder said it; omit when unknown.', maxLength: TEXT_MAX },
        runbook: runbookPath,
      },
      required: ['title', 'level'],
      additionalProperties: false,
    },
    effect: 'write',
    hosts: both,
  },
  {
    name: 'incident_add_event',
    title: 'Add a timeline event',
    description:
      "Adds one event to an incident's timeline, stamped now (UTC): a finding, a decision, an action taken. Write it as the responder would; it is recorded as written by an agent. Returns the event as recorded.",
    inputSchema: {
      type: 'object',
      properties: { id: incidentId, text: { type: 'string', description: 'The event, one or a few sentences.', minLength: 1, maxLength: TEXT_MAX } },
      required: ['id', 'text'],
      additionalProperties: false,
    },
    effect: 'write',
    hosts: both,
  },
  {
    name: 'incident_set_status',
    title: 'Set the status',
    description:
      "Changes an incident's status to one the runbook's template lists (e.g. Investigating, Mitigating, Resolved); resolving records the summary given. Refused, with the reason, when the change is not allowed (already resolved, unknown status).",
    inputSchema: {
      type: 'object',
      properties: {
        id: incidentId,
        status: { type: 'string', description: "The new status, one of the runbook's.", minLength: 1, maxLength: 100 },
        summary: { type: 'string', description: 'When resolving: how it was fixed, in a sentence or two.', maxLength: TEXT_MAX },
      },
      required: ['id', 'status'],
      additionalProperties: false,
    },
    effect: 'write',
    hosts: both,
  },
  {
    name: 'postmortem_draft',
    title: 'Draft the post-mortem',
    description:
      "Writes the post-mortem draft for an incident from its note and the runbook (timeline, metrics, what ran), into the post-mortems folder. A draft a person already edited keeps their edits. Returns the draft's path.",
    inputSchema: { type: 'object', properties: { id: incidentId }, required: ['id'], additionalProperties: false },
    effect: 'write',
    hosts: both,
  },
  {
    name: 'diagnostic_run',
    title: 'Run a diagnostic step',
    description:
      "Runs a runbook step's commands in the incident's terminal in VS Code, after the responder confirms the exact command shown to them; placeholders are filled by the runner's rules (settings, remembered values, or asked). The run is recorded in the incident's timeline as run by an agent and confirmed by the responder. Returns each command's exit status.",
    inputSchema: {
      type: 'object',
      properties: {
        step: stepName,
        values: placeholderValues,
        incidentId: { type: 'string', description: 'Record the run in this incident (incident_list gives ids); omit for the current one.', maxLength: 200 },
        runbook: runbookPath,
      },
      required: ['step'],
      additionalProperties: false,
    },
    effect: 'run',
    hosts: ['vscode'],
  },
  {
    name: 'diagnostic_plan',
    title: 'Plan a diagnostic step',
    description:
      "A runbook step's commands with its placeholders filled and quoted for the shell, exactly as the extension would run them, with the placeholders still missing and whether a command looks destructive. Nothing runs: show the command to the responder and run it only in a terminal they approve.",
    inputSchema: {
      type: 'object',
      properties: {
        step: stepName,
        values: placeholderValues,
        runbook: runbookPath,
      },
      required: ['step'],
      additionalProperties: false,
    },
    effect: 'read',
    hosts: ['mcp'],
  },
];

export function agentTool(name: string): AgentTool | undefined {
  return AGENT_TOOLS.find((tool) => tool.name === name);
}

export type ToolInput = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/**
 * Checks a tool's input against its schema, exactly: unknown keys, missing keys, wrong types and lengths are each
 * refused with a sentence the model can act on, and nothing is acted on.
 */
export function validateToolInput(tool: AgentTool, input: unknown): ToolInput {
  const refuse = (error: string): ToolInput => ({ ok: false, error: `${tool.name}: ${error}` });
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) return refuse('the input must be an object.');
  // Own keys only: a prototype cannot supply an input the caller did not give.
  const value: Record<string, unknown> = Object.fromEntries(Object.entries(input as Record<string, unknown>));
  const { properties, required = [] } = tool.inputSchema;
  for (const key of Object.keys(value)) if (!Object.prototype.hasOwnProperty.call(properties, key)) return refuse(`unknown input "${key}"; it takes ${Object.keys(properties).join(', ') || 'nothing'}.`);
  for (const key of required) if (value[key] === undefined) return refuse(`"${key}" is required.`);
  for (const [key, property] of Object.entries(properties)) {
    const given = value[key];
    if (given === undefined) continue;
    const problem = propertyProblem(property, given);
    if (problem) return refuse(`"${key}" ${problem}.`);
  }
  return { ok: true, value };
}

function propertyProblem(property: InputProperty, given: unknown): string | undefined {
  switch (property.type) {
    case 'string':
      if (typeof given !== 'string') return 'must be a string';
      if (property.minLength !== undefined && given.trim().length < property.minLength) return 'must not be empty';
      if (property.maxLength !== undefined && given.length > property.maxLength) return `must be at most ${property.maxLength} characters`;
      return undefined;
    case 'integer':
      if (typeof given !== 'number' || !Number.isInteger(given)) return 'must be a whole number';
      if (property.minimum !== undefined && given < property.minimum) return `must be at least ${property.minimum}`;
      if (property.maximum !== undefined && given > property.maximum) return `must be at most ${property.maximum}`;
      return undefined;
    case 'boolean':
      return typeof given === 'boolean' ? undefined : 'must be true or false';
    case 'object': {
      if (typeof given !== 'object' || given === null || Array.isArray(given)) return 'must be an object of strings';
      for (const [name, entry] of Object.entries(given)) {
        if (typeof entry !== 'string') return `.${name} must be a string`;
        if (entry.length > property.additionalProperties.maxLength) return `.${name} must be at most ${property.additionalProperties.maxLength} characters`;
      }
      return undefined;
    }
  }
}
