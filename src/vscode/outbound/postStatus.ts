// Post Status Update → Slack and Teams: the filled update is shown for editing, sent only when the responder
// says so, and queued in the outbox; the timeline records where it went once each service has it.
import * as vscode from 'vscode';
import type { Incident } from '../../core/incident/model';
import { SERVICE_NAMES } from '../../core/outbound/outbox';
import { ActionableError } from '../commands';
import type { Services } from '../services';
import { CHAT_SERVICES, type ChatService } from './outboundService';

async function connectedChats(services: Services): Promise<ChatService[]> {
  const connected = await services.outbound.connected();
  return CHAT_SERVICES.filter((s) => connected.includes(s));
}

/** The names of the connected chats, for the delivery choice ("Post to Slack and Microsoft Teams"). */
export async function chatsConnected(services: Services): Promise<string[]> {
  if (!vscode.workspace.isTrusted) return [];
  return (await connectedChats(services)).map((s) => SERVICE_NAMES[s]);
}

export async function postToChat(services: Services, incident: Incident, text: string, promisedNext: string | undefined, edited: string | undefined): Promise<{ text: string; queued: string[] } | undefined> {
  const chats = await connectedChats(services);
  if (!chats.length) {
    throw new ActionableError('No chat is connected for this workspace.', [
      { title: 'Connect Slack…', run: () => vscode.commands.executeCommand('incidentRunbook.connectSlack') },
      { title: 'Connect Teams…', run: () => vscode.commands.executeCommand('incidentRunbook.connectTeams') },
    ], 'warning');
  }
  const names = chats.map((s) => SERVICE_NAMES[s]).join(' and ');
  let final = edited;
  if (final === undefined) {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
    await vscode.window.showTextDocument(document, { preview: false });
    const choice = await vscode.window.showInformationMessage(`Edit the update in the editor if you need to, then send it to ${names}.`, `Send to ${names}`, 'Cancel');
    if (choice !== `Send to ${names}`) return undefined;
    final = document.getText();
  }
  if (!final.trim()) throw new ActionableError('The status update is empty: nothing was sent.', [], 'warning');
  services.outbound.postStatusUpdate(incident, final, chats, promisedNext);
  return { text: final, queued: chats.map((s) => SERVICE_NAMES[s]) };
}
