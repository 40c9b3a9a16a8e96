/**
 * The alert queue's sparse page cache (pure, no React): pages of `pageSize` rows keyed by page
 * index, fetched by offset only for the window the table shows, so row 99 999 costs one page, not
 * the 199 before it. A new filter or sort (or a refresh) starts a new generation: answers to an
 * older one are ignored; the old rows stay on screen (marked stale) until the new generation's first
 * page replaces them all at once, so a refresh does not flash placeholders.
 */
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
}

export function emptyCache<T>(pageSize: number): PageCache<T> {
  return { generation: 0, pageSize, total: undefined, pages: new Map(), inFlight: new Set(), stale: false };
}

/** A new generation: nothing in flight counts any more; the rows stay, stale, until the first answer. */
export function resetCache<T>(cache: PageCache<T>): PageCache<T> {
  return { ...cache, generation: cache.generation + 1, inFlight: new Set(), stale: cache.pages.size > 0 };
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
 * flight. Pages scrolled past are never in this list, so they are never asked for.
 */
export function missingPages<T>(cache: PageCache<T>, first: number, last: number): number[] {
  return pagesCovering(first, last, cache.pageSize, cache.total).filter((p) => (cache.stale || !cache.pages.has(p)) && !cache.inFlight.has(p));
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
  return { ...cache, total, pages, inFlight, stale: false };
}

/** A failed request: the page may be asked for again. */
export function failPage<T>(cache: PageCache<T>, generation: number, page: number): PageCache<T> {
  if (generation !== cache.generation || !cache.inFlight.has(page)) return cache;
  const inFlight = new Set(cache.inFlight);
  inFlight.delete(page);
  return { ...cache, inFlight };
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
