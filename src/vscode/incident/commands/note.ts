// Opening an incident's note, which also makes it the incident later commands act on.
import * as vscode from 'vscode';
import type { CommandTable } from '../../commands';
import type { Services } from '../../services';
import { pickIncident, type IncidentArg } from '../pickIncident';

export function noteCommands(services: Services): CommandTable {
  const { store } = services;
  return {
    'incidentRunbook.openIncidentNote': async (arg) => {
      const incident = await pickIncident(services, (arg ?? { any: true }) as IncidentArg, 'Open which incident note?');
      const uri = incident && (await store.uriOf(incident.id));
      if (!uri) return undefined;
      store.focus(incident.id);
      await vscode.window.showTextDocument(uri, { preview: false });
      return uri;
    },
  };
}
