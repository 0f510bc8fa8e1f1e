import type { IsoDate } from '../calendar/date.js';

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
  private readonly heap: AgendaItem[] = [];

  /** Number of pending items. */
  get size(): number {
    return this.heap.length;
  }

  /** Adds a review point. */
  push(item: AgendaItem): void {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i] as AgendaItem, h[parent] as AgendaItem)) break;
      [h[i], h[parent]] = [h[parent] as AgendaItem, h[i] as AgendaItem];
      i = parent;
    }
  }

  /** Removes and returns the earliest review point (ties: lower claim index first). */
  pop(): AgendaItem | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l] as AgendaItem, h[m] as AgendaItem)) m = l;
      if (r < h.length && before(h[r] as AgendaItem, h[m] as AgendaItem)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m] as AgendaItem, h[i] as AgendaItem];
      i = m;
    }
    return top;
  }
}

function before(a: AgendaItem, b: AgendaItem): boolean {
  return a.date < b.date || (a.date === b.date && a.claim < b.claim);
}
