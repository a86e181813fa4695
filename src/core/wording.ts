// Small wording helpers for what people read in the trees, hovers, pickers and the flowchart: counts with
// their plural, a level's response time as a phrase, times in the reader's own clock.
import { formatMinutes } from './runbook/duration';
import type { SeverityLevel } from './runbook/model';

/** "1 event", "2 events", "0 events"; `many` for words whose plural is not `one` + "s". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * A level's response time as a phrase: "respond within 15 min", "respond immediately", "respond by next business
 * day"; a time that is not a duration is said as written ("response: business hours"); null when none is stated.
 */
export function responseWording(level: Pick<SeverityLevel, 'response' | 'responseMinutes' | 'responseKind'>): string | null {
  if (level.responseKind === 'nextBusinessDay') return 'respond by next business day';
  if (level.responseKind === 'minutes' && level.responseMinutes !== null) {
    return level.responseMinutes === 0 ? 'respond immediately' : `respond within ${formatMinutes(level.responseMinutes)}`;
  }
  const written = level.response.trim();
  return written ? `response: ${written}` : null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function localParts(ms: number, timeZone: string | undefined): LocalParts {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) % 24, minute: Number(parts.minute) };
}

/**
 * A stored (UTC) time on the reader's clock: "14:05" today, "Nov 27 14:05" another day, "Nov 27 2025 14:05" another
 * year. `timeZone` is an IANA name; undefined is the machine's own zone (tests pass one).
 */
export function localTime(iso: string, now: Date, timeZone?: string): string {
  const at = localParts(Date.parse(iso), timeZone);
  const today = localParts(now.getTime(), timeZone);
  const clock = `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
  if (at.year === today.year && at.month === today.month && at.day === today.day) return clock;
  const date = `${MONTHS[at.month - 1]} ${at.day}${at.year === today.year ? '' : ` ${at.year}`}`;
  return `${date} ${clock}`;
}

/** "just now", "12 min ago", "2 h 5 min ago", "3 days ago"; a time ahead of now reads "in 12 min". */
export function timeAgo(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return 'just now';
  let span: string;
  if (minutes < 60) span = `${minutes} min`;
  else if (minutes < 48 * 60) span = minutes % 60 === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  else span = plural(Math.floor(minutes / (24 * 60)), 'day');
  return ms >= 0 ? `${span} ago` : `in ${span}`;
}

/** "14:05 (12 min ago)": a stored time as a hover says it, on the reader's clock. */
export function localTimeAndAgo(iso: string, now: Date, timeZone?: string): string {
  return `${localTime(iso, now, timeZone)} (${timeAgo(now.getTime() - Date.parse(iso))})`;
}
