// PagerDuty Events API v2 (POST /v2/enqueue), our own types written from the published OpenAPI
// (PagerDuty/api-schema, reference/events-v2/openapiv3.json: required routing_key and event_action, dedup_key
// required unless the action is trigger, payload's required summary/source/severity and the two enums, links'
// required href of format url) and the limits its developer docs state beside it (PagerDuty/developer-docs,
// docs/events-API-v2/02-Trigger-Events.md: a 32-character routing key, dedup_key ≤ 255 and summary ≤ 1024
// characters; 01-Overview.md: a payload of at most 512 KB). The OpenAPI itself states no length.
import type { Incident } from '../incident/model';
import type { RelatedLink } from '../runbook/model';
import { levelNameIn, type LevelList } from '../runbook/levelNames';
import { checkShape, jsonBytes, type Shape } from './shape';

export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type PagerDutySeverity = (typeof PAGERDUTY_SEVERITIES)[number];
export const PAGERDUTY_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
export type PagerDutyAction = (typeof PAGERDUTY_ACTIONS)[number];

/** payload.summary's limit: PagerDuty cuts longer ones, so we cut first, visibly. */
export const SUMMARY_MAX = 1024;
export const DEDUP_KEY_MAX = 255;
/** The whole event's limit ("Events API payloads are limited to 512 KB"). */
export const EVENT_MAX_BYTES = 512 * 1024;
/** The impact in custom_details is a person's text of any length: cut so the event stays far below its limit. */
export const IMPACT_MAX = 4096;

export interface PagerDutyLink {
  href: string;
  text?: string;
}

export interface PagerDutyPayload {
  summary: string;
  source: string;
  severity: PagerDutySeverity;
  timestamp?: string;
  component?: string;
  group?: string;
  class?: string;
  custom_details?: Record<string, unknown>;
}

/** The event as it is queued: everything but the routing key, which stays in SecretStorage until the send. */
export interface PagerDutyEventBody {
  event_action: PagerDutyAction;
  dedup_key: string;
  payload?: PagerDutyPayload;
  client?: string;
  links?: PagerDutyLink[];
}

export interface PagerDutyEvent extends PagerDutyEventBody {
  routing_key: string;
}

// `format: url`: an absolute http(s) address (a workspace path is not one).
const HTTP_URL = /^https?:\/\/[^\s/]+/i;
const linkShape: Shape = { type: 'object', required: ['href'], properties: { href: { type: 'string', pattern: HTTP_URL }, text: { type: 'string' } } };
/** The spec sets no number; a page carries the runbook's few documents, not a list to scroll. */
export const LINKS_MAX = 10;

/** The request schema of /v2/enqueue, as far as we send it. */
export const pagerDutyEventShape: Shape = {
  type: 'object',
  required: ['routing_key', 'event_action'],
  properties: {
    routing_key: { type: 'string', minLength: 32, maxLength: 32 },
    event_action: { type: 'string', enum: PAGERDUTY_ACTIONS },
    dedup_key: { type: 'string', minLength: 1, maxLength: DEDUP_KEY_MAX },
    client: { type: 'string' },
    links: { type: 'array', items: linkShape },
    payload: {
      type: 'object',
      required: ['summary', 'source', 'severity'],
      properties: {
        summary: { type: 'string', minLength: 1, maxLength: SUMMARY_MAX },
        source: { type: 'string', minLength: 1 },
        severity: { type: 'string', enum: PAGERDUTY_SEVERITIES },
        timestamp: { type: 'string', pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/ },
        component: { type: 'string' },
        group: { type: 'string' },
        class: { type: 'string' },
        custom_details: { type: 'object' },
      },
    },
  },
};

/** What the spec adds beyond the shape: a trigger needs a payload; acknowledge and resolve need the dedup key. */
export function checkPagerDutyEvent(event: unknown): string[] {
  const problems = checkShape(event, pagerDutyEventShape);
  const e = event as Partial<PagerDutyEvent> | null;
  if (e && typeof e === 'object') {
    if (e.event_action === 'trigger' && e.payload === undefined) problems.push('payload: required for a trigger');
    if ((e.event_action === 'acknowledge' || e.event_action === 'resolve') && !e.dedup_key) problems.push(`dedup_key: required for ${e.event_action}`);
  }
  const bytes = jsonBytes(event);
  if (bytes > EVENT_MAX_BYTES) problems.push(`(body): at most ${EVENT_MAX_BYTES} bytes (has ${bytes})`);
  return problems;
}

/** A routing key (an Events API v2 integration key) is 32 letters and digits. */
export function routingKeyProblem(key: string): string | undefined {
  const trimmed = key.trim();
  if (/^[A-Za-z0-9]{32}$/.test(trimmed)) return undefined;
  if (/^https?:/i.test(trimmed)) return 'That is a URL; PagerDuty needs the integration key (32 letters and digits) of an Events API v2 integration.';
  return `A routing key is 32 letters and digits (this is ${trimmed.length} characters${/[^A-Za-z0-9]/.test(trimmed) ? ' and holds others' : ''}): copy the Integration Key of the service's Events API v2 integration.`;
}

/** Cuts to `max` code points (never a surrogate half), ending with an ellipsis when cut. */
export function cut(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : points.slice(0, max - 1).join('') + '…';
}

export interface TriggerContext {
  severity: PagerDutySeverity;
  /** Where the event comes from (PagerDuty requires one): the workspace's name. */
  source: string;
  /** The note's workspace-relative path. */
  notePath: string;
  /** Set when the severity comes from the default mapping, which custom_details then says. */
  severityIsDefault: boolean;
  links?: PagerDutyLink[];
  /** The incident's runbook's levels: the page names the level as the runbook does ("P1", "Critical"). */
  levels?: LevelList;
}

const CLIENT = 'Incident Runbook (VS Code)';

/** The trigger for an incident: dedup_key is the incident id, so acknowledge and resolve find the same alert. */
export function triggerEvent(incident: Incident, context: TriggerContext): PagerDutyEventBody {
  const details: Record<string, unknown> = {
    level: levelNameIn(context.levels, incident.level),
    status: incident.status,
    commander: incident.commander || 'unassigned',
    runbook: incident.runbook || 'none',
    known_incident: incident.knownIncident ?? 'none',
    note: context.notePath,
  };
  if (context.levels?.find((l) => l.level === incident.level)?.origin === 'default') details.level_origin = 'default levels (the runbook defines none)';
  if (context.severityIsDefault) details.severity_mapping = 'default (setting incidentRunbook.pagerDuty.severities not set)';
  if (incident.impact) details.impact = cut(incident.impact, IMPACT_MAX);
  return {
    event_action: 'trigger',
    dedup_key: cut(incident.id, DEDUP_KEY_MAX),
    payload: {
      summary: cut(incident.title.replace(/\s+/g, ' ').trim() || incident.id, SUMMARY_MAX),
      source: cut(context.source || 'incident-runbook', SUMMARY_MAX),
      severity: context.severity,
      timestamp: incident.declared,
      custom_details: details,
    },
    client: CLIENT,
    ...(context.links?.length ? { links: context.links } : {}),
  };
}

/** The runbook's related documents a responder can open from PagerDuty: the absolute http(s) ones, as written. */
export function runbookLinks(links: readonly RelatedLink[]): PagerDutyLink[] {
  return links
    .filter((link) => HTTP_URL.test(link.href.trim()))
    .slice(0, LINKS_MAX)
    .map((link) => ({ href: link.href.trim(), ...(link.text.trim() ? { text: cut(link.text.trim(), 256) } : {}) }));
}

/** acknowledge and resolve carry only the dedup key (the spec ignores a payload on them). */
export function followUpEvent(action: 'acknowledge' | 'resolve', incident: Incident): PagerDutyEventBody {
  return { event_action: action, dedup_key: cut(incident.id, DEDUP_KEY_MAX) };
}

/** The severity for a level from the mapping setting; undefined when the mapping has none (nothing is guessed). */
export function severityFor(level: number, mapping: Record<string, unknown>): PagerDutySeverity | undefined {
  const value = mapping[String(level)];
  return PAGERDUTY_SEVERITIES.find((s) => s === value);
}

/**
 * What a service's refusal says, for the person and the timeline: PagerDuty's 400 (`{ status, message, errors }`),
 * a Workflows error (`{ error: { code, message } }`), or Slack's plain-text answer (`invalid_blocks`), cut.
 */
export function answerMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: unknown; error?: { code?: unknown; message?: unknown } };
    const errors = Array.isArray(parsed.errors) ? parsed.errors.filter((e): e is string => typeof e === 'string') : [];
    const nested = parsed.error && typeof parsed.error === 'object' ? [parsed.error.code, parsed.error.message].filter((v): v is string => typeof v === 'string').join(': ') : '';
    const message = typeof parsed.message === 'string' ? parsed.message : '';
    const text = [message, errors.join('; '), nested].filter(Boolean).join(': ');
    if (text) return cut(text, 500);
  } catch {
    // Not JSON: the body as it came (cut).
  }
  return cut(body.trim() || 'no message', 500);
}

/**
 * The PagerDuty events a note write calls for, from the incident before and after it (`before` undefined: just
 * declared). `paged`: a trigger was already queued for this incident. A trigger goes when an incident is declared
 * at, changed to or escalated at a level that pages, or reopened while paged; a paged incident's level change is
 * sent as a trigger again (PagerDuty folds it into the same alert by its dedup key, with the new severity);
 * acknowledge and resolve go only for an incident that was paged.
 */
export function pagerDutyActionsFor(before: Incident | undefined, after: Incident, paged: boolean, pages: (level: number) => boolean): PagerDutyAction[] {
  const open = after.resolved === null;
  if (!before) return open && pages(after.level) ? ['trigger'] : [];
  const actions: PagerDutyAction[] = [];
  const reopened = before.resolved !== null && open;
  const levelChanged = before.level !== after.level;
  const escalated = after.escalations.length > before.escalations.length;
  if (open && pages(after.level) && (reopened || levelChanged || (escalated && !paged))) actions.push('trigger');
  const nowPaged = paged || actions.length > 0;
  if (nowPaged && !reopened && before.acknowledged === null && after.acknowledged !== null) actions.push('acknowledge');
  if (nowPaged && before.resolved === null && after.resolved !== null) actions.push('resolve');
  return actions;
}
