import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result, WireError } from '../../api';

export interface Page<T, C> {
  readonly items: readonly T[];
  /** The cursor of the next page; undefined when this page was the last. */
  readonly next: C | undefined;
}

export interface PagedList<T> {
  readonly items: readonly T[];
  readonly hasMore: boolean;
  readonly loading: boolean;
  readonly error: WireError | undefined;
  /** Fetch the next page (ignored while one is in flight or at the end). */
  readonly loadMore: () => void;
  /** Start again from the first page. */
  readonly reload: () => void;
}

interface Loaded<T, C> {
  readonly items: readonly T[];
  readonly next: C | undefined;
  readonly done: boolean;
}

/**
 * A keyset-paged list (afterCode, beforeSeq, afterId): pages are appended as the table asks for
 * more. A new `fetchPage` (the filters changed) starts over; a page that answers after that belongs
 * to the old query and is dropped.
 */
export function usePagedList<T, C>(fetchPage: (cursor: C | undefined) => Promise<Result<Page<T, C>>>): PagedList<T> {
  const [loaded, setLoaded] = useState<Loaded<T, C>>({ items: [], next: undefined, done: false });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const generation = useRef(0);
  const inFlight = useRef(false);
  const current = useRef<Loaded<T, C>>(loaded);

  const load = useCallback(
    async (mode: 'reset' | 'more') => {
      if (mode === 'more' && (inFlight.current || current.current.done)) return;
      const gen = mode === 'reset' ? ++generation.current : generation.current;
      inFlight.current = true;
      setLoading(true);
      const result = await fetchPage(mode === 'more' ? current.current.next : undefined);
      if (gen !== generation.current) return;
      inFlight.current = false;
      setLoading(false);
      if (!result.ok) {
        setError(result.error);
        // Stop asking for more after a failure; Refresh starts again.
        const stopped = { ...current.current, done: true };
        current.current = stopped;
        setLoaded(stopped);
        return;
      }
      setError(undefined);
      const items = mode === 'reset' ? result.value.items : [...current.current.items, ...result.value.items];
      const next: Loaded<T, C> = { items, next: result.value.next, done: result.value.next === undefined };
      current.current = next;
      setLoaded(next);
    },
    [fetchPage],
  );

  useEffect(() => {
    void load('reset');
  }, [load]);

  const loadMore = useCallback(() => void load('more'), [load]);
  const reload = useCallback(() => void load('reset'), [load]);
  return { items: loaded.items, hasMore: !loaded.done, loading, error, loadMore, reload };
}
