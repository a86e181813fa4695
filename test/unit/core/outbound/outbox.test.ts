import * as assert from 'assert';
import { backoffMs, discard, due, emptyOutbox, enqueue, MAX_AGE_MS, MAX_ANSWERED_ATTEMPTS, nextWake, pendingSummary, readOutbox, retry, retryUnconnected, settle, type Outbox } from '../../../../src/core/outbound/outbox';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const queued = new Date(T0).toISOString();

function queue(...specs: Array<[string, string, 'pagerduty' | 'slack' | 'teams', string]>): Outbox {
  return specs.reduce((box, [id, incidentId, service, what]) => enqueue(box, { id, incidentId, service, what, body: { what }, queued }, T0), emptyOutbox());
}

describe('Outbox', () => {
  it('per incident and service, one at a time and in order; other queues are not held', () => {
    let box = queue(['t', 'a', 'pagerduty', 'trigger'], ['k', 'a', 'pagerduty', 'acknowledge'], ['s', 'a', 'slack', 'status update'], ['t2', 'b', 'pagerduty', 'trigger']);
    assert.deepStrictEqual(due(box, T0).map((i) => i.id), ['t', 's', 't2']);
    box = settle(box, 't', { kind: 'sent', status: 202 }, T0).outbox;
    assert.deepStrictEqual(due(box, T0).map((i) => i.id), ['k', 's', 't2']);
  });

  it('a 5xx waits its backoff, doubling, and holds what comes after it', () => {
    let box = queue(['t', 'a', 'pagerduty', 'trigger'], ['k', 'a', 'pagerduty', 'acknowledge']);
    let now = T0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const result = settle(box, 't', { kind: 'http', status: 500, message: 'oops' }, now);
      box = result.outbox;
      assert.strictEqual(result.settled?.kind, 'retrying');
      assert.strictEqual(box.items[0].notBefore, now + backoffMs(attempt));
      assert.deepStrictEqual(due(box, now + backoffMs(attempt) - 1), [], 'nothing before its time, and the acknowledge waits');
      now += backoffMs(attempt);
      assert.deepStrictEqual(due(box, now).map((i) => i.id), ['t']);
    }
    assert.deepStrictEqual([backoffMs(1), backoffMs(2), backoffMs(3)], [2000, 4000, 8000]);
    const sent = settle(box, 't', { kind: 'sent', status: 202 }, now);
    assert.strictEqual(sent.settled?.kind, 'sent');
    assert.deepStrictEqual(due(sent.outbox, now).map((i) => i.id), ['k']);
  });

  it("a 429's Retry-After is honoured when longer than the backoff", () => {
    const box = settle(queue(['t', 'a', 'pagerduty', 'trigger']), 't', { kind: 'http', status: 429, message: 'slow down', retryAfterMs: 30_000 }, T0).outbox;
    assert.strictEqual(box.items[0].notBefore, T0 + 30_000);
    assert.strictEqual(nextWake(box, T0), T0 + 30_000);
  });

  it('a 400 is final at once, with its message; the queue goes on past it', () => {
    const result = settle(queue(['t', 'a', 'pagerduty', 'trigger'], ['k', 'a', 'pagerduty', 'acknowledge']), 't', { kind: 'http', status: 400, message: 'Event object is invalid' }, T0);
    assert.strictEqual(result.settled?.kind, 'failed');
    assert.match(result.settled?.why ?? '', /refused \(HTTP 400: Event object is invalid\); not retried/);
    assert.strictEqual(result.outbox.items[0].state, 'failed');
    assert.deepStrictEqual(due(result.outbox, T0 + 1e9).map((i) => i.id), ['k']);
  });

  it(`gives up after ${MAX_ANSWERED_ATTEMPTS} answered failures; network errors alone retry for a day`, () => {
    let box = queue(['t', 'a', 'pagerduty', 'trigger']);
    let last;
    for (let i = 0; i < MAX_ANSWERED_ATTEMPTS; i++) ({ outbox: box, settled: last } = settle(box, 't', { kind: 'http', status: 503, message: 'unavailable' }, T0 + i));
    assert.strictEqual(last?.kind, 'failed');
    assert.match(last?.why ?? '', /gave up after 8 attempt\(s\); last: HTTP 503/);

    let offline = queue(['s', 'a', 'slack', 'status update']);
    for (let i = 0; i < 50; i++) ({ outbox: offline, settled: last } = settle(offline, 's', { kind: 'network', message: 'ECONNREFUSED' }, T0 + i * 60_000));
    assert.strictEqual(last?.kind, 'retrying');
    ({ settled: last } = settle(offline, 's', { kind: 'network', message: 'ECONNREFUSED' }, T0 + MAX_AGE_MS + 1));
    assert.strictEqual(last?.kind, 'failed');
    assert.match(last?.why ?? '', /over a day/);
  });

  it('Retry starts a failed send over now; Discard drops it; a send discarded in flight is ignored', () => {
    const failed = settle(queue(['t', 'a', 'pagerduty', 'trigger']), 't', { kind: 'http', status: 400, message: 'bad' }, T0).outbox;
    const again = retry(failed, 't', T0 + 5);
    assert.deepStrictEqual(due(again, T0 + 5).map((i) => [i.id, i.state, i.answeredFailures]), [['t', 'pending', 0]]);
    assert.deepStrictEqual(discard(again, 't').items, []);
    assert.deepStrictEqual(settle(emptyOutbox(), 't', { kind: 'sent', status: 202 }, T0), { outbox: emptyOutbox() });
  });

  it('a send that failed for want of its connection goes once the service is connected; other failures stay failed', () => {
    let box = queue(['t', 'a', 'pagerduty', 'trigger'], ['t2', 'b', 'pagerduty', 'trigger'], ['s', 'a', 'slack', 'status update']);
    box = settle(box, 't', { kind: 'unconnected', message: 'PagerDuty is not connected here' }, T0).outbox;
    box = settle(box, 't2', { kind: 'http', status: 400, message: 'bad' }, T0).outbox;
    box = settle(box, 's', { kind: 'unconnected', message: 'Slack is not connected here' }, T0).outbox;
    assert.deepStrictEqual(due(box, T0 + 1).map((i) => i.id), [], 'failed: nothing goes by itself');
    // Survives a reload.
    box = readOutbox(JSON.parse(JSON.stringify(box)));
    const connected = retryUnconnected(box, 'pagerduty', T0 + 5);
    assert.deepStrictEqual(due(connected, T0 + 5).map((i) => [i.id, i.state, i.awaitsConnection]), [['t', 'pending', undefined]], 'the 400 and the other service stay');
    assert.deepStrictEqual(connected.items.filter((i) => i.state === 'failed').map((i) => i.id), ['t2', 's']);
    // A runbook's own key serves only that runbook's pages.
    const ofRunbook = enqueue(emptyOutbox(), { id: 'r', incidentId: 'c', service: 'pagerduty', what: 'trigger', body: {}, queued, runbook: 'runbooks/payments.md' }, T0);
    const unconnected = settle(ofRunbook, 'r', { kind: 'unconnected', message: 'no key' }, T0).outbox;
    assert.strictEqual(retryUnconnected(unconnected, 'pagerduty', T0, 'runbooks/other.md').items[0].state, 'failed');
    assert.strictEqual(retryUnconnected(unconnected, 'pagerduty', T0, 'runbooks/payments.md').items[0].state, 'pending');
  });

  it('a page held for confirmation is never due and holds what follows it; released, it goes first', () => {
    let box = enqueue(emptyOutbox(), { id: 't', incidentId: 'a', service: 'pagerduty', what: 'trigger', body: {}, queued }, T0, true);
    box = enqueue(box, { id: 'k', incidentId: 'a', service: 'pagerduty', what: 'acknowledge', body: {}, queued }, T0);
    box = enqueue(box, { id: 's', incidentId: 'a', service: 'slack', what: 'status update', body: {}, queued }, T0);
    assert.deepStrictEqual(due(box, T0 + MAX_AGE_MS).map((i) => i.id), ['s'], 'only the other queue goes');
    assert.strictEqual(nextWake({ items: box.items.slice(0, 2) }, T0), undefined, 'nothing to wake for: a person decides');
    assert.strictEqual(pendingSummary(box.items), '1 page waiting for your confirmation, 2 updates waiting to send');
    assert.deepStrictEqual(readOutbox(JSON.parse(JSON.stringify(box))), box, 'a held page survives a reload');
    assert.deepStrictEqual(due(retry(box, 't', T0 + 1), T0 + 1).map((i) => i.id), ['t', 's']);
  });

  it("discarding a trigger that never went drops its incident's acknowledge and resolve after it, nothing else", () => {
    const box = queue(['t0', 'a', 'pagerduty', 'resolve'], ['t', 'a', 'pagerduty', 'trigger'], ['k', 'a', 'pagerduty', 'acknowledge'], ['s', 'a', 'slack', 'status update'], ['kb', 'b', 'pagerduty', 'acknowledge'], ['r', 'a', 'pagerduty', 'resolve']);
    assert.deepStrictEqual(discard(box, 't').items.map((i) => i.id), ['t0', 's', 'kb']);
    assert.deepStrictEqual(discard(box, 'k').items.map((i) => i.id), ['t0', 't', 's', 'kb', 'r']);
  });

  it('a persisted outbox is read back, malformed items dropped', () => {
    const box = queue(['t', 'a', 'pagerduty', 'trigger']);
    assert.deepStrictEqual(readOutbox(JSON.parse(JSON.stringify(box))), box);
    assert.deepStrictEqual(readOutbox({ items: [{ id: 1 }, null, 'x'] }), emptyOutbox());
    assert.deepStrictEqual(readOutbox(undefined), emptyOutbox());
  });

  it('the tree says how many wait and how many failed', () => {
    const box = queue(['t', 'a', 'pagerduty', 'trigger'], ['k', 'a', 'pagerduty', 'acknowledge'], ['s', 'a', 'slack', 'status update']);
    assert.strictEqual(pendingSummary(box.items.slice(0, 1)), '1 update waiting to send');
    assert.strictEqual(pendingSummary(box.items.slice(0, 2)), '2 updates waiting to send');
    const withFailed = settle(box, 's', { kind: 'http', status: 404, message: 'no_service' }, T0).outbox;
    assert.strictEqual(pendingSummary(withFailed.items), '2 updates waiting to send, 1 failed to send');
    assert.strictEqual(pendingSummary([]), undefined);
  });
});
