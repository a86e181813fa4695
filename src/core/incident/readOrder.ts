/**
 * Which reads of a file may store what they hold, so the store never goes back in time. A read is numbered as it
 * begins; it may store only if no read begun after it has stored, and the file was neither written nor deleted
 * after it began. A write stores what it wrote once it has landed (wrote): a read begun before then may hold the
 * text from before it. Without it, a note deleted while its read was in flight was stored after the
 * deletion and stayed in the tree for good, with no event left to remove it; and an older read that ended last
 * put back text a newer one had replaced.
 */
export class ReadOrder {
  /** Per file: the number of the last read stored, or of its last write or deletion. */
  private readonly last = new Map<string, number>();
  private counter = 0;

  /** Called as a read begins; its number is what claim asks for. */
  begin(): number {
    this.counter += 1;
    return this.counter;
  }

  /** A write of the file landed (the writer stores what it wrote): every read begun before now is outdated. */
  wrote(key: string): void {
    this.last.set(key, this.begin());
  }

  /** The file was deleted: every read begun before now is outdated. */
  deleted(key: string): void {
    this.last.set(key, this.begin());
  }

  /** Whether the read numbered `begun` may store its result; if so, later claims of older ones are refused. */
  claim(key: string, begun: number): boolean {
    if (begun <= (this.last.get(key) ?? 0)) return false;
    this.last.set(key, begun);
    return true;
  }
}
