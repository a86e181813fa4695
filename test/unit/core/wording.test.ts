import * as assert from 'assert';
import { localTime, localTimeAndAgo, plural, responseWording, timeAgo } from '../../../src/core/wording';

describe('wording', () => {
  it('counts with the right plural form', () => {
    assert.strictEqual(plural(1, 'event'), '1 event');
    assert.strictEqual(plural(2, 'event'), '2 events');
    assert.strictEqual(plural(0, 'event'), '0 events');
    assert.strictEqual(plural(3, 'match', 'matches'), '3 matches');
  });

  it('says a level’s response time as a phrase, never "respond in Next day"', () => {
    const level = (responseKind: 'minutes' | 'nextBusinessDay' | 'unknown', responseMinutes: number | null, response: string) => ({ responseKind, responseMinutes, response });
    assert.strictEqual(responseWording(level('minutes', 15, '15 min')), 'respond within 15 min');
    assert.strictEqual(responseWording(level('minutes', 240, '4 hours')), 'respond within 4 hours');
    assert.strictEqual(responseWording(level('minutes', 0, 'Immediate')), 'respond immediately');
    assert.strictEqual(responseWording(level('nextBusinessDay', null, 'Next day')), 'respond by next business day');
    assert.strictEqual(responseWording(level('unknown', null, 'page the IC')), 'response: page the IC');
    assert.strictEqual(responseWording(level('unknown', null, ' ')), null);
  });

  it('shows a stored UTC time on the reader’s clock, with the date when it is not today', () => {
    const now = new Date('2026-12-01T14:17:00Z');
    assert.strictEqual(localTime('2026-12-01T14:05:00Z', now, 'UTC'), '14:05');
    // Paris is UTC+1 in December: the note's 13:05Z is 14:05 there.
    assert.strictEqual(localTime('2026-12-01T13:05:00Z', now, 'Europe/Paris'), '14:05');
    assert.strictEqual(localTime('2026-11-27T04:41:00Z', now, 'UTC'), 'Nov 27 04:41');
    assert.strictEqual(localTime('2025-11-27T04:41:00Z', now, 'UTC'), 'Nov 27 2025 04:41');
    // Midnight in New York: still the previous local day there.
    assert.strictEqual(localTime('2026-12-01T04:30:00Z', new Date('2026-12-01T04:40:00Z'), 'America/New_York'), '23:30');
    assert.strictEqual(localTime('2026-12-01T00:00:00Z', new Date('2026-12-01T00:05:00Z'), 'UTC'), '00:00');
  });

  it('says how long ago, in words a tree row and a hover can hold', () => {
    assert.strictEqual(timeAgo(20_000), 'just now');
    assert.strictEqual(timeAgo(12 * 60_000 + 59_000), '12 min ago');
    assert.strictEqual(timeAgo(125 * 60_000), '2 h 5 min ago');
    assert.strictEqual(timeAgo(120 * 60_000), '2 h ago');
    assert.strictEqual(timeAgo(24 * 60 * 60_000 * 3), '3 days ago');
    assert.strictEqual(timeAgo(-12 * 60_000), 'in 12 min');
    assert.strictEqual(localTimeAndAgo('2026-12-01T14:05:00Z', new Date('2026-12-01T14:17:00Z'), 'UTC'), '14:05 (12 min ago)');
  });
});
