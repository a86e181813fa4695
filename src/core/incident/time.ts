// Time helpers shared by the incident core. Every stored time is a UTC ISO-8601 string; every function that
// needs the current time takes it as a parameter, so tests pass a fixed Date and the glue passes a Clock.

/** The glue's source of "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// Accepts what a person is likely to type in a note (space instead of T, no seconds, an explicit offset) but never a
// time without a zone: "04:41" on its own could be anyone's local time, and guessing would shift every clock.
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;

// The form we write. Notes hold thousands of these, so they skip the general parser: Date.parse reads them exactly,
// except that it rolls 31 February over and accepts hour 24, hence the day and hour limits.
const CANONICAL_PATTERN = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3})?Z$/;

function canonicalMs(text: string): number | null {
  return CANONICAL_PATTERN.test(text) ? Date.parse(text) : null;
}

/** Parses an ISO-8601 time with an explicit zone into a Date, or returns null. */
export function parseIso(text: string): Date | null {
  const fast = canonicalMs(text);
  if (fast !== null) return new Date(fast);
  const m = ISO_PATTERN.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = frac ? Math.floor(Number(('0.' + frac)) * 1000) : 0;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const probe = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March; reject instead of moving the date.
  if (probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) return null;
  return new Date(utc - offsetMinutes * 60_000);
}

export function parseIsoStrict(text: string): Date {
  const date = parseIso(text);
  if (!date) throw new Error(`Not an ISO-8601 time with a zone: ${JSON.stringify(text)}`);
  return date;
}

/** Canonical form: `2026-11-27T04:41:00Z`, with milliseconds only when there are some. */
export function toIso(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso;
}

/** Canonical form of a stored time string, or null when it is not a valid time. */
export function canonicalIso(text: string): string | null {
  // The pattern alone proves a canonical time valid; no need to compute it.
  if (CANONICAL_PATTERN.test(text)) return text.endsWith('.000Z') ? text.slice(0, -5) + 'Z' : text;
  const date = parseIso(text);
  return date ? toIso(date) : null;
}

/** The time an event is recorded at: whole seconds, because notes and metrics are exact to the second, not below. */
export function stampOf(now: Date): string {
  return toIso(new Date(Math.floor(now.getTime() / 1000) * 1000));
}

export function epochMs(iso: string): number {
  return canonicalMs(iso) ?? parseIsoStrict(iso).getTime();
}

export function addMinutes(iso: string, minutes: number): string {
  return toIso(new Date(epochMs(iso) + minutes * 60_000));
}

/**
 * "Next business day" in a runbook means: 09:00 UTC on the first Monday–Friday after the day the incident was
 * declared. A team's own business hours are not in the runbook, so UTC office opening is the documented stand-in.
 */
export function nextBusinessDayAt9Utc(fromIso: string): string {
  const from = parseIsoStrict(fromIso);
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 9, 0, 0));
  do {
    day.setUTCDate(day.getUTCDate() + 1);
  } while (day.getUTCDay() === 0 || day.getUTCDay() === 6);
  return toIso(day);
}

/** "1h 05m 03s", "4m 10s", "12s"; exact to the second, for people. Negative values get a leading minus. */
export function formatDuration(totalSeconds: number): string {
  const sign = totalSeconds < 0 ? '-' : '';
  let rest = Math.abs(Math.round(totalSeconds));
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (days > 0) return `${sign}${days}d ${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (hours > 0) return `${sign}${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (minutes > 0) return `${sign}${minutes}m ${pad(seconds)}s`;
  return `${sign}${seconds}s`;
}

/** "2026-11-27 04:41 UTC" for messages people read. */
export function formatUtc(iso: string): string {
  const d = parseIsoStrict(iso).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)} UTC`;
}

/** "2h 05m", "12m", "45s": compact enough for a tree row or the status bar, where a clock ticks every 30 s. */
export function formatElapsed(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  if (hours >= 48) return `${Math.floor(hours / 24)}d ${hours % 24}h`;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${totalSeconds}s`;
}

/** "in 3m" before a deadline, "3m overdue" after it. */
export function formatCountdown(msUntil: number): string {
  return msUntil >= 0 ? `in ${formatElapsed(msUntil)}` : `${formatElapsed(-msUntil)} overdue`;
}
