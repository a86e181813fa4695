// The product's own time on a path a person walks (declare, then the first check): the time from its start, less
// the spans spent waiting for the person (reading a prompt, typing, choosing). Carried from one command to the next
// as plain JSON, so the declare command can hand it to the run it starts.

/** Where a journey stands when one command hands it to the next. */
export interface MachineTimeCarry {
  /** Epoch milliseconds when the journey began. */
  startedAt: number;
  /** Milliseconds spent waiting for the person so far. */
  personMs: number;
  /** The stages passed so far, each with the machine's milliseconds when it was reached (for the debug log). */
  stages?: MachineTimeStage[];
}

export interface MachineTimeStage {
  stage: string;
  machineMs: number;
}

export class MachineTime {
  private constructor(
    private readonly now: () => number,
    private readonly startedAt: number,
    private personMs: number,
    private readonly stages: MachineTimeStage[],
  ) {}

  static start(now: () => number): MachineTime {
    return new MachineTime(now, now(), 0, []);
  }

  static resume(carry: MachineTimeCarry, now: () => number): MachineTime {
    return new MachineTime(now, carry.startedAt, carry.personMs, [...(carry.stages ?? [])]);
  }

  /** Notes that `stage` is reached now, so the log can say where the machine's time went. */
  mark(stage: string): void {
    this.stages.push({ stage, machineMs: this.split().machineMs });
  }

  /** The stages as one line: each one's machine milliseconds since the start, and since the stage before. */
  breakdown(): string {
    return this.stages.map(({ stage, machineMs }, i) => `${stage} ${machineMs} ms (+${machineMs - (this.stages[i - 1]?.machineMs ?? 0)})`).join(' · ');
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
    return { startedAt: this.startedAt, personMs: this.personMs, ...(this.stages.length ? { stages: [...this.stages] } : {}) };
  }

  /** So far: the machine's milliseconds and the person's. */
  split(): { machineMs: number; personMs: number } {
    return { machineMs: Math.max(0, this.now() - this.startedAt - this.personMs), personMs: this.personMs };
  }
}

/** A carry as a caller passed it (JSON), or undefined when it is not one. */
export function parseMachineTimeCarry(value: unknown): MachineTimeCarry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { startedAt, personMs, stages } = value as Record<string, unknown>;
  const valid = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if (!valid(startedAt) || !valid(personMs)) return undefined;
  if (stages === undefined) return { startedAt, personMs };
  const validStage = (x: unknown): x is MachineTimeStage => typeof x === 'object' && x !== null && typeof (x as MachineTimeStage).stage === 'string' && valid((x as MachineTimeStage).machineMs);
  return Array.isArray(stages) && stages.every(validStage) ? { startedAt, personMs, stages } : undefined;
}
