/**
 * The alert queue's loader against a stub core at the IPC boundary (`window.api.invoke`, what the
 * preload bridge exposes): pages asked for by the visible window, a failed page retried after
 * 0.5 s, 1 s and 2 s, then given up until Retry; answers and timers of an older query ignored.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failureAt, rowAt } from './page-cache';
import { QueueLoader, type QueueSnapshot } from './queue-loader';

const PAGE = 10;
const TOTAL = 95;

interface Call {
  readonly command: string;
  readonly offset: number;
  readonly filter: unknown;
}

/** A core holding TOTAL alerts; `failures.get(offset)` answers that many requests of a page with an error first. */
function stubCore(failures = new Map<number, number>(), code = 'INTERNAL') {
  const calls: Call[] = [];
  const invoke = vi.fn((command: string, input: { offset: number; limit: number; filter?: unknown }) => {
    calls.push({ command, offset: input.offset, filter: input.filter });
    const left = failures.get(input.offset) ?? 0;
    if (left > 0) {
      failures.set(input.offset, left - 1);
      return Promise.resolve({ ok: false, error: { code, message: `page at ${input.offset} failed` } });
    }
    const rows = Array.from({ length: Math.max(0, Math.min(input.limit, TOTAL - input.offset)) }, (_, i) => ({ id: input.offset + i + 1 }));
    return Promise.resolve({ ok: true, value: { rows, total: TOTAL, nextCursor: null, counts: { open: TOTAL, unassigned: 0, mine: 0, closed: 0, suppressed: 0 } } });
  });
  vi.stubGlobal('window', { api: { invoke } });
  return { calls, pagesAsked: () => calls.map((c) => c.offset / PAGE) };
}

function loader(): { readonly q: QueueLoader; readonly last: () => QueueSnapshot } {
  let snap: QueueSnapshot | undefined;
  const q = new QueueLoader(PAGE, (s) => (snap = s));
  return { q, last: () => snap ?? q.snapshot };
}

const settle = (ms = 0): Promise<void> => vi.advanceTimersByTimeAsync(ms).then(() => undefined);
const id = (s: QueueSnapshot, index: number): number | undefined => (rowAt(s.cache, index) as { id: number } | undefined)?.id;

describe('alert queue loader (stub core at the IPC boundary)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('asks only for the pages in view, at most two at a time', async () => {
    const core = stubCore();
    const { q, last } = loader();
    q.setQuery({ state: 'open' }, { by: 'raisedAt', dir: 'desc' });
    await settle();
    expect(core.pagesAsked()).toEqual([0]);
    q.showRange(90, 94);
    await settle();
    expect(core.pagesAsked()).toEqual([0, 9]);
    expect(id(last(), 94)).toBe(95);
    q.showRange(20, 55);
    await settle();
    expect(core.pagesAsked()).toEqual([0, 9, 2, 3, 4, 5]);
    expect(last().counts?.open).toBe(TOTAL);
  });

  it('retries a failed page after 0.5 s and 1 s and then shows its rows', async () => {
    const core = stubCore(new Map([[30, 2]]));
    const { q, last } = loader();
    q.setQuery({ state: 'open' }, { by: 'raisedAt', dir: 'desc' });
    q.showRange(30, 39);
    await settle();
    // The first page is asked as the query starts (the table's first window), then the page in view.
    expect(core.pagesAsked()).toEqual([0, 3]);
    expect(last().cache.failed.get(3)).toMatchObject({ attempts: 1, state: 'waiting' });
    // Not asked again before its pause is over ...
    await settle(499);
    expect(core.pagesAsked()).toEqual([0, 3]);
    // ... then again, fails, and waits twice as long.
    await settle(1);
    expect(core.pagesAsked()).toEqual([0, 3, 3]);
    expect(last().cache.failed.get(3)).toMatchObject({ attempts: 2, state: 'waiting' });
    await settle(999);
    expect(core.pagesAsked()).toEqual([0, 3, 3]);
    await settle(1);
    expect(core.pagesAsked()).toEqual([0, 3, 3, 3]);
    expect(id(last(), 30)).toBe(31);
    expect(last().cache.failed.size).toBe(0);
    expect(last().error).toBeUndefined();
  });

  it('gives a page up after four attempts, asks nothing more until Retry, and loads it on Retry', async () => {
    const core = stubCore(new Map([[0, 4]]));
    const { q, last } = loader();
    q.setQuery({ state: 'open' }, { by: 'raisedAt', dir: 'desc' });
    await settle(10_000);
    expect(core.pagesAsked()).toEqual([0, 0, 0, 0]);
    const given = last().cache.failed.get(0);
    expect(given).toEqual({ attempts: 4, message: 'page at 0 failed', state: 'gave_up' });
    expect(last().error?.message).toBe('page at 0 failed');
    expect(last().counts).toBeUndefined();
    // Scrolling over it does not ask again either: the table shows its error row.
    q.showRange(0, 5);
    await settle(60_000);
    expect(core.pagesAsked()).toHaveLength(4);
    expect(failureAt(last().cache, 3)).toMatchObject({ page: 0, first: 0, failure: given });
    q.retry(0);
    await settle();
    expect(core.pagesAsked()).toHaveLength(5);
    expect(id(last(), 0)).toBe(1);
    expect(last().cache.total).toBe(TOTAL);
    expect(last().error).toBeUndefined();
  });

  it('a refresh keeps the old rows while it retries, and drops them and their counts once it gives up', async () => {
    const failures = new Map<number, number>();
    const core = stubCore(failures);
    const { q, last } = loader();
    q.setQuery({ state: 'open' }, { by: 'raisedAt', dir: 'desc' });
    await settle();
    failures.set(0, 4);
    q.setQuery({ state: 'open' }, { by: 'raisedAt', dir: 'desc' });
    await settle();
    expect(id(last(), 0)).toBe(1);
    expect(last().cache.stale).toBe(true);
    await settle(10_000);
    expect(core.pagesAsked()).toEqual([0, 0, 0, 0, 0]);
    expect(last().cache.total).toBeUndefined();
    expect(id(last(), 0)).toBeUndefined();
    expect(last().counts).toBeUndefined();
  });

  it('does not retry when the session is gone (the window returns to Unlock)', async () => {
    const core = stubCore(new Map([[0, 1]]), 'LOCKED');
    const { q, last } = loader();
    q.setQuery({ state: 'open' }, { by: 'raisedAt', dir: 'desc' });
    await settle(10_000);
    expect(core.pagesAsked()).toEqual([0]);
    expect(last().cache.failed.get(0)?.state).toBe('gave_up');
  });

  it('a new query drops the old one’s pending retries and late answers', async () => {
    const core = stubCore(new Map([[0, 1]]));
    const { q, last } = loader();
    q.setQuery({ state: 'open' }, { by: 'raisedAt', dir: 'desc' });
    await settle();
    expect(last().cache.failed.get(0)?.state).toBe('waiting');
    q.setQuery({ state: 'closed' }, { by: 'raisedAt', dir: 'desc' });
    await settle(5_000);
    // One request for the old query, one for the new: the old retry never fires.
    expect(core.calls.map((c) => [c.offset, c.filter])).toEqual([
      [0, { state: 'open' }],
      [0, { state: 'closed' }],
    ]);
    expect(last().cache.failed.size).toBe(0);
    expect(id(last(), 0)).toBe(1);
  });

  it('after dispose, answers and timers change nothing', async () => {
    const core = stubCore(new Map([[0, 1]]));
    const { q, last } = loader();
    q.setQuery({ state: 'open' }, { by: 'raisedAt', dir: 'desc' });
    await settle();
    const before = last();
    q.dispose();
    await settle(5_000);
    expect(core.pagesAsked()).toEqual([0]);
    expect(last()).toBe(before);
  });
});
