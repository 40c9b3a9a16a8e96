import { describe, expect, it } from 'vitest';
import { emptyCache, failPage, loadedRows, markInFlight, missingPages, pagesCovering, receivePage, resetCache, rowAt, type PageCache } from './page-cache';

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

  it('lets a failed page be asked again', () => {
    let c = markInFlight(load(emptyCache<string>(10), [0], 100), 3);
    expect(missingPages(c, 30, 35)).toEqual([]);
    c = failPage(c, c.generation, 3);
    expect(missingPages(c, 30, 35)).toEqual([3]);
  });

  it('lists the loaded rows in queue order with their indexes', () => {
    const c = load(emptyCache<string>(3), [4, 0], 14);
    expect(loadedRows(c)).toEqual({ rows: ['r0', 'r1', 'r2', 'r12', 'r13'], indexes: [0, 1, 2, 12, 13] });
  });
});
