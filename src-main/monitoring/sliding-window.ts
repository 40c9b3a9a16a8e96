/**
 * One windowed aggregate for one key (a customer, an address…): the transactions of the last
 * `windowMs`, with their count, sum and distinct values kept up to date as transactions arrive
 * and leave, so a figure is read without looking at history.
 *
 * Transactions normally arrive in time order; the in-order path is O(1) amortised. One that
 * arrives late is slotted into place and its window is counted by a scan of this key's entries
 * (rare: bundles are applied in time order). Entries older than the window plus `graceMs` behind
 * the newest are dropped: a transaction later than that sees only what is left.
 */
export interface WindowFigures {
  readonly count: number;
  readonly sum: bigint;
  readonly distinct: number;
}

const EMPTY: WindowFigures = { count: 0, sum: 0n, distinct: 0 };

export class SlidingWindow {
  #times: number[] = [];
  #values: bigint[] = [];
  #labels: (string | null)[] = [];
  #head = 0;
  #sum = 0n;
  readonly #distinct = new Map<string, number>();
  /** The latest time each label was seen at, while it is in the window. */
  readonly #lastSeen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly graceMs: number,
  ) {}

  get size(): number {
    return this.#times.length - this.#head;
  }

  get newest(): number {
    return this.size === 0 ? Number.NEGATIVE_INFINITY : this.#times[this.#times.length - 1]!;
  }

  /** The figures over (at − window, at], without the transaction at `at` itself. */
  figures(at: number): WindowFigures {
    if (this.size === 0) return EMPTY;
    if (at >= this.newest) {
      this.#evictUpTo(at - this.windowMs);
      // Entries kept for grace may still be inside [head, …) but outside this window: skip them.
      let start = this.#head;
      let count = this.size;
      let sum = this.#sum;
      let dropped: Map<string, number> | undefined;
      while (start < this.#times.length && this.#times[start]! <= at - this.windowMs) {
        sum -= this.#values[start]!;
        count -= 1;
        const label = this.#labels[start];
        if (label != null) (dropped ??= new Map()).set(label, (dropped.get(label) ?? 0) + 1);
        start += 1;
      }
      let distinct = this.#distinct.size;
      if (dropped) for (const [label, n] of dropped) if (this.#distinct.get(label) === n) distinct -= 1;
      return { count, sum, distinct };
    }
    return this.#scan(at);
  }

  add(at: number, value: bigint, label: string | null): void {
    if (at >= this.newest) {
      this.#times.push(at);
      this.#values.push(value);
      this.#labels.push(label);
    } else {
      const index = this.#insertionPoint(at);
      this.#times.splice(index, 0, at);
      this.#values.splice(index, 0, value);
      this.#labels.splice(index, 0, label);
    }
    this.#sum += value;
    if (label != null) {
      this.#distinct.set(label, (this.#distinct.get(label) ?? 0) + 1);
      this.#lastSeen.set(label, Math.max(at, this.#lastSeen.get(label) ?? Number.NEGATIVE_INFINITY));
    }
  }

  /**
   * Takes back an entry added with `add` (its transaction was rolled back). False when it is no
   * longer held (already evicted: its figures left the window then). An eviction it caused itself
   * (it was the newest) is not undone: entries more than window plus grace behind it stay gone, as
   * they would for any transaction arriving that late.
   */
  remove(at: number, value: bigint, label: string | null): boolean {
    let index = -1;
    for (let i = this.#insertionPoint(at) - 1; i >= this.#head && this.#times[i] === at; i--) {
      if (this.#values[i] === value && this.#labels[i] === label) {
        index = i;
        break;
      }
    }
    if (index < 0) return false;
    this.#times.splice(index, 1);
    this.#values.splice(index, 1);
    this.#labels.splice(index, 1);
    this.#sum -= value;
    if (label != null) {
      const left = (this.#distinct.get(label) ?? 0) - 1;
      if (left <= 0) {
        this.#distinct.delete(label);
        this.#lastSeen.delete(label);
      } else {
        this.#distinct.set(label, left);
        if (this.#lastSeen.get(label) === at) {
          let last = Number.NEGATIVE_INFINITY;
          for (let i = this.#head; i < this.#times.length; i++) if (this.#labels[i] === label) last = this.#times[i]!;
          this.#lastSeen.set(label, last);
        }
      }
    }
    return true;
  }

  /** Whether a transaction with this label lies in (at − window, at]. */
  hasLabelWithin(label: string, at: number): boolean {
    const last = this.#lastSeen.get(label);
    if (last === undefined || last <= at - this.windowMs) return false;
    if (last <= at) return true;
    for (let i = this.#head; i < this.#times.length; i++) {
      const t = this.#times[i]!;
      if (t > at) break;
      if (t > at - this.windowMs && this.#labels[i] === label) return true;
    }
    return false;
  }

  #scan(at: number): WindowFigures {
    let count = 0;
    let sum = 0n;
    const labels = new Set<string>();
    for (let i = this.#head; i < this.#times.length; i++) {
      const t = this.#times[i]!;
      if (t <= at - this.windowMs) continue;
      if (t > at) break;
      count += 1;
      sum += this.#values[i]!;
      const label = this.#labels[i];
      if (label != null) labels.add(label);
    }
    return { count, sum, distinct: labels.size };
  }

  #insertionPoint(at: number): number {
    // After every entry at or before `at`, so equal times keep their arrival order.
    let lo = this.#head;
    let hi = this.#times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#times[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #evictUpTo(cutoff: number): void {
    const horizon = cutoff - this.graceMs;
    while (this.#head < this.#times.length && this.#times[this.#head]! <= horizon) {
      this.#sum -= this.#values[this.#head]!;
      const label = this.#labels[this.#head];
      if (label != null) {
        const left = (this.#distinct.get(label) ?? 0) - 1;
        if (left <= 0) {
          this.#distinct.delete(label);
          this.#lastSeen.delete(label);
        } else this.#distinct.set(label, left);
      }
      this.#head += 1;
    }
    if (this.#head > 64 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#values = this.#values.slice(this.#head);
      this.#labels = this.#labels.slice(this.#head);
      this.#head = 0;
    }
  }
}
