import { describe, expect, it } from 'vitest';
import { emptyCache, failPage, failureAt, loadedRows, markInFlight, MAX_ATTEMPTS, missingPages, pagesCovering, receivePage, resetCache, retryDelayMs, retryDue, retryPage, rowAt, type PageCache } from './page-cache';

const rows = (page: number, size: number, count = size) => Array.from({ length: count }, (_, i) => `r${page * size + i}`);
/** Ask for and receive `pages` in the current generation. */
function load(cache: PageCache<string>, pages: readonly number[], total: number): PageCache<string> {
  let c = cache;
  for (const p of pages) c = receivePage(markInFlight(c, p), c.generation, p, rows(p, c.pageSize, Math.min(c.pageSize, total - p * c.pageSize)), total);
  return c;
}

describe('alert queue page cache', () => {
  it('covers a window with the pages it touches, clamped to the total', () => {
    expect(pagesCovering(0, 30, 10, undefined)).toEqual([0, 1, 2, 3]);
    expect(pagesCovering(95, 120, 10, 100)).toEqual([9]);
    expect(pagesCovering(-5, 4, 10, 100)).toEqual([0]);
    expect(pagesCovering(0, 30, 10, 0)).toEqual([]);
    // The window past a queue that shrank: the last page, so the table learns the new total.
    expect(pagesCovering(500, 520, 10, 100)).toEqual([50]);
  });

  it('asks only for the pages of the visible window: jumping to the end of 100 000 rows asks for the last page, none before it', () => {
    let c = load(emptyCache<string>(500), [0], 100_000);
    expect(missingPages(c, 0, 40)).toEqual([]);
    expect(missingPages(c, 99_960, 99_999)).toEqual([199]);
    c = markInFlight(c, 199);
    // Asked already: not asked twice while the answer is on its way.
    expect(missingPages(c, 99_960, 99_999)).toEqual([]);
    c = receivePage(c, c.generation, 199, rows(199, 500), 100_000);
    expect(rowAt(c, 99_999)).toBe('r99999');
    expect(rowAt(c, 50_000)).toBeUndefined();
    expect([...c.pages.keys()].sort((a, b) => a - b)).toEqual([0, 199]);
    // A window over a page boundary needs both pages.
    expect(missingPages(c, 49_990, 50_010)).toEqual([99, 100]);
  });

  it('ignores answers from before a filter or sort change, and keeps old rows only until the new first page', () => {
    let c = load(emptyCache<string>(10), [0, 1], 100);
    const old = c.generation;
    c = markInFlight(c, 5);
    c = resetCache(c);
    expect(c.stale).toBe(true);
    expect(c.inFlight.size).toBe(0);
    // Shown until replaced (no flash of placeholders on a refresh) ...
    expect(rowAt(c, 3)).toBe('r3');
    // ... but every page of the window is asked for again.
    expect(missingPages(c, 0, 15)).toEqual([0, 1]);
    // The answer to the request of the old generation changes nothing.
    expect(receivePage(c, old, 5, ['late'], 100)).toBe(c);
    c = receivePage(markInFlight(c, 0), c.generation, 0, ['n0', 'n1'], 2);
    expect(c.stale).toBe(false);
    expect(c.total).toBe(2);
    expect([...c.pages.keys()]).toEqual([0]);
    expect(rowAt(c, 0)).toBe('n0');
    expect(rowAt(c, 3)).toBeUndefined();
  });

  it('drops pages past the end when the queue shrinks', () => {
    let c = load(emptyCache<string>(10), [0, 1, 2], 30);
    c = receivePage(markInFlight(c, 1), c.generation, 1, rows(1, 10, 5), 15);
    expect([...c.pages.keys()].sort()).toEqual([0, 1]);
    expect(c.total).toBe(15);
    const empty = receivePage(markInFlight(c, 0), c.generation, 0, [], 0);
    expect(empty.pages.size).toBe(0);
    expect(missingPages(empty, 0, 40)).toEqual([]);
  });

  it('asks a failed page again only after its pause, then gives it up after MAX_ATTEMPTS', () => {
    let c = markInFlight(load(emptyCache<string>(10), [0], 100), 3);
    expect(missingPages(c, 30, 35)).toEqual([]);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      c = failPage(c, c.generation, 3, 'core busy');
      expect(c.failed.get(3)).toEqual({ attempts: attempt, message: 'core busy', state: 'waiting' });
      // Waiting for its pause: not asked, and not drawn as failed (its rows stay placeholders).
      expect(missingPages(c, 30, 35)).toEqual([]);
      expect(failureAt(c, 31)).toBeUndefined();
      c = retryDue(c, c.generation, 3);
      expect(missingPages(c, 30, 35)).toEqual([3]);
      // Out of view it is not asked, even when due.
      expect(missingPages(c, 0, 9)).toEqual([]);
      c = markInFlight(c, 3);
    }
    c = failPage(c, c.generation, 3, 'core busy');
    expect(c.failed.get(3)).toEqual({ attempts: MAX_ATTEMPTS, message: 'core busy', state: 'gave_up' });
    expect(missingPages(c, 30, 35)).toEqual([]);
    // A late timer changes nothing once given up.
    expect(retryDue(c, c.generation, 3)).toBe(c);
    expect(failureAt(c, 35)).toEqual({ page: 3, first: 30, last: 39, failure: c.failed.get(3) });
    expect(failureAt(c, 41)).toBeUndefined();
    // Retry: asked again, with a fresh count.
    c = retryPage(c, 3);
    expect(missingPages(c, 30, 35)).toEqual([3]);
    c = receivePage(markInFlight(c, 3), c.generation, 3, rows(3, 10), 100);
    expect(c.failed.size).toBe(0);
    expect(rowAt(c, 35)).toBe('r35');
  });

  it('backs off 0.5 s, 1 s, 2 s', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([500, 1000, 2000]);
  });

  it('gives up at once when told retrying cannot help, and forgets failures in a new generation', () => {
    let c = markInFlight(load(emptyCache<string>(10), [0], 95), 9);
    c = failPage(c, c.generation, 9, 'locked', true);
    expect(c.failed.get(9)?.state).toBe('gave_up');
    // The last page is short: the failed block ends at the queue's end.
    expect(failureAt(c, 90)).toMatchObject({ first: 90, last: 94 });
    // A failure reported for an older generation, or for a page not asked, changes nothing.
    expect(failPage(c, c.generation - 1, 9, 'late')).toBe(c);
    expect(failPage(c, c.generation, 4, 'never asked')).toBe(c);
    c = resetCache(c);
    expect(c.failed.size).toBe(0);
    expect(missingPages(c, 90, 94)).toEqual([9]);
  });

  it('keeps the previous query’s rows while the new one retries, and drops them once it gives up', () => {
    let c = resetCache(load(emptyCache<string>(10), [0], 95));
    c = failPage(markInFlight(c, 0), c.generation, 0, 'busy');
    expect(c.stale).toBe(true);
    expect(rowAt(c, 0)).toBe('r0');
    c = retryDue(c, c.generation, 0);
    for (let i = 1; i < MAX_ATTEMPTS; i++) c = failPage(markInFlight(c, 0), c.generation, 0, 'busy');
    expect(c.failed.get(0)?.state).toBe('gave_up');
    // No old rows or total pretend to answer the new query.
    expect(c.stale).toBe(false);
    expect(c.total).toBeUndefined();
    expect(rowAt(c, 0)).toBeUndefined();
  });

  it('lists the loaded rows in queue order with their indexes', () => {
    const c = load(emptyCache<string>(3), [4, 0], 14);
    expect(loadedRows(c)).toEqual({ rows: ['r0', 'r1', 'r2', 'r12', 'r13'], indexes: [0, 1, 2, 12, 13] });
  });
});
