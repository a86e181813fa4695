// `incident-runbook mcp`: the agent tools over stdio, for any agent that speaks the Model Context Protocol (Claude
// Code, Cursor, Copilot CLI, VS Code's agent mode). The tools are the core's (src/core/agents), so an agent gets the
// same answers and makes the same writes as the extension; the server never executes a shell command. Built as
// its own lazy bundle: the CLI's other commands never load the SDK.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListResourcesRequestSchema, ListToolsRequestSchema, ReadResourceRequestSchema, McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { promises as fs } from 'fs';
import * as path from 'path';
import { callAgentTool } from '../../core/agents/answers';
import { AGENT_TOOLS } from '../../core/agents/tools';
import { NodeAgentWorkspace } from '../agentWorkspace';

export interface McpOptions {
  workspace: string;
  runbook?: string;
  version: string;
  /** Where the server's own messages go (stdout is the protocol's). */
  log: (text: string) => void;
}

const RUNBOOK_SCHEME = 'runbook:///';
const NOTE_SCHEME = 'incident:///';

export function createMcpServer(options: McpOptions): Server {
  const workspace = new NodeAgentWorkspace(options.workspace, { runbook: options.runbook });
  for (const problem of workspace.settingsProblems()) options.log(problem);
  const tools = AGENT_TOOLS.filter((tool) => tool.hosts.includes('mcp'));
  const server = new Server({ name: 'incident-runbook', version: options.version }, { capabilities: { tools: {}, resources: {} } });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: tools.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      annotations: { title: tool.title, readOnlyHint: tool.effect === 'read', destructiveHint: false, idempotentHint: tool.effect === 'read', openWorldHint: false },
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const { name, arguments: input } = request.params;
    if (!tools.some((tool) => tool.name === name)) return { isError: true, content: [{ type: 'text' as const, text: `There is no tool named ${name}; tools/list gives them.` }] };
    try {
      const answer = await callAgentTool(name, input ?? {}, workspace);
      return answer.ok ? { content: [{ type: 'text' as const, text: answer.text }] } : { isError: true, content: [{ type: 'text' as const, text: answer.error }] };
    } catch (error) {
      // A failure of ours (a file that cannot be written, a malformed note) is the tool's error, said in full.
      const message = error instanceof Error ? error.message : String(error);
      options.log(`${name} failed: ${message}`);
      return { isError: true, content: [{ type: 'text' as const, text: `${name} failed: ${message}` }] };
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const runbooks = await workspace.runbooks();
    const incidents = await workspace.incidents();
    return {
      resources: [
        ...runbooks.map((r) => ({ uri: `${RUNBOOK_SCHEME}${encodePath(r.path)}`, name: r.path, title: `Runbook: ${r.runbook.title}`, mimeType: 'text/markdown' })),
        ...incidents.map((i) => ({ uri: `${NOTE_SCHEME}${encodeURIComponent(i.id)}`, name: i.id, title: `Incident: ${i.title}`, mimeType: 'text/markdown' })),
      ],
    };
  });

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    let file: string | undefined;
    if (uri.startsWith(RUNBOOK_SCHEME)) {
      const wanted = decodeURIComponent(uri.slice(RUNBOOK_SCHEME.length));
      file = (await workspace.runbooks()).some((r) => r.path === wanted) ? wanted : undefined;
    } else if (uri.startsWith(NOTE_SCHEME)) {
      file = await workspace.notePath(decodeURIComponent(uri.slice(NOTE_SCHEME.length)));
    }
    // Only the runbooks and notes listed: a resource URI never reads another file of the machine.
    if (!file) throw new McpError(ErrorCode.InvalidParams, `No resource ${uri}; resources/list gives them.`);
    return { contents: [{ uri, mimeType: 'text/markdown', text: await fs.readFile(path.join(options.workspace, file), 'utf8') }] };
  });
  return server;
}

function encodePath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

/** Serves on stdin/stdout until the client closes the stream. */
export async function serveMcp(options: McpOptions): Promise<void> {
  const server = createMcpServer(options);
  const closed = new Promise<void>((resolve) => (server.onclose = resolve));
  await server.connect(new StdioServerTransport());
  options.log(`incident-runbook MCP server on stdio for ${options.workspace}`);
  await closed;
}
