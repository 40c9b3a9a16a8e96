import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { invoke, type CommandInput, type CommandOutput, type WireError } from '../../api';
import type { AlertFilter, AlertSort } from './alert-format';
import { emptyCache, failPage, loadedRows, markInFlight, missingPages, receivePage, resetCache, rowAt, type PageCache } from './page-cache';

export type AlertRow = CommandOutput<'monitoring.alerts.list'>['rows'][number];
export type QueueCounts = CommandOutput<'monitoring.alerts.list'>['counts'];
export type AlertGroup = CommandOutput<'monitoring.alerts.groups'>['groups'][number];
type WireFilter = NonNullable<CommandInput<'monitoring.alerts.list'>['filter']>;

/** Rows per page (monitoring.alerts.list takes at most 500). */
export const PAGE = 500;

/** The screen's filter as the command takes it. */
export function wireFilter(filter: AlertFilter): WireFilter {
  return {
    state: filter.state,
    ...(filter.level ? { level: filter.level } : {}),
    ...(filter.ruleId ? { ruleId: filter.ruleId } : {}),
    ...(filter.customerId ? { customerId: filter.customerId } : {}),
    ...(filter.assignee ? { assignee: filter.assignee } : {}),
    ...(filter.q ? { q: filter.q } : {}),
  };
}

export interface AlertQueue {
  /** The loaded rows in queue order (selection, j/k, bulk actions work on these). */
  readonly rows: readonly AlertRow[];
  readonly total: number | undefined;
  readonly counts: QueueCounts | undefined;
  readonly loading: boolean;
  readonly error: WireError | undefined;
  /** The row at a position of the whole queue, or undefined while its page loads. */
  readonly rowAt: (index: number) => AlertRow | undefined;
  /** The position of a loaded alert in the queue, or -1. */
  readonly indexOf: (id: number) => number;
  /** The table shows rows `first`..`last`: the pages covering them are fetched (by offset), no others. */
  readonly showRange: (first: number, last: number) => void;
}

/** Requests at once: a fling past many pages asks only for where it lands, not every page on the way. */
const MAX_IN_FLIGHT = 2;

/**
 * The alert queue as a sparse cache of pages from the core (filter and sort run there, over every
 * alert): the table knows the total, draws the full height and reports its visible window; only the
 * pages covering that window are fetched, by offset, so the end of 100 000 alerts costs one page. A
 * new filter, sort or `revision` starts a new generation (answers to older requests are ignored).
 */
export function useAlertQueue(filter: AlertFilter, sort: AlertSort, revision: number): AlertQueue {
  const cache = useRef<PageCache<AlertRow>>(emptyCache(PAGE));
  const [view, setView] = useState<PageCache<AlertRow>>(cache.current);
  const [counts, setCounts] = useState<QueueCounts | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const range = useRef<readonly [number, number]>([0, PAGE - 1]);
  const key = JSON.stringify([wireFilter(filter), sort]);
  const keyRef = useRef(key);

  const commit = useCallback((next: PageCache<AlertRow>) => {
    if (next === cache.current) return;
    cache.current = next;
    setView(next);
  }, []);

  const pump = useCallback(() => {
    const [first, last] = range.current;
    for (const page of missingPages(cache.current, first, last)) {
      if (cache.current.inFlight.size >= MAX_IN_FLIGHT) return;
      const generation = cache.current.generation;
      commit(markInFlight(cache.current, page));
      const [f, s] = JSON.parse(keyRef.current) as [WireFilter, AlertSort];
      void invoke('monitoring.alerts.list', { offset: page * PAGE, limit: PAGE, filter: f, sort: s }).then((result) => {
        if (generation !== cache.current.generation) return;
        if (!result.ok) {
          setError(result.error);
          // Not asked again at once (the error shows): the next scroll, a refresh or a new filter asks again.
          commit(failPage(cache.current, generation, page));
          return;
        }
        setError(undefined);
        setCounts(result.value.counts);
        commit(receivePage(cache.current, generation, page, result.value.rows, result.value.total));
        pump();
      });
    }
  }, [commit]);

  useEffect(() => {
    keyRef.current = key;
    commit(resetCache(cache.current));
    pump();
  }, [key, revision, commit, pump]);

  const showRange = useCallback(
    (first: number, last: number) => {
      const [f, l] = range.current;
      if (f === first && l === last) return;
      range.current = [first, last];
      pump();
    },
    [pump],
  );

  const loaded = useMemo(() => loadedRows(view), [view]);
  const positions = useMemo(() => new Map(loaded.rows.map((r, i) => [r.id, loaded.indexes[i]!])), [loaded]);
  const rowAtIndex = useCallback((index: number) => rowAt(view, index), [view]);
  const indexOf = useCallback((id: number) => positions.get(id) ?? -1, [positions]);
  const loading = view.inFlight.size > 0 || (view.total === undefined && error === undefined);

  return { rows: loaded.rows, total: view.total, counts, loading, error, rowAt: rowAtIndex, indexOf, showRange };
}

/** The side list: alerts grouped by rule or by customer under the same filter (without its own key). */
export function useAlertGroups(by: 'rule' | 'customer' | null, filter: AlertFilter, revision: number): { readonly groups: readonly AlertGroup[] | undefined; readonly error: WireError | undefined } {
  const [groups, setGroups] = useState<readonly AlertGroup[] | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  // The group's own key is left out, so the list keeps showing every group while one is chosen.
  const rest: AlertFilter = by === 'rule' ? { ...filter, ruleId: undefined } : by === 'customer' ? { ...filter, customerId: undefined } : filter;
  const key = JSON.stringify(wireFilter(rest));
  useEffect(() => {
    if (!by) {
      setGroups(undefined);
      return;
    }
    let live = true;
    void invoke('monitoring.alerts.groups', { by, filter: JSON.parse(key) as WireFilter }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setGroups(result.value.groups);
        setError(undefined);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [by, key, revision]);
  return { groups, error };
}
