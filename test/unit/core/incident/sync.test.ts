import * as assert from 'assert';
import type { TimelineEvent } from '../../../../src/core/incident/model';
import { arrivedSummary, eventsAdded, syncCommitMessage } from '../../../../src/core/incident/sync';

const event = (minute: number, kind: string, text: string): TimelineEvent => ({ at: `2026-11-27T04:${String(minute).padStart(2, '0')}:00Z`, kind, text });

describe('note sync wording', () => {
  const declared = event(41, 'declared', 'SEV1 declared by alice: Checkout latency');
  const note = event(43, 'note', 'bob looked at the dashboard');

  it('finds the events a note gained, each copy counted', () => {
    assert.deepStrictEqual(eventsAdded([declared], [declared, note, note]), [note, note]);
    assert.deepStrictEqual(eventsAdded([declared, note], [declared, note]), []);
    assert.deepStrictEqual(eventsAdded([], [declared]), [declared]);
  });

  it('names the events it commits, the status they moved to, and each incident', () => {
    const added = [event(42, 'acknowledged', 'Acknowledged by bob'), event(44, 'status', 'Status: Investigating → Mitigated'), note];
    assert.strictEqual(syncCommitMessage([{ incidentId: 'INC-7', added }]), 'incident INC-7: 3 events (acknowledged, status Mitigated, note)');
    assert.strictEqual(
      syncCommitMessage([{ incidentId: 'INC-7', added: [note] }, { incidentId: 'INC-9', added: [] }]),
      'incident notes: 2 incidents\n\nincident INC-7: 1 event (note)\nincident INC-9: note edited',
    );
  });

  it('says whose events arrived, and nothing when none did', () => {
    assert.strictEqual(arrivedSummary([{ incidentId: 'INC-7', count: 2, from: ['alice'] }, { incidentId: 'INC-9', count: 1, from: ['bob', 'carol', 'dan'] }]), 'INC-7: 2 events from alice; INC-9: 1 event from bob, carol and dan');
    assert.strictEqual(arrivedSummary([{ incidentId: 'INC-7', count: 0, from: ['alice'] }]), undefined);
  });
});
