import { toDayNumber, type IsoDate } from '../calendar/date.js';

/** One entry of the {@link Agenda}: look at a claim on a day. */
export interface AgendaItem {
  /** The day. */
  readonly date: IsoDate;
  /** Index of the claim in the simulation's input. */
  readonly claim: number;
}

/**
 * A min-heap of (date, claim) review points. The simulation pops the earliest and only visits a
 * claim on days something can happen to it, so its cost grows with events, not days × claims.
 */
export class Agenda {
  // Each item with its day number: the heap compares numbers, not date strings (the same order).
  private readonly heap: Entry[] = [];

  /** Number of pending items. */
  get size(): number {
    return this.heap.length;
  }

  /** Adds a review point: look at claim `claim` (its index in the input) on `date`. */
  push(date: IsoDate, claim: number): void {
    const h = this.heap;
    // The entry is the item handed back by pop: one object per review point.
    const entry: Entry = { date, day: toDayNumber(date), claim };
    let i = h.length;
    h.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as Entry;
      if (!before(entry, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = entry;
  }

  /** Removes and returns the earliest review point (ties: lower claim index first). */
  pop(): AgendaItem | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    // Sift the last entry down from the root.
    const n = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = l;
      if (r < n && before(h[r] as Entry, h[l] as Entry)) m = r;
      if (!before(h[m] as Entry, last)) break;
      h[i] = h[m] as Entry;
      i = m;
    }
    h[i] = last;
    return top;
  }
}

/** An item on the heap, with its day number. */
interface Entry extends AgendaItem {
  readonly day: number;
}

/** Earlier day first; on one day, the lower claim index. */
function before(a: Entry, b: Entry): boolean {
  return a.day < b.day || (a.day === b.day && a.claim < b.claim);
}
