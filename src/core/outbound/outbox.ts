// The outbox: every outbound event waits here (persisted by the glue) until its service has it. A pure state
// machine over plain data with the time passed in, so its order, retry and give-up rules are tested with a
// fixed clock. Rules: per incident and service, one send at a time and in the order queued (PagerDuty must get
// trigger before acknowledge before resolve; Slack's outage never holds a page); a network error, a timeout,
// 408, 429 and 5xx are retried with exponential backoff (PagerDuty's published guidance for the Events API;
// a Retry-After is honoured); any other 4xx (400 with its `errors`) is final at once; a send is given up after
// MAX_ANSWERED_ATTEMPTS answered failures, or when it is older than MAX_AGE_MS (a day offline still delivers).
// A page can be 'held' for the person's confirmation: it holds its queue (what follows it waits) until it is
// released (retry) or discarded.

export type OutboundService = 'pagerduty' | 'slack' | 'teams';

export const SERVICE_NAMES: Record<OutboundService, string> = { pagerduty: 'PagerDuty', slack: 'Slack', teams: 'Microsoft Teams' };

export interface OutboxItem {
  id: string;
  incidentId: string;
  service: OutboundService;
  /** What it is, for the tree and the timeline: "trigger", "acknowledge", "resolve", "status update". */
  what: string;
  /** The JSON body without any secret (the routing key or webhook URL is added at the send). */
  body: unknown;
  queued: string;
  /** Epoch ms before which it is not tried again. */
  notBefore: number;
  attempts: number;
  /** Failures the service answered (5xx, 429); network errors do not count toward giving up. */
  answeredFailures: number;
  lastError?: string;
  /** Failed for want of the service's secret: sent again when it is connected. */
  awaitsConnection?: boolean;
  /**
   * 'failed': given up or refused; kept (shown with Retry and Discard) until the person decides. 'held': waits for
   * the person to confirm it (a page), and holds what follows it in its queue.
   */
  state: 'pending' | 'failed' | 'held';
  /** A held trigger of an incident not paged before: discarding it leaves the incident unpaged. */
  firstPage?: boolean;
  /** The runbook (as the note names it) whose own routing key a page uses, when it has one. */
  runbook?: string;
  /** A status update: the items of one post share `group`; the first delivered restarts the update clock. */
  post?: { group: string; promisedNext?: string; clockRestarted?: boolean };
}

export interface Outbox {
  items: OutboxItem[];
}

export type SendOutcome =
  | { kind: 'sent'; status: number }
  | { kind: 'http'; status: number; message: string; retryAfterMs?: number }
  | { kind: 'network'; message: string }
  /** Not sent, for a reason found here (a body its schema refuses): final, like a 400. */
  | { kind: 'local'; message: string }
  /** Not sent: the service's secret is missing here. Failed until the person connects it, then sent (retryUnconnected). */
  | { kind: 'unconnected'; message: string };

export type Settled = { kind: 'sent' | 'retrying' | 'failed'; item: OutboxItem; why?: string };

export const BASE_BACKOFF_MS = 2_000;
export const MAX_BACKOFF_MS = 5 * 60_000;
export const MAX_ANSWERED_ATTEMPTS = 8;
export const MAX_AGE_MS = 24 * 60 * 60_000;

export const emptyOutbox = (): Outbox => ({ items: [] });

export function enqueue(outbox: Outbox, item: Omit<OutboxItem, 'notBefore' | 'attempts' | 'answeredFailures' | 'state'>, now: number, held = false): Outbox {
  return { items: [...outbox.items, { ...item, notBefore: now, attempts: 0, answeredFailures: 0, state: held ? 'held' : 'pending' }] };
}

const queueOf = (item: OutboxItem): string => `${item.incidentId}\u0000${item.service}`;

/** The first waiting (pending or held) item of each queue; a failed one no longer holds its queue. */
function heads(outbox: Outbox): OutboxItem[] {
  const first = new Map<string, OutboxItem>();
  for (const item of outbox.items) if (item.state !== 'failed' && !first.has(queueOf(item))) first.set(queueOf(item), item);
  return [...first.values()];
}

/** The items to send now: the head of each queue, when it is pending and its time has come. */
export function due(outbox: Outbox, now: number): OutboxItem[] {
  return heads(outbox).filter((item) => item.state === 'pending' && item.notBefore <= now);
}

/** When the next queue head becomes due (epoch ms), or undefined when nothing waits (a held head waits for a person). */
export function nextWake(outbox: Outbox, now: number): number | undefined {
  const times = heads(outbox)
    .filter((i) => i.state === 'pending')
    .map((i) => Math.max(now, i.notBefore));
  return times.length ? Math.min(...times) : undefined;
}

export function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

/** Applies a send's outcome: a sent item leaves; a retryable failure waits its backoff; a final one is 'failed'. */
export function settle(outbox: Outbox, id: string, outcome: SendOutcome, now: number): { outbox: Outbox; settled?: Settled } {
  const item = outbox.items.find((i) => i.id === id);
  // Discarded while it was in flight: nothing to do.
  if (!item) return { outbox };
  if (outcome.kind === 'sent') {
    // The post's other items are told the clock was restarted, so only the first delivery restarts it.
    const rest = outbox.items.filter((i) => i.id !== id).map((i) => (item.post && i.post?.group === item.post.group ? { ...i, post: { ...i.post, clockRestarted: true } } : i));
    return { outbox: { items: rest }, settled: { kind: 'sent', item } };
  }
  const attempts = item.attempts + 1;
  const answered = outcome.kind === 'http';
  const why = outcome.kind === 'http' ? `HTTP ${outcome.status}: ${outcome.message}` : outcome.message;
  if (outcome.kind === 'local' || outcome.kind === 'unconnected') {
    const failed: OutboxItem = { ...item, attempts, lastError: why, state: 'failed', ...(outcome.kind === 'unconnected' ? { awaitsConnection: true } : {}) };
    return { outbox: { items: outbox.items.map((i) => (i.id === id ? failed : i)) }, settled: { kind: 'failed', item: failed, why: `not sent: ${why}` } };
  }
  const answeredFailures = item.answeredFailures + (answered ? 1 : 0);
  const retryable = outcome.kind === 'network' || isRetryable(outcome.status);
  const tooOld = now - Date.parse(item.queued) > MAX_AGE_MS;
  let next: OutboxItem;
  let settled: Settled;
  if (!retryable) {
    next = { ...item, attempts, answeredFailures, lastError: why, state: 'failed' };
    settled = { kind: 'failed', item: next, why: `refused (${why}); not retried` };
  } else if (answeredFailures >= MAX_ANSWERED_ATTEMPTS || tooOld) {
    next = { ...item, attempts, answeredFailures, lastError: why, state: 'failed' };
    settled = { kind: 'failed', item: next, why: `gave up after ${attempts} attempt(s)${tooOld ? ' over a day' : ''}; last: ${why}` };
  } else {
    const wait = Math.max(backoffMs(attempts), outcome.kind === 'http' ? Math.min(outcome.retryAfterMs ?? 0, MAX_BACKOFF_MS) : 0);
    next = { ...item, attempts, answeredFailures, lastError: why, notBefore: now + wait };
    settled = { kind: 'retrying', item: next, why };
  }
  return { outbox: { items: outbox.items.map((i) => (i.id === id ? next : i)) }, settled };
}

/** Retry: a failed, waiting or held item is tried again now, its give-up count started over (a held page goes). */
export function retry(outbox: Outbox, id: string, now: number): Outbox {
  return { items: outbox.items.map((i) => (i.id === id ? retried(i, now) : i)) };
}

function retried(item: OutboxItem, now: number): OutboxItem {
  const { awaitsConnection: _, ...rest } = item;
  return { ...rest, state: 'pending', notBefore: now, answeredFailures: 0, queued: new Date(now).toISOString() };
}

/**
 * A connection made: the sends of `service` that failed for want of it go now. `runbook` set: only that runbook's
 * pages (its own routing key); else every one of the service's (the workspace's key serves them all).
 */
export function retryUnconnected(outbox: Outbox, service: OutboundService, now: number, runbook?: string): Outbox {
  const waiting = (i: OutboxItem): boolean => i.state === 'failed' && i.awaitsConnection === true && i.service === service && (runbook === undefined || i.runbook === runbook);
  return { items: outbox.items.map((i) => (waiting(i) ? retried(i, now) : i)) };
}

/**
 * Drops the item. A PagerDuty trigger that never went takes with it the acknowledge and resolve queued behind it:
 * they would refer to an alert that was never opened.
 */
export function discard(outbox: Outbox, id: string): Outbox {
  const item = outbox.items.find((i) => i.id === id);
  if (!item) return outbox;
  const at = outbox.items.indexOf(item);
  const dropsFollowUps = item.service === 'pagerduty' && item.what === 'trigger';
  return {
    items: outbox.items.filter((i, index) => {
      if (i.id === id) return false;
      const followUp = dropsFollowUps && index > at && i.incidentId === item.incidentId && i.service === 'pagerduty' && i.what !== 'trigger';
      return !followUp;
    }),
  };
}

export function itemsOf(outbox: Outbox, incidentId: string): OutboxItem[] {
  return outbox.items.filter((i) => i.incidentId === incidentId);
}

/** Reads a persisted outbox, keeping only well-formed items (a hand-edited or older state loses nothing else). */
export function readOutbox(value: unknown): Outbox {
  const items = (value as { items?: unknown } | undefined)?.items;
  if (!Array.isArray(items)) return emptyOutbox();
  return {
    items: items.filter(
      (i): i is OutboxItem =>
        !!i &&
        typeof i === 'object' &&
        typeof (i as OutboxItem).id === 'string' &&
        typeof (i as OutboxItem).incidentId === 'string' &&
        ((i as OutboxItem).service === 'pagerduty' || (i as OutboxItem).service === 'slack' || (i as OutboxItem).service === 'teams') &&
        typeof (i as OutboxItem).queued === 'string' &&
        typeof (i as OutboxItem).notBefore === 'number' &&
        ((i as OutboxItem).state === 'pending' || (i as OutboxItem).state === 'failed' || (i as OutboxItem).state === 'held'),
    ).map((i) => ({ ...i, attempts: Number(i.attempts) || 0, answeredFailures: Number(i.answeredFailures) || 0, what: String(i.what ?? 'event') })),
  };
}

/** "2 updates waiting to send" / "1 update failed to send" / "1 page waiting for your confirmation". */
export function pendingSummary(items: readonly OutboxItem[]): string | undefined {
  const held = items.filter((i) => i.state === 'held').length;
  const waiting = items.filter((i) => i.state === 'pending').length;
  const failed = items.filter((i) => i.state === 'failed').length;
  const parts = [
    held ? `${held} ${held === 1 ? 'page' : 'pages'} waiting for your confirmation` : '',
    waiting ? `${waiting} ${waiting === 1 ? 'update' : 'updates'} waiting to send` : '',
    failed ? `${failed} failed to send` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}
