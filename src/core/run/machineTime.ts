// The product's own time on a path a person walks (declare, then the first check): the time from its start, less
// the spans spent waiting for the person (reading a prompt, typing, choosing). Carried from one command to the next
// as plain JSON, so the declare command can hand it to the run it starts.

/** Where a journey stands when one command hands it to the next. */
export interface MachineTimeCarry {
  /** Epoch milliseconds when the journey began. */
  startedAt: number;
  /** Milliseconds spent waiting for the person so far. */
  personMs: number;
}

export class MachineTime {
  private constructor(
    private readonly now: () => number,
    private readonly startedAt: number,
    private personMs: number,
  ) {}

  static start(now: () => number): MachineTime {
    return new MachineTime(now, now(), 0);
  }

  static resume(carry: MachineTimeCarry, now: () => number): MachineTime {
    return new MachineTime(now, carry.startedAt, carry.personMs);
  }

  /** Waits for `answer` (a prompt on screen); the wait is the person's time, not the machine's. */
  async person<T>(answer: PromiseLike<T>): Promise<T> {
    const from = this.now();
    try {
      return await answer;
    } finally {
      this.personMs += this.now() - from;
    }
  }

  carry(): MachineTimeCarry {
    return { startedAt: this.startedAt, personMs: this.personMs };
  }

  /** So far: the machine's milliseconds and the person's. */
  split(): { machineMs: number; personMs: number } {
    return { machineMs: Math.max(0, this.now() - this.startedAt - this.personMs), personMs: this.personMs };
  }
}

/** A carry as a caller passed it (JSON), or undefined when it is not one. */
export function parseMachineTimeCarry(value: unknown): MachineTimeCarry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { startedAt, personMs } = value as Record<string, unknown>;
  const valid = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  return valid(startedAt) && valid(personMs) ? { startedAt, personMs } : undefined;
}
