// The outbound HTTP send (global fetch, with a timeout and cancellation) and the checks of what a person pastes
// as a webhook URL. A webhook URL is itself the secret: no message or log line built here contains it.
import type { SendOutcome } from '../core/outbound/outbox';
import { answerMessage } from '../core/outbound/pagerduty';

export const SEND_TIMEOUT_MS = 15_000;

/** POSTs `body` as JSON; every answer and every failure (refused connection, timeout, cancel) is an outcome. */
export async function postJson(url: string, body: unknown, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<SendOutcome> {
  const signals = [AbortSignal.timeout(options.timeoutMs ?? SEND_TIMEOUT_MS), ...(options.signal ? [options.signal] : [])];
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'incident-runbook-vscode' },
      body: JSON.stringify(body),
      signal: AbortSignal.any(signals),
      redirect: 'error',
    });
    const text = await response.text().catch(() => '');
    if (response.ok) return { kind: 'sent', status: response.status };
    return { kind: 'http', status: response.status, message: scrub(answerMessage(text), url), retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
  } catch (error) {
    if (options.signal?.aborted) return { kind: 'network', message: 'cancelled' };
    return { kind: 'network', message: scrub(networkMessage(error), url) };
  }
}

function networkMessage(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error ? (error as Error & { cause?: { code?: unknown; message?: unknown } }).cause : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  const detail = typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return code && !detail.includes(code) ? `${code}: ${detail}` : detail;
}

/** A URL's path and query carry a webhook's secret: they never reach a message. */
function scrub(message: string, url: string): string {
  let out = message.split(url).join('[webhook URL]');
  try {
    const parsed = new URL(url);
    if (parsed.pathname.length > 1) out = out.split(parsed.pathname).join('[webhook path]');
  } catch {
    // Not a URL: nothing more to take out.
  }
  return out;
}

/** Retry-After in seconds or as an HTTP date, as milliseconds from now. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** An origin pattern ("https://hooks.slack.com", "https://*.logic.azure.com") matches a URL's scheme, host and port. */
function originMatches(url: URL, pattern: string): boolean {
  let allowed: URL;
  try {
    allowed = new URL(pattern.replace('://*.', '://wildcard.'));
  } catch {
    return false;
  }
  if (allowed.protocol !== url.protocol || allowed.port !== url.port) return false;
  if (!pattern.includes('://*.')) return allowed.hostname === url.hostname;
  const suffix = allowed.hostname.slice('wildcard'.length);
  return url.hostname.endsWith(suffix) && url.hostname.length > suffix.length;
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text.trim());
  } catch {
    return undefined;
  }
}

/** Why `text` is not a Slack incoming-webhook URL (https://hooks.slack.com/services/T…/B…/…), or undefined. */
export function slackWebhookProblem(text: string, origin: string): string | undefined {
  const url = parse(text);
  if (!url) return 'That is not a URL: paste the Webhook URL from the Slack app\'s "Incoming Webhooks" page.';
  if (!originMatches(url, origin)) return `A Slack incoming webhook starts with ${origin}/services/ (this one is on ${url.protocol}//${url.host}).`;
  if (url.username || url.password || url.search || url.hash) return 'A Slack incoming webhook has no user, query or fragment: paste it exactly as Slack shows it.';
  if (!/^\/services\/[A-Z0-9]+\/[A-Z0-9]+\/[A-Za-z0-9]+$/.test(url.pathname)) return 'A Slack incoming webhook looks like …/services/T…/B…/… (three parts after /services/): paste the whole URL.';
  return undefined;
}

/** Why `text` is not a Teams Workflows webhook URL (…/workflows/<id>/triggers/manual/paths/invoke?…&sig=…), or undefined. */
export function teamsWebhookProblem(text: string, origins: readonly string[]): string | undefined {
  const url = parse(text);
  if (!url) return 'That is not a URL: paste the URL that the Teams workflow "Post to a channel when a webhook request is received" shows.';
  if (/\.webhook\.office\.com$/i.test(url.hostname) || /outlook\.office(365)?\.com$/i.test(url.hostname)) {
    return 'That is an Office 365 connector webhook, which Microsoft retired: create a Workflows webhook in Teams instead ("Post to a channel when a webhook request is received").';
  }
  if (!origins.some((o) => originMatches(url, o))) return `A Teams Workflows webhook is on ${origins.join(' or ')} (this one is on ${url.protocol}//${url.host}).`;
  if (url.username || url.password) return 'A Workflows webhook has no user or password in it: paste it exactly as Teams shows it.';
  if (!/\/workflows\/[^/]+\/triggers\//.test(url.pathname) || !url.searchParams.get('sig')) return 'A Workflows webhook has /workflows/…/triggers/… in its path and a sig= in its query: paste the whole URL.';
  return undefined;
}

/** Why the events URL setting cannot be used, or undefined. */
export function eventsUrlProblem(text: string): string | undefined {
  const url = parse(text);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return `incidentRunbook.pagerDuty.eventsUrl is not an http(s) URL: ${text}`;
  return undefined;
}
