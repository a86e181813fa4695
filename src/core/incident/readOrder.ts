/**
 * Which reads (and writes) of a file may store what they hold, so the store never goes back in time. Each begins
 * with a number, in the order they began; one may store only if nothing that began after it has stored, and the
 * file was not deleted after it began. Without it, a note deleted while its read was in flight was stored after the
 * deletion and stayed in the tree for good, with no event left to remove it; and an older read that ended last
 * put back text a newer one had replaced.
 */
export class ReadOrder {
  /** Per file: the number of the last read or write stored, or of its deletion. */
  private readonly last = new Map<string, number>();
  private counter = 0;

  /** Called as a read or write of `key` begins; its number is what claim asks for. */
  begin(): number {
    this.counter += 1;
    return this.counter;
  }

  /** The file was deleted: every read begun before now is outdated. */
  deleted(key: string): void {
    this.last.set(key, this.begin());
  }

  /** Whether the read or write numbered `begun` may store its result; if so, later claims of older ones are refused. */
  claim(key: string, begun: number): boolean {
    if (begun <= (this.last.get(key) ?? 0)) return false;
    this.last.set(key, begun);
    return true;
  }
}
