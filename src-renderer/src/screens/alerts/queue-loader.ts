/**
 * The alert queue's loader (no React): keeps the sparse page cache (`page-cache.ts`) for one query,
 * asks the core for the pages under the visible window (at most `MAX_IN_FLIGHT` at a time), and
 * retries a page whose request failed after a growing pause, up to `MAX_ATTEMPTS`; a page given
 * up stays failed until `retry` (the table's Retry action), a refresh or a new query. The hook
 * (`useAlertQueue`) renders its snapshots.
 */
import { invoke as coreInvoke, isAuthLoss, type CommandInput, type CommandOutput, type Result, type WireError } from '../../api';
import { emptyCache, failPage, markInFlight, missingPages, receivePage, resetCache, retryDelayMs, retryDue, retryPage, type PageCache } from './page-cache';

export type AlertRow = CommandOutput<'monitoring.alerts.list'>['rows'][number];
export type QueueCounts = CommandOutput<'monitoring.alerts.list'>['counts'];
export type ListInput = CommandInput<'monitoring.alerts.list'>;
export type WireFilter = NonNullable<ListInput['filter']>;
export type WireSort = NonNullable<ListInput['sort']>;

/** Requests at once: a fling past many pages asks only for where it lands, not every page on the way. */
export const MAX_IN_FLIGHT = 2;

export interface QueueSnapshot {
  readonly cache: PageCache<AlertRow>;
  readonly counts: QueueCounts | undefined;
  /** The last failure of this query (kept while any page is still failed), or undefined. */
  readonly error: WireError | undefined;
}

export interface LoaderDeps {
  readonly list: (input: ListInput) => Promise<Result<CommandOutput<'monitoring.alerts.list'>>>;
  readonly setTimer: (run: () => void, ms: number) => unknown;
  readonly clearTimer: (handle: unknown) => void;
}

const defaultDeps: LoaderDeps = {
  list: (input) => coreInvoke('monitoring.alerts.list', input),
  setTimer: (run, ms) => setTimeout(run, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class QueueLoader {
  #snapshot: QueueSnapshot;
  #query: { filter: WireFilter; sort: WireSort } | undefined;
  #range: readonly [number, number];
  readonly #timers = new Set<unknown>();
  #disposed = false;

  constructor(
    readonly pageSize: number,
    private readonly onChange: (snapshot: QueueSnapshot) => void,
    private readonly deps: LoaderDeps = defaultDeps,
  ) {
    this.#snapshot = { cache: emptyCache(pageSize), counts: undefined, error: undefined };
    this.#range = [0, pageSize - 1];
  }

  get snapshot(): QueueSnapshot {
    return this.#snapshot;
  }

  /** A new filter or sort, or a refresh of the same one: a new generation, asked from the start. */
  setQuery(filter: WireFilter, sort: WireSort): void {
    this.#query = { filter, sort };
    this.#clearTimers();
    this.#set({ ...this.#snapshot, cache: resetCache(this.#snapshot.cache), error: undefined });
    this.#pump();
  }

  /** The table shows rows `first`..`last`: the pages covering them are asked for, no others. */
  showRange(first: number, last: number): void {
    const [f, l] = this.#range;
    if (f === first && l === last) return;
    this.#range = [first, last];
    this.#pump();
  }

  /** The operator's Retry on a page given up (or every failed page when `page` is undefined). */
  retry(page?: number): void {
    let cache = this.#snapshot.cache;
    for (const p of page === undefined ? [...cache.failed.keys()] : [page]) cache = retryPage(cache, p);
    this.#set({ ...this.#snapshot, cache, error: cache.failed.size === 0 ? undefined : this.#snapshot.error });
    this.#pump();
  }

  /** Mounted (again): answers and timers count. */
  resume(): void {
    this.#disposed = false;
  }

  /** Unmounted: answers still on their way and retry timers are dropped. */
  dispose(): void {
    this.#disposed = true;
    this.#clearTimers();
  }

  #set(next: QueueSnapshot): void {
    if (next.cache === this.#snapshot.cache && next.counts === this.#snapshot.counts && next.error === this.#snapshot.error) return;
    this.#snapshot = next;
    if (!this.#disposed) this.onChange(next);
  }

  #clearTimers(): void {
    for (const t of this.#timers) this.deps.clearTimer(t);
    this.#timers.clear();
  }

  #pump(): void {
    const query = this.#query;
    if (!query || this.#disposed) return;
    const [first, last] = this.#range;
    for (const page of missingPages(this.#snapshot.cache, first, last)) {
      if (this.#snapshot.cache.inFlight.size >= MAX_IN_FLIGHT) return;
      const generation = this.#snapshot.cache.generation;
      this.#set({ ...this.#snapshot, cache: markInFlight(this.#snapshot.cache, page) });
      void this.deps.list({ offset: page * this.pageSize, limit: this.pageSize, filter: query.filter, sort: query.sort }).then((result) => this.#answer(generation, page, result));
    }
  }

  #answer(generation: number, page: number, result: Result<CommandOutput<'monitoring.alerts.list'>>): void {
    if (this.#disposed || generation !== this.#snapshot.cache.generation) return;
    if (result.ok) {
      const cache = receivePage(this.#snapshot.cache, generation, page, result.value.rows, result.value.total);
      this.#set({ cache, counts: result.value.counts, error: cache.failed.size === 0 ? undefined : this.#snapshot.error });
    } else {
      // A lost session is not retried (the window returns to Unlock or Login); anything else is, after a pause.
      const cache = failPage(this.#snapshot.cache, generation, page, result.error.message, isAuthLoss(result.error.code));
      // Counts are those of the last answer: once the query has no answer at all, none stand for it.
      this.#set({ cache, counts: cache.total === undefined ? undefined : this.#snapshot.counts, error: result.error });
      const failure = cache.failed.get(page);
      if (failure?.state === 'waiting') {
        const timer = this.deps.setTimer(() => {
          this.#timers.delete(timer);
          this.#set({ ...this.#snapshot, cache: retryDue(this.#snapshot.cache, generation, page) });
          this.#pump();
        }, retryDelayMs(failure.attempts));
        this.#timers.add(timer);
      }
    }
    this.#pump();
  }
}
