// Durations as runbooks write them: "15 min", "15min response", "1hr", "2 hours", "45 m", "1h 30m",
// "Next business day". Used for level response times, escalation rules and the incident clocks.

const UNIT_MINUTES: ReadonlyArray<[RegExp, number]> = [
  [/^(?:s|secs?|seconds?)$/, 1 / 60],
  [/^(?:m|mins?|minutes?)$/, 1],
  [/^(?:h|hrs?|hours?)$/, 60],
  [/^(?:business|working)\s+hours?$/, 60],
  [/^(?:d|days?)$/, 24 * 60],
  [/^(?:business|working)\s+days?$/, 24 * 60],
  [/^(?:w|wks?|weeks?)$/, 7 * 24 * 60],
];

const WORD_NUMBERS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  twelve: 12, fifteen: 15, twenty: 20, thirty: 30, 'forty-five': 45, 'forty five': 45, sixty: 60, ninety: 90, half: 0.5,
};

const UNIT = '(?:business\\s+|working\\s+)?(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)';
const WORD_UNIT = '(?:business\\s+|working\\s+)?(?:seconds?|minutes?|hours?|days?|weeks?)';
const WORDS = Object.keys(WORD_NUMBERS).sort((a, b) => b.length - a.length).join('|');
/**
 * "15 min", "15min", "15-30 min" (the first number counts), or in words "half an hour", "two hours". Words need a
 * whole unit word after a space, so "and" is never "an" + "d".
 */
const AMOUNT = new RegExp(
  `(?<![\\w.])(?:(\\d+(?:[.,]\\d+)?)(?:\\s*(?:-|–|to)\\s*\\d+(?:[.,]\\d+)?)?\\s*(${UNIT})|(${WORDS})\\s+(?:an?\\s+)?(${WORD_UNIT}))(?![a-z])`,
  'gi',
);

function unitMinutes(unit: string): number | undefined {
  const normalised = unit.toLowerCase().replace(/\s+/g, ' ');
  for (const [pattern, minutes] of UNIT_MINUTES) if (pattern.test(normalised)) return minutes;
  return undefined;
}

function numberValue(text: string): number {
  const word = WORD_NUMBERS[text.toLowerCase()];
  return word ?? Number(text.replace(',', '.'));
}

/** What may stand between two amounts that add up ("1h 30m", "1 hour, 30 minutes", "1 hour and 30 minutes"). */
function joinsAmounts(between: string): boolean {
  // Trimmed first: `^\s*(?:,|and)?\s*$` would split a long run of spaces in every way.
  const word = between.trim().toLowerCase();
  return word === '' || word === ',' || word === 'and';
}

/**
 * Minutes in the first duration found in `text`, or null. Adjacent amounts add up ("1h 30m", "1 hour and 30 minutes").
 * Words around the duration are allowed ("15min response", "after 30 min").
 */
export function parseDuration(text: string): number | null {
  AMOUNT.lastIndex = 0;
  let total: number | null = null;
  let previousEnd = -1;
  let match: RegExpExecArray | null;
  while ((match = AMOUNT.exec(text)) !== null) {
    if (total !== null && !joinsAmounts(text.slice(previousEnd, match.index))) break;
    const amount = match[1] ?? match[3];
    const minutes = unitMinutes(match[2] ?? match[4]);
    if (minutes === undefined) break;
    total = (total ?? 0) + numberValue(amount) * minutes;
    previousEnd = match.index + match[0].length;
  }
  return total === null ? null : Math.round(total * 100) / 100;
}

export type ResponseKind = 'minutes' | 'nextBusinessDay' | 'unknown';

export interface ResponseTime {
  responseMinutes: number | null;
  responseKind: ResponseKind;
}

const NEXT_BUSINESS_DAY = /\bnext\s+(?:business\s+|working\s+|week\s*)?day\b|\bnbd\b/i;
const IMMEDIATE = /\b(?:immediate(?:ly)?|asap|at once)\b/i;

/** A level's response time: a number of minutes, the next business day, or unknown. */
export function parseResponseTime(text: string): ResponseTime {
  if (NEXT_BUSINESS_DAY.test(text)) return { responseMinutes: null, responseKind: 'nextBusinessDay' };
  const minutes = parseDuration(text);
  if (minutes !== null) return { responseMinutes: minutes, responseKind: 'minutes' };
  if (IMMEDIATE.test(text)) return { responseMinutes: 0, responseKind: 'minutes' };
  return { responseMinutes: null, responseKind: 'unknown' };
}

/** Two response times that say the same thing ("15 min" and "15min response"; "Next day" and "Next business day"). */
export function sameResponseTime(a: ResponseTime, b: ResponseTime): boolean {
  return a.responseKind === b.responseKind && a.responseMinutes === b.responseMinutes;
}

/** "15 min", "1 hour", "4 hours", "1 day" — how the generated flowchart and messages write a duration. */
export function formatMinutes(minutes: number): string {
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes >= 24 * 60 && minutes % (24 * 60) === 0) return plural(minutes / (24 * 60), 'day');
  if (minutes >= 60 && minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return `${minutes} min`;
}

export function formatResponseTime(time: ResponseTime): string {
  if (time.responseKind === 'nextBusinessDay') return 'Next business day';
  if (time.responseMinutes === null) return 'unknown';
  return formatMinutes(time.responseMinutes);
}

/**
 * When a "next business day" response is due: the next Monday-to-Friday day after `from`, at `startHourUtc`
 * (UTC). Weekends are skipped; holidays are not known here.
 */
export function nextBusinessDayAfter(from: Date, startHourUtc = 9): Date {
  const due = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1, startHourUtc));
  while (due.getUTCDay() === 0 || due.getUTCDay() === 6) due.setUTCDate(due.getUTCDate() + 1);
  return due;
}
