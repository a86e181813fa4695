// Post Status Update: the runbook's template filled from the incident, copied or opened, and the update clock restarted.
import * as vscode from 'vscode';
import * as lifecycle from '../../../core/incident/lifecycle';
import { fillStatusTemplate } from '../../../core/incident/statusUpdate';
import type { CommandTable } from '../../commands';
import type { Services } from '../../services';
import { pickIncident, type IncidentArg } from '../pickIncident';
import { lifecycleOptions, transitionFor } from './transition';

export function statusUpdateCommands(services: Services): CommandTable {
  const { store, clock } = services;
  const transition = transitionFor(services);
  return {
    'incidentRunbook.postStatusUpdate': async (arg, deliveryArg) => {
      const incident = await pickIncident(store, arg as IncidentArg, 'Post an update for which incident?');
      if (!incident) return undefined;
      const runbook = (await services.runbookOf(incident))?.runbook ?? null;
      const text = fillStatusTemplate(runbook?.template ?? null, incident, runbook, clock.now());
      const fromRunbook = runbook?.template != null && runbook.template.origin !== 'default';
      const delivery = typeof deliveryArg === 'string' ? deliveryArg : await pickDelivery(fromRunbook);
      if (!delivery) return undefined;
      if (delivery === 'copy') {
        await vscode.env.clipboard.writeText(text);
      } else if (delivery === 'open') {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: text }));
      }
      const updated = await transition({ incidentId: incident.id }, '', () => (current) => lifecycle.recordStatusUpdate(current, clock.now(), lifecycleOptions(services, runbook)));
      if (delivery === 'copy') void vscode.window.showInformationMessage('Status update copied to the clipboard; the update clock restarted.');
      return { text, incident: updated };
    },

  };
}

async function pickDelivery(fromRunbook: boolean): Promise<'copy' | 'open' | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: '$(copy) Copy to clipboard', value: 'copy' as const },
      { label: '$(go-to-file) Open in an editor', value: 'open' as const },
    ],
    { title: 'Post status update', placeHolder: fromRunbook ? 'The update is filled from the runbook’s template' : 'The update is filled from the default template (the runbook has none)' },
  );
  return picked?.value;
}
