/**
 * Which reads and writes of a file may store what they hold, so the store never goes back in time. A read is
 * numbered as it begins, a write the moment it lands (a read begun before then may hold the text from before it);
 * one may store only if nothing numbered after it has stored and the file was not deleted after its number. Without
 * it, a note deleted while its read was in flight was stored after the deletion and stayed in the tree for good,
 * with no event left to remove it; an older read that ended last put back text a newer one had replaced; and a
 * write numbered as it began lost to a read begun while it waited for the lock.
 */
export class ReadOrder {
  /** Per file: the number of the last read or write stored, or of its deletion. */
  private readonly last = new Map<string, number>();
  private counter = 0;

  /** Called as a read begins, or the moment a write lands; its number is what claim asks for. */
  begin(): number {
    this.counter += 1;
    return this.counter;
  }

  /** The file was deleted: every read and write numbered before now is outdated. */
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
