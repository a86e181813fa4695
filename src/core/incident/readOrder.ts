/**
 * Which of the reads of a file may still store what they read. A read that began before a later event for the same
 * file (its deletion, a newer read, a write of ours) is stale when it ends: a note deleted while its read was in
 * flight was stored after the deletion and stayed in the tree for good, with no event left to remove it.
 */
export class ReadOrder {
  private readonly latest = new Map<string, number>();
  private counter = 0;

  /** Marks a read of `key` beginning, or an event that outdates every read of it begun so far; returns its ticket. */
  begin(key: string): number {
    this.counter += 1;
    this.latest.set(key, this.counter);
    return this.counter;
  }

  /** Whether nothing happened to `key` since `ticket` was handed out, so the read it marks may store its result. */
  isCurrent(key: string, ticket: number): boolean {
    return this.latest.get(key) === ticket;
  }
}
