// The agent tools' workspace inside VS Code: the extension's own runbooks and incident store, so an agent's
// writes go through the same lock, atomic write and editor-aware edit as a person's.
import * as vscode from 'vscode';
import type { AgentWorkspace } from '../../core/agents/answers';
import { shellKindFromPath } from '../../core/shell/quote';
import { runbookPath, type Services } from '../services';

export function vscodeAgentWorkspace(services: Services): AgentWorkspace {
  const { store } = services;
  return {
    runbooks: async () => (await services.runbooks.all()).map((loaded) => ({ path: runbookPath(loaded), runbook: loaded.runbook })),
    incidents: () => store.incidents(),
    notePath: async (id) => {
      const uri = await store.uriOf(id);
      return uri && vscode.workspace.asRelativePath(uri);
    },
    create: async (incident, path) => {
      const loaded = (await services.runbooks.all()).find((r) => runbookPath(r) === path);
      const created = await store.create(incident, loaded && !loaded.bundled ? loaded.uri : undefined);
      return { incident: created.incident, path: vscode.workspace.asRelativePath(created.uri) };
    },
    update: (id, change) => store.update(id, change),
    draftPostmortem: async (incident) => {
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('incidentRunbook.generatePostmortem', { incidentId: incident.id, confirm: true, background: true });
      if (!uri) throw new Error(`No post-mortem draft was written for ${incident.id}.`);
      return vscode.workspace.asRelativePath(uri);
    },
    now: () => services.clock.now(),
    responder: () => services.responder(),
    cadence: () => services.cadence(),
    redact: (text, where) => (text ? services.redactWritten(text, where) : Promise.resolve(text)),
    shell: () => shellKindFromPath(services.settings.get('shell') || vscode.env.shell) ?? (process.platform === 'win32' ? 'pwsh' : 'bash'),
  };
}
