// Post Status Update: the runbook's template filled from the incident, then copied or opened as a draft, or recorded
// as posted. Nothing here sends it, so only the responder saying it went out ("I posted it") records a post and
// restarts the update clock; a copy or an editor records a draft and leaves the clock alone.
import * as vscode from 'vscode';
import * as lifecycle from '../../../core/incident/lifecycle';
import { statusUpdateAt } from '../../../core/incident/statusUpdate';
import { canonicalIso, formatUtc } from '../../../core/incident/time';
import type { CommandTable } from '../../commands';
import type { Services } from '../../services';
import { pickIncident, type IncidentArg } from '../pickIncident';
import { chatsConnected, postToChat } from '../../outbound/postStatus';
import { lifecycleOptions, transitionFor } from './transition';

/** 'posted': the responder posted it (or posts it by other means); 'none' is the older name for it. */
type Delivery = 'copy' | 'open' | 'posted' | 'chat';

const POSTED_ACTION = 'I posted it';

export function statusUpdateCommands(services: Services): CommandTable {
  const { clock } = services;
  const transition = transitionFor(services);
  return {
    /**
     * Arguments: the incident, the delivery ('copy' | 'open' | 'posted'), and for 'posted' the next update the posted
     * text promised (UTC ISO, from an earlier draft), which the clock then follows. 'chat' posts to the connected
     * Slack and Teams: the text is shown for editing first, unless the edited text is given (4th argument).
     */
    'incidentRunbook.postStatusUpdate': async (arg, deliveryArg, promisedArg, editedArg) => {
      const incident = await pickIncident(services, arg as IncidentArg, 'Post an update for which incident?');
      if (!incident) return undefined;
      const runbook = (await services.runbookOf(incident))?.runbook ?? null;
      const options = lifecycleOptions(services, runbook);
      // One moment for the text and the clock, so the "Next Update" it promises is where the clock goes.
      const now = clock.now();
      const filled = statusUpdateAt(runbook?.template ?? null, incident, runbook, now, options);
      const { promisedNext } = filled;
      // Copied or opened, it goes where the team reads it: no secret from the incident's text goes with it.
      const text = await services.redactWritten(filled.text, 'the status update');
      const fromRunbook = runbook?.template != null && runbook.template.origin !== 'default';
      const delivery = deliveryOf(deliveryArg) ?? (await pickDelivery(fromRunbook, await chatsConnected(services)));
      if (!delivery) return undefined;
      if (delivery === 'chat') return postToChat(services, incident, text, promisedNext ?? undefined, typeof editedArg === 'string' ? editedArg : undefined);
      if (delivery === 'posted') {
        const promised = (typeof promisedArg === 'string' && canonicalIso(promisedArg)) || undefined;
        const updated = await transition({ incidentId: incident.id }, '', () => (current) => lifecycle.recordStatusUpdate(current, now, options, promised));
        return { text, incident: updated, posted: true };
      }
      if (delivery === 'copy') await vscode.env.clipboard.writeText(text);
      else await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: text }));
      const where = delivery === 'copy' ? 'copied to the clipboard' : 'opened in an editor';
      const drafted = await transition({ incidentId: incident.id }, '', () => (current) => lifecycle.recordStatusDraft(current, now, where, promisedNext));
      const promise = promisedNext ? `; it says the next update comes by ${formatUtc(promisedNext)}, where the clock will be` : '';
      void vscode.window
        .showInformationMessage(`Status update ${where}. Post it, then say so to restart the update clock${promise}.`, POSTED_ACTION)
        .then((choice) => {
          if (choice === POSTED_ACTION) void vscode.commands.executeCommand('incidentRunbook.postStatusUpdate', { incidentId: incident.id }, 'posted', promisedNext ?? undefined);
        });
      return { text, incident: drafted, posted: false };
    },
  };
}

function deliveryOf(arg: unknown): Delivery | undefined {
  if (arg === 'none') return 'posted';
  return arg === 'copy' || arg === 'open' || arg === 'posted' || arg === 'chat' ? arg : undefined;
}

async function pickDelivery(fromRunbook: boolean, chats: string[]): Promise<Delivery | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      ...(chats.length ? [{ label: `$(send) Post to ${chats.join(' and ')}`, description: 'shown for editing before it goes', value: 'chat' as const }] : []),
      { label: '$(copy) Copy to clipboard', description: 'a draft to paste where your team reads updates', value: 'copy' as const },
      { label: '$(go-to-file) Open in an editor', description: 'a draft to edit first', value: 'open' as const },
      { label: '$(check) I posted it', description: 'record the update as posted and restart the update clock', value: 'posted' as const },
    ],
    { title: 'Post status update', placeHolder: fromRunbook ? 'The update is filled from the runbook’s template' : 'The update is filled from the default template (the runbook has none)' },
  );
  return picked?.value;
}
