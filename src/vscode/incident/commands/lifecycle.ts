// The lifecycle commands: each one transition of the incident (acknowledge, status, level, events, commander,
// escalation, resolve, reopen, protocol steps), asked unless its answers are given as arguments.
import * as vscode from 'vscode';
import { levelNameIn } from '../../../core/runbook/levelNames';
import * as lifecycle from '../../../core/incident/lifecycle';
import type { Incident } from '../../../core/incident/model';
import { findKnownIncident, statusChoices } from '../../../core/incident/runbookFacts';
import type { Runbook } from '../../../core/runbook/model';
import type { CommandTable } from '../../commands';
import type { Services } from '../../services';
import { confirmOverride, pickLevel } from './declare';
import { lifecycleOptions, transitionFor } from './transition';

export function lifecycleCommands(services: Services): CommandTable {
  const { store, clock } = services;
  const transition = transitionFor(services);
  return {
    'incidentRunbook.acknowledge': (arg) => transition(arg, 'Acknowledge which incident?', () => (i) => lifecycle.acknowledge(i, clock.now(), services.responder())),

    'incidentRunbook.setStatus': (arg, statusArg) =>
      transition(arg, 'Set the status of which incident?', async (i, runbook) => {
        const status = typeof statusArg === 'string' ? statusArg : await pickStatus(runbook, i);
        return status ? (current) => lifecycle.setStatus(current, status, clock.now(), lifecycleOptions(services, runbook)) : undefined;
      }),

    'incidentRunbook.changeLevel': (arg, levelArg, reasonArg, overrideArg) =>
      transition(arg, 'Change the level of which incident?', async (i, runbook) => {
        const level = typeof levelArg === 'number' ? levelArg : await pickLevel(services.settings, runbook, i.level);
        if (level === undefined) return undefined;
        const asked = typeof reasonArg === 'string' ? reasonArg : await vscode.window.showInputBox({ title: `${levelNameIn(runbook?.levels, i.level)} → ${levelNameIn(runbook?.levels, level)}`, prompt: 'Why does the level change?', validateInput: (v) => (v.trim() ? undefined : 'Say why.') });
        if (!asked) return undefined;
        const reason = await services.redactWritten(asked, 'the reason');
        let override = overrideArg === true;
        const preview = lifecycle.changeLevel(i, level, reason, clock.now(), { ...lifecycleOptions(services, runbook), override });
        if (!preview.ok && preview.error.code === 'forced-level' && !override) {
          const known = findKnownIncident(runbook, i.knownIncident);
          override = known ? await confirmOverride(known, level, runbook) : false;
          if (!override) return undefined;
        }
        return (current) => lifecycle.changeLevel(current, level, reason, clock.now(), { ...lifecycleOptions(services, runbook), override });
      }),

    'incidentRunbook.addTimelineEvent': (arg, textArg) =>
      transition(arg, 'Add an event to which incident?', async (i) => {
        const text = typeof textArg === 'string' ? textArg : await vscode.window.showInputBox({ title: `Timeline of "${i.title}"`, prompt: 'What happened?' });
        if (!text) return undefined;
        const written = await services.redactWritten(text, 'the timeline event');
        return (current) => lifecycle.addEvent(current, { kind: 'note', text: written }, clock.now());
      }),

    'incidentRunbook.handOffCommander': (arg, nameArg) =>
      transition(arg, 'Hand off which incident?', async (i) => {
        const commander = typeof nameArg === 'string' ? nameArg : await vscode.window.showInputBox({ title: `Hand off "${i.title}"`, prompt: `New incident commander (now: ${i.commander || 'unassigned'})` });
        return commander ? (current) => lifecycle.handOff(current, commander, clock.now()) : undefined;
      }),

    'incidentRunbook.escalate': (arg, levelArg) =>
      transition(arg, 'Escalate which incident?', async (i, runbook) => {
        const label = typeof levelArg === 'string' ? levelArg : await pickEscalation(runbook, i);
        return label ? (current) => lifecycle.escalate(current, label, clock.now(), lifecycleOptions(services, runbook)) : undefined;
      }),

    'incidentRunbook.resolve': async (arg, summaryArg) => {
      const resolved = await transition(arg, 'Resolve which incident?', async (i, runbook) => {
        const how = typeof summaryArg === 'string' ? summaryArg : await vscode.window.showInputBox({ title: `Resolve "${i.title}"`, prompt: 'How was it resolved? (optional)' });
        if (how === undefined) return undefined;
        const written = await services.redactWritten(how, 'the resolve summary');
        return (current) => lifecycle.resolve(current, clock.now(), written, lifecycleOptions(services, runbook));
      });
      if (resolved && typeof summaryArg !== 'string') {
        void vscode.window.showInformationMessage(`Resolved: ${resolved.title}`, 'Generate Post-mortem Draft').then((choice) => {
          if (choice) void vscode.commands.executeCommand('incidentRunbook.generatePostmortem', { incidentId: resolved.id });
        });
      }
      return resolved;
    },

    'incidentRunbook.reopen': async (arg, reasonArg) => {
      const resolved = (await store.incidents()).filter((i) => i.resolved !== null);
      return transition(arg ?? (resolved.length === 1 ? { incidentId: resolved[0].id } : { resolved: true }), 'Reopen which incident?', async (i, runbook) => {
        const asked = typeof reasonArg === 'string' ? reasonArg : await vscode.window.showInputBox({ title: `Reopen "${i.title}"`, prompt: 'Why is it reopened?' });
        if (asked === undefined) return undefined;
        const why = await services.redactWritten(asked, 'the reason');
        return (current) => lifecycle.reopen(current, why, clock.now(), lifecycleOptions(services, runbook));
      });
    },

    // (incident, index) flips the step; (incident, index, done, text) sets it, as the tree's checkbox does.
    'incidentRunbook.toggleProtocolStep': async (arg, indexArg, doneArg, textArg) => {
      const index = typeof indexArg === 'number' ? indexArg : (arg as { index?: number } | undefined)?.index;
      if (index === undefined) return undefined;
      const text = typeof textArg === 'string' ? textArg : undefined;
      return transition(arg, '', () => (current) =>
        typeof doneArg === 'boolean' ? lifecycle.setProtocolStep(current, { index, text }, doneArg, clock.now()) : lifecycle.toggleProtocolStep(current, index, clock.now()),
      );
    },

  };
}

async function pickStatus(runbook: Runbook | null, incident: Incident): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    statusChoices(runbook).map((s) => ({ label: s, description: s === incident.status ? 'current' : undefined })),
    { title: `Status of "${incident.title}"` },
  );
  return picked?.label;
}

async function pickEscalation(runbook: Runbook | null, incident: Incident): Promise<string | undefined> {
  const rules = runbook?.escalation ?? [];
  if (rules.length === 0) return vscode.window.showInputBox({ title: 'Escalate', prompt: 'Escalation level (e.g. L2)' });
  const picked = await vscode.window.showQuickPick(
    rules.map((r) => ({ label: r.level, description: r.contact, detail: r.when + (incident.escalations.includes(r.level) ? ' — already reached' : '') })),
    { title: `Escalate "${incident.title}"` },
  );
  return picked?.label;
}
