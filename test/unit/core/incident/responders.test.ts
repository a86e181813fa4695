import * as assert from 'assert';
import type { TimelineEvent } from '../../../../src/core/incident/model';
import { respondersOf } from '../../../../src/core/incident/responders';

const at = '2026-11-27T04:41:00Z';
const event = (kind: string, text: string): TimelineEvent => ({ at, kind, text });

describe('respondersOf', () => {
  it('names who declared, acknowledged and held command, each once, in the order they appear', () => {
    const timeline = [
      event('declared', 'SEV1 declared by alice: Checkout latency'),
      event('note', 'bob thinks it is the database'),
      event('acknowledged', 'Acknowledged by carol'),
      event('commander', 'Commander: alice → dan'),
      event('commander', 'Commander: dan → Alice'),
    ];
    assert.deepStrictEqual(respondersOf(timeline), ['alice', 'carol', 'dan']);
  });

  it('guesses nobody from events that name no one', () => {
    const timeline = [event('declared', 'SEV2 declared: Queue backlog'), event('acknowledged', 'Acknowledged'), event('commander', 'Commander: (none) → erin'), event('command', '`uptime` exited 0 in 0.1s')];
    assert.deepStrictEqual(respondersOf(timeline), ['erin']);
    assert.deepStrictEqual(respondersOf([]), []);
  });
});
