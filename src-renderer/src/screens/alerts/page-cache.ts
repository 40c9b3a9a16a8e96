/**
 * The alert queue's sparse page cache (pure, no React): pages of `pageSize` rows keyed by page
 * index, fetched by offset only for the window the table shows, so row 99 999 costs one page, not
 * the 199 before it. A new filter or sort (or a refresh) starts a new generation: answers to an
 * older one are ignored; the old rows stay on screen (marked stale) until the new generation's first
 * page replaces them all at once, so a refresh does not flash placeholders.
 *
 * A page whose request fails is asked again after a growing pause (`retryDelayMs`), up to
 * `MAX_ATTEMPTS` requests in all; then it is given up and stays failed (the table draws an error
 * row with a Retry action) until `retryPage`, a refresh or a new filter.
 */
/** Requests for one page before it is given up (the first and three retries). */
export const MAX_ATTEMPTS = 4;

/** The pause before asking a failed page again after its `attempts`-th failure: 0.5 s, 1 s, 2 s. */
export function retryDelayMs(attempts: number): number {
  return 500 * 2 ** Math.max(0, attempts - 1);
}

/**
 * A page whose last request failed: `waiting` for its retry pause, `due` (asked again as soon as it
 * is in view) or `gave_up` after `MAX_ATTEMPTS` (only `retryPage` asks again).
 */
export interface PageFailure {
  readonly attempts: number;
  readonly message: string;
  readonly state: 'waiting' | 'due' | 'gave_up';
}

export interface PageCache<T> {
  readonly generation: number;
  readonly pageSize: number;
  /** Rows in the queue, as the last answer of this generation said; undefined before the first. */
  readonly total: number | undefined;
  readonly pages: ReadonlyMap<number, readonly T[]>;
  /** Pages asked for in this generation and not answered yet. */
  readonly inFlight: ReadonlySet<number>;
  /** The pages are the previous generation's (shown until this one's first answer). */
  readonly stale: boolean;
  /** Pages of this generation whose last request failed. */
  readonly failed: ReadonlyMap<number, PageFailure>;
}

export function emptyCache<T>(pageSize: number): PageCache<T> {
  return { generation: 0, pageSize, total: undefined, pages: new Map(), inFlight: new Set(), stale: false, failed: new Map() };
}

/** A new generation: nothing in flight counts any more; the rows stay, stale, until the first answer. */
export function resetCache<T>(cache: PageCache<T>): PageCache<T> {
  return { ...cache, generation: cache.generation + 1, inFlight: new Set(), stale: cache.pages.size > 0, failed: new Map() };
}

/** The page indexes that cover rows `first`..`last` (inclusive), clamped to the total when known. */
export function pagesCovering(first: number, last: number, pageSize: number, total: number | undefined): number[] {
  const end = total === undefined ? last : Math.min(last, total - 1);
  const start = Math.max(0, first);
  if (end < start) return total === undefined || total > 0 ? [Math.floor(start / pageSize)] : [];
  const pages: number[] = [];
  for (let p = Math.floor(start / pageSize); p <= Math.floor(end / pageSize); p++) pages.push(p);
  return pages;
}

/**
 * The pages still to ask for to show rows `first`..`last`: not loaded in this generation and not in
 * flight, and not failed unless its retry is due. Pages scrolled past are never in this list, so
 * they are never asked for.
 */
export function missingPages<T>(cache: PageCache<T>, first: number, last: number): number[] {
  return pagesCovering(first, last, cache.pageSize, cache.total).filter((p) => (cache.stale || !cache.pages.has(p)) && !cache.inFlight.has(p) && (cache.failed.get(p)?.state ?? 'due') === 'due');
}

export function markInFlight<T>(cache: PageCache<T>, page: number): PageCache<T> {
  return { ...cache, inFlight: new Set(cache.inFlight).add(page) };
}

/**
 * An answer for `page` asked in `generation`: ignored (the same cache back) when the generation has
 * moved on; the first answer of a generation replaces the stale pages.
 */
export function receivePage<T>(cache: PageCache<T>, generation: number, page: number, rows: readonly T[], total: number): PageCache<T> {
  if (generation !== cache.generation) return cache;
  const inFlight = new Set(cache.inFlight);
  inFlight.delete(page);
  const pages = new Map(cache.stale ? [] : cache.pages);
  pages.set(page, rows);
  // The queue shrank (alerts closed by someone else): pages past its end are gone.
  const lastPage = total === 0 ? -1 : Math.floor((total - 1) / cache.pageSize);
  for (const p of pages.keys()) if (p > lastPage) pages.delete(p);
  const failed = new Map(cache.failed);
  failed.delete(page);
  for (const p of failed.keys()) if (p > lastPage) failed.delete(p);
  return { ...cache, total, pages, inFlight, stale: false, failed };
}

/**
 * A failed request: the page waits for its retry pause (the caller schedules `retryDue` after
 * `retryDelayMs(attempts)`), or is given up after `MAX_ATTEMPTS` or when `final` (retrying cannot help).
 */
export function failPage<T>(cache: PageCache<T>, generation: number, page: number, message: string, final = false): PageCache<T> {
  if (generation !== cache.generation || !cache.inFlight.has(page)) return cache;
  const inFlight = new Set(cache.inFlight);
  inFlight.delete(page);
  const attempts = (cache.failed.get(page)?.attempts ?? 0) + 1;
  const state = final || attempts >= MAX_ATTEMPTS ? 'gave_up' : 'waiting';
  const failed = new Map(cache.failed).set(page, { attempts, message, state });
  // Given up before this generation's first answer: the previous query's rows (and total) must not
  // stand in for this one's any longer.
  if (state === 'gave_up' && cache.stale) return { ...cache, inFlight, failed, pages: new Map(), total: undefined, stale: false };
  return { ...cache, inFlight, failed };
}

/** A failed page's pause is over: it is asked again once it is in view. */
export function retryDue<T>(cache: PageCache<T>, generation: number, page: number): PageCache<T> {
  const failure = cache.failed.get(page);
  if (generation !== cache.generation || failure?.state !== 'waiting') return cache;
  return { ...cache, failed: new Map(cache.failed).set(page, { ...failure, state: 'due' }) };
}

/** The operator's Retry on a given-up page: asked again (with a fresh count of attempts). */
export function retryPage<T>(cache: PageCache<T>, page: number): PageCache<T> {
  if (!cache.failed.has(page)) return cache;
  const failed = new Map(cache.failed);
  failed.delete(page);
  return { ...cache, failed };
}

/** The given-up page covering row `index`, with the rows it covers, or undefined. */
export function failureAt<T>(cache: PageCache<T>, index: number): { readonly page: number; readonly first: number; readonly last: number; readonly failure: PageFailure } | undefined {
  if (index < 0 || cache.stale) return undefined;
  const page = Math.floor(index / cache.pageSize);
  const failure = cache.failed.get(page);
  if (failure?.state !== 'gave_up') return undefined;
  const first = page * cache.pageSize;
  const last = cache.total === undefined ? first + cache.pageSize - 1 : Math.min(first + cache.pageSize, cache.total) - 1;
  return { page, first, last, failure };
}

/** The row at `index`, or undefined while its page is not loaded (the table draws a placeholder). */
export function rowAt<T>(cache: PageCache<T>, index: number): T | undefined {
  if (index < 0) return undefined;
  return cache.pages.get(Math.floor(index / cache.pageSize))?.[index % cache.pageSize];
}

/** The loaded rows in queue order, each with its index (selection, j/k and bulk actions work on these). */
export function loadedRows<T>(cache: PageCache<T>): { readonly rows: readonly T[]; readonly indexes: readonly number[] } {
  const rows: T[] = [];
  const indexes: number[] = [];
  for (const p of [...cache.pages.keys()].sort((a, b) => a - b)) {
    const page = cache.pages.get(p)!;
    for (let i = 0; i < page.length; i++) {
      rows.push(page[i]!);
      indexes.push(p * cache.pageSize + i);
    }
  }
  return { rows, indexes };
}
