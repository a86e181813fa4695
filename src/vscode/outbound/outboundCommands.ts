// Connect PagerDuty…, Slack…, Teams… (a masked input, checked, a test send, then SecretStorage), Disconnect, and
// Retry / Discard of what waits in the outbox. Each takes its answers as arguments too (tests, keybindings).
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { settingId } from '../../config';
import { slackMessage, teamsMessage } from '../../core/outbound/chat';
import { SERVICE_NAMES, type OutboundService as Service, type SendOutcome } from '../../core/outbound/outbox';
import { routingKeyProblem } from '../../core/outbound/pagerduty';
import { eventsUrlProblem, postJson, slackWebhookProblem, teamsWebhookProblem } from '../../node/outbound';
import { ActionableError, manageTrustAction, type CommandTable } from '../commands';
import { runbookPath, type Services } from '../services';

interface Connection {
  prompt: string;
  placeHolder: string;
  problem(value: string): string | undefined;
  /** The test sends: what the service is sent to prove the secret works. */
  test(secret: string): Promise<SendOutcome>;
}

function connections(services: Services): Record<Service, Connection> {
  const { settings } = services;
  const source = (): string => vscode.workspace.name ?? 'VS Code workspace';
  return {
    pagerduty: {
      prompt: "The Integration Key of the service's Events API v2 integration (PagerDuty → Service → Integrations). Kept in VS Code's secret storage for this workspace.",
      placeHolder: '32 letters and digits',
      problem: (value) => routingKeyProblem(value) ?? eventsUrlProblem(settings.get('pagerDuty.eventsUrl')),
      // An alert that opens and resolves at once, at severity info: proof the key routes, without paging anyone for long.
      async test(routingKey) {
        const url = settings.get('pagerDuty.eventsUrl');
        const dedupKey = `incident-runbook-connection-test-${randomUUID()}`;
        const trigger = await postJson(url, {
          routing_key: routingKey,
          event_action: 'trigger',
          dedup_key: dedupKey,
          payload: { summary: 'Incident Runbook connection test (resolved at once)', source: source(), severity: 'info' },
          client: 'Incident Runbook (VS Code)',
        });
        if (trigger.kind !== 'sent') return trigger;
        return postJson(url, { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey });
      },
    },
    slack: {
      prompt: "The Webhook URL from your Slack app's Incoming Webhooks page (it is itself the secret). Kept in VS Code's secret storage for this workspace.",
      placeHolder: 'https://hooks.slack.com/services/T…/B…/…',
      problem: (value) => slackWebhookProblem(value, settings.get('slack.webhookOrigin')),
      test: (url) => postJson(url, slackMessage('Incident Runbook is connected', `Status updates posted from the VS Code workspace ${source()} will appear here.`)),
    },
    teams: {
      prompt: 'The URL of a Teams workflow "Post to a channel when a webhook request is received" (it is itself the secret). Kept in VS Code\'s secret storage for this workspace.',
      placeHolder: 'https://….logic.azure.com/workflows/…/triggers/manual/paths/invoke?…&sig=…',
      problem: (value) => teamsWebhookProblem(value, settings.get('teams.webhookOrigins')),
      test: (url) => postJson(url, teamsMessage('Incident Runbook is connected', `Status updates posted from the VS Code workspace ${source()} will appear here.`)),
    },
  };
}

function outcomeText(outcome: SendOutcome): string {
  return outcome.kind === 'http' ? `HTTP ${outcome.status}: ${outcome.message}` : outcome.kind === 'sent' ? 'sent' : outcome.message;
}

/** Ids of the outbox items a tree node stands for: one item, or every item of an incident (its "waiting" row). */
function itemIds(services: Services, arg: unknown): string[] {
  const a = (arg ?? {}) as { itemId?: unknown; incidentId?: unknown; incident?: { id?: unknown } };
  if (typeof a.itemId === 'string') return [a.itemId];
  const incidentId = typeof a.incidentId === 'string' ? a.incidentId : a.incident?.id;
  return typeof incidentId === 'string' ? services.outbound.itemsOf(incidentId).map((i) => i.id) : [];
}

export function outboundCommands(services: Services): CommandTable {
  const { outbound, log } = services;
  const table = connections(services);

  /** For PagerDuty: the workspace's key (undefined) or one runbook's; asked when the workspace has several runbooks. */
  const routingScope = async (runbookArg: unknown, keyGiven: boolean): Promise<{ runbook?: string } | undefined> => {
    // A key given as an argument is the workspace's unless a runbook is given with it: a caller is never asked.
    if (keyGiven || runbookArg !== undefined) return typeof runbookArg === 'string' ? { runbook: runbookArg } : {};
    const runbooks = (await services.runbooks.all()).filter((r) => !r.bundled);
    if (runbooks.length < 2) return {};
    const picked = await vscode.window.showQuickPick(
      [{ label: 'Every runbook in this workspace', runbook: undefined as string | undefined }, ...runbooks.map((r) => ({ label: runbookPath(r), description: 'its own PagerDuty service', runbook: runbookPath(r) as string | undefined }))],
      { title: 'Connect PagerDuty', placeHolder: 'Which incidents page with this key? A runbook with its own key uses it; the others use the workspace key.' },
    );
    return picked && { runbook: picked.runbook };
  };

  const connect = async (service: Service, secretArg: unknown, testArg: unknown, runbookArg?: unknown): Promise<boolean | undefined> => {
    const name = SERVICE_NAMES[service];
    if (!vscode.workspace.isTrusted) throw new ActionableError(`Nothing is sent from a workspace you have not trusted, so ${name} cannot be connected here.`, [manageTrustAction], 'warning');
    const connection = table[service];
    const value =
      typeof secretArg === 'string'
        ? secretArg
        : await vscode.window.showInputBox({ title: `Connect ${name}`, prompt: connection.prompt, placeHolder: connection.placeHolder, password: true, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? connection.problem(v) : undefined) });
    if (!value?.trim()) return undefined;
    const problem = connection.problem(value);
    if (problem) throw new ActionableError(`${name} was not connected: ${problem}`);
    const secret = value.trim();
    const test =
      typeof testArg === 'boolean'
        ? testArg
        : await vscode.window
            .showInformationMessage(
              service === 'pagerduty' ? 'Send a test event? PagerDuty opens an info-level alert on the service and resolves it at once.' : `Post a test message to the ${name} channel?`,
              { modal: true },
              'Send Test',
              'Connect Without a Test',
            )
            .then((choice) => (choice === undefined ? undefined : choice === 'Send Test'));
    if (test === undefined) return undefined;
    const scope = service === 'pagerduty' ? await routingScope(runbookArg, typeof secretArg === 'string') : {};
    if (!scope) return undefined;
    if (test) {
      const outcome = await connection.test(secret);
      if (outcome.kind !== 'sent') throw new ActionableError(`The test send to ${name} failed (${outcomeText(outcome)}); nothing was saved. Check the ${service === 'pagerduty' ? `key and ${settingId('pagerDuty.eventsUrl')}` : 'URL'} and connect again.`);
    }
    await outbound.storeSecret(service, secret, scope.runbook);
    const forWhat = scope.runbook ? `the runbook ${scope.runbook}` : 'this workspace';
    log.info(`${name} connected for ${forWhat}${test ? ' (test send delivered)' : ''}.`);
    void vscode.window.showInformationMessage(`${name} is connected for ${forWhat}${test ? '; the test send was delivered' : ''}.`);
    return true;
  };

  return {
    // (key, test, runbook path as notes name it: that runbook's own key; without one, the workspace's)
    'incidentRunbook.connectPagerDuty': (secret, test, runbook) => connect('pagerduty', secret, test, runbook),
    'incidentRunbook.connectSlack': (secret, test) => connect('slack', secret, test),
    'incidentRunbook.connectTeams': (secret, test) => connect('teams', secret, test),

    // (service, runbook path for that runbook's own PagerDuty key)
    'incidentRunbook.disconnect': async (serviceArg, runbookArg) => {
      const connected: Array<{ label: string; service: Service; runbook?: string }> = [
        ...(await outbound.connected()).map((s) => ({ label: SERVICE_NAMES[s], service: s })),
        ...outbound.runbooksWithKeys().map((runbook) => ({ label: `PagerDuty for ${runbook}`, service: 'pagerduty' as const, runbook })),
      ];
      const picked =
        typeof serviceArg === 'string' && serviceArg in SERVICE_NAMES
          ? { service: serviceArg as Service, runbook: typeof runbookArg === 'string' ? runbookArg : undefined }
          : await vscode.window.showQuickPick(connected, { title: 'Disconnect', placeHolder: connected.length ? 'Its key or webhook URL is removed from the secret storage' : 'Nothing is connected' });
      if (!picked) return undefined;
      await outbound.deleteSecret(picked.service, picked.runbook);
      const name = `${SERVICE_NAMES[picked.service]}${picked.runbook ? ` for ${picked.runbook}` : ''}`;
      log.info(`${name} disconnected.`);
      void vscode.window.showInformationMessage(`${name} is disconnected: its secret is removed. Sends still waiting for it fail unless you connect again.`);
      return true;
    },

    'incidentRunbook.retrySend': (arg) => {
      const ids = itemIds(services, arg);
      outbound.retry(ids);
      return ids.length;
    },

    'incidentRunbook.discardSend': async (arg, confirmArg) => {
      const ids = itemIds(services, arg);
      if (!ids.length) return 0;
      const confirmed = confirmArg === true || (await vscode.window.showWarningMessage(`Discard ${ids.length === 1 ? 'this send' : `these ${ids.length} sends`}? ${ids.length === 1 ? 'It' : 'They'} will never go.`, { modal: true }, 'Discard')) === 'Discard';
      if (!confirmed) return 0;
      outbound.discard(ids);
      return ids.length;
    },
  };
}
