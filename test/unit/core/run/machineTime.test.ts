import * as assert from 'assert';
import { MachineTime, parseMachineTimeCarry } from '../../../../src/core/run/machineTime';
import { parseRunArgs } from '../../../../src/core/run/steps';

/** A prompt the test answers (or dismisses) by hand, after moving the clock. */
function prompt<T>(): { answer: Promise<T>; give: (value: T) => void; fail: (error: Error) => void } {
  let give: (value: T) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const answer = new Promise<T>((resolve, reject) => {
    give = resolve;
    fail = reject;
  });
  return { answer, give, fail };
}

/** A clock the test moves by hand. */
function handClock(start = 1_000): { now: () => number; pass: (ms: number) => void } {
  let at = start;
  return { now: () => at, pass: (ms) => (at += ms) };
}

describe('run/machineTime: the machine’s share of a journey', () => {
  it('leaves out the time spent waiting for the person, and carries over from one command to the next', async () => {
    const clock = handClock();
    const time = MachineTime.start(clock.now);
    clock.pass(40); // reading the runbook
    const alertText = prompt<string>();
    const typed = time.person(alertText.answer);
    clock.pass(6_000); // the person types the alert text
    alertText.give('checkout is down');
    assert.strictEqual(await typed, 'checkout is down');
    clock.pass(25); // the triage and the note
    assert.deepStrictEqual(time.split(), { machineMs: 65, personMs: 6_000 });

    const carried = parseMachineTimeCarry(JSON.parse(JSON.stringify(time.carry())));
    assert.ok(carried, 'the carry survives JSON');
    const next = MachineTime.resume(carried, clock.now);
    clock.pass(100); // the terminal starts
    assert.deepStrictEqual(next.split(), { machineMs: 165, personMs: 6_000 });
  });

  it('counts a prompt that fails (dismissed with an error) as the person’s time too', async () => {
    const clock = handClock();
    const time = MachineTime.start(clock.now);
    const dismissed = prompt<never>();
    const waiting = time.person(dismissed.answer);
    clock.pass(500);
    dismissed.fail(new Error('closed'));
    await assert.rejects(waiting);
    assert.deepStrictEqual(time.split(), { machineMs: 0, personMs: 500 });
  });

  it('says where the machine’s time went, stage by stage, across the commands', async () => {
    const clock = handClock();
    const time = MachineTime.start(clock.now);
    clock.pass(30);
    time.mark('runbook loaded');
    const alertText = prompt<string>();
    const typed = time.person(alertText.answer);
    clock.pass(4_000);
    alertText.give('checkout is down');
    await typed;
    clock.pass(20);
    time.mark('note written');
    const carried = parseMachineTimeCarry(JSON.parse(JSON.stringify(time.carry())));
    assert.ok(carried, 'the stages survive JSON');
    const next = MachineTime.resume(carried, clock.now);
    clock.pass(900);
    next.mark('shell integration ready');
    assert.strictEqual(next.breakdown(), 'runbook loaded 30 ms (+30) · note written 50 ms (+20) · shell integration ready 950 ms (+900)');
    assert.strictEqual(parseMachineTimeCarry({ startedAt: 1, personMs: 0, stages: [{ stage: 'x' }] }), undefined, 'a stage without its time');
  });

  it('is a run option the run commands validate', () => {
    const ref = { runbookUri: 'file:///r.md', kind: 'diagnostic', index: 0 };
    const parsed = parseRunArgs({ ...ref, machineTime: { startedAt: 1_700_000_000_000, personMs: 12 } });
    assert.ok(parsed.ok && parsed.args);
    assert.deepStrictEqual(parsed.args.machineTime, { startedAt: 1_700_000_000_000, personMs: 12 });
    for (const machineTime of [{ startedAt: -1, personMs: 0 }, { startedAt: 1 }, 'soon', { startedAt: 1, personMs: Number.NaN }]) {
      const refused = parseRunArgs({ ...ref, machineTime });
      assert.ok(!refused.ok && /machineTime/.test(refused.error), JSON.stringify(machineTime));
    }
  });
});
