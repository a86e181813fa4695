// A three-way merge of lines (diff3), for the parts of an incident note a person wrote. Written here rather than
// taken from npm: see README's design notes ("Incident notes merge by what they mean").

/** One run of the merged output: lines all sides agree on (or one side changed alone), or a conflict. */
export type MergeChunk = { ok: string[] } | { conflict: { ours: string[]; base: string[]; theirs: string[] } };

/**
 * For each line of `a`, the index of the line of `b` it is matched with in a longest common subsequence, or -1
 * (Myers' O((N+M)D) diff: notes differ little between sides, so D is small).
 */
export function matchLines(a: readonly string[], b: readonly string[]): Int32Array {
  const match = new Int32Array(a.length).fill(-1);
  // The common head and tail first: most edits append or change a few lines in the middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) {
    match[head] = head;
    head++;
  }
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    match[a.length - 1 - tail] = b.length - 1 - tail;
    tail++;
  }
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n === 0 || m === 0) return match;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[head + x] === b[head + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  // Back from the end along the recorded frontiers; each diagonal step is a matched line.
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const frontier = trace[d]; // v[-d-1 .. d+1] as it was before round d
    const at = (k: number): number => frontier[k + d + 1];
    const k = x - y;
    const prevK = d === 0 ? 0 : k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const startX = d === 0 ? 0 : prevK === k + 1 ? at(k + 1) : at(k - 1) + 1;
    const startY = startX - k;
    while (x > startX && y > startY) {
      x--;
      y--;
      match[head + x] = head + y;
    }
    x = d === 0 ? 0 : at(prevK);
    y = x - prevK;
  }
  return match;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/**
 * diff3: the lines of `base` that both sides kept, in place, are fixed points; between two of them, a side that
 * changed nothing takes the other's lines, two identical changes are one, and two different changes conflict.
 */
export function mergeLines(base: readonly string[], ours: readonly string[], theirs: readonly string[]): MergeChunk[] {
  const toOurs = matchLines(base, ours);
  const toTheirs = matchLines(base, theirs);
  const chunks: MergeChunk[] = [];
  const emit = (lines: string[]): void => {
    if (lines.length === 0) return;
    const last = chunks[chunks.length - 1];
    if (last && 'ok' in last) last.ok.push(...lines);
    else chunks.push({ ok: lines });
  };
  let o = 0;
  let a = 0;
  let b = 0;
  for (;;) {
    while (o < base.length && toOurs[o] === a && toTheirs[o] === b) {
      emit([base[o]]);
      o++;
      a++;
      b++;
    }
    if (o >= base.length && a >= ours.length && b >= theirs.length) break;
    // The next line both sides kept, or the end of all three.
    let next = o;
    while (next < base.length && (toOurs[next] < 0 || toTheirs[next] < 0)) next++;
    const nextOurs = next < base.length ? toOurs[next] : ours.length;
    const nextTheirs = next < base.length ? toTheirs[next] : theirs.length;
    const baseLines = base.slice(o, next);
    const ourLines = ours.slice(a, nextOurs);
    const theirLines = theirs.slice(b, nextTheirs);
    if (sameLines(ourLines, baseLines)) emit(theirLines);
    else if (sameLines(theirLines, baseLines) || sameLines(ourLines, theirLines)) emit(ourLines);
    else chunks.push({ conflict: { ours: ourLines, base: baseLines, theirs: theirLines } });
    o = next;
    a = nextOurs;
    b = nextTheirs;
  }
  return chunks;
}
