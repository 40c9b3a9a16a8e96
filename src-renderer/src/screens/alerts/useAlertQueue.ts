import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { invoke, type CommandInput, type CommandOutput, type WireError } from '../../api';
import type { AlertFilter, AlertSort } from './alert-format';
import { failureAt, loadedRows, rowAt, type PageFailure } from './page-cache';
import { QueueLoader, type AlertRow, type QueueCounts, type QueueSnapshot } from './queue-loader';

export type { AlertRow, QueueCounts };
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

/** A page the loader gave up on after its retries: the rows it covers (0-based, inclusive) and why. */
export interface FailedPage {
  readonly page: number;
  readonly first: number;
  readonly last: number;
  readonly failure: PageFailure;
}

export interface AlertQueue {
  /** The loaded rows in queue order (j/k and the selection's bookkeeping work on these). */
  readonly rows: readonly AlertRow[];
  readonly total: number | undefined;
  readonly counts: QueueCounts | undefined;
  readonly loading: boolean;
  /** The last failure while some page is still failed (waiting for a retry or given up). */
  readonly error: WireError | undefined;
  /** Pages given up after their retries, in queue order (each draws an error row with Retry). */
  readonly failedPages: readonly FailedPage[];
  /** The row at a position of the whole queue, or undefined while its page loads. */
  readonly rowAt: (index: number) => AlertRow | undefined;
  /** The given-up page covering a position, or undefined. */
  readonly failureAt: (index: number) => FailedPage | undefined;
  /** The position of a loaded alert in the queue, or -1. */
  readonly indexOf: (id: number) => number;
  /** The table shows rows `first`..`last`: the pages covering them are fetched (by offset), no others. */
  readonly showRange: (first: number, last: number) => void;
  /** Ask a given-up page again (every failed page without an argument). */
  readonly retry: (page?: number) => void;
}

/**
 * The alert queue as a sparse cache of pages from the core (filter and sort run there, over every
 * alert): the table knows the total, draws the full height and reports its visible window; only the
 * pages covering that window are fetched, by offset, so the end of 100 000 alerts costs one page. A
 * failed page is retried after a pause, a few times, then shown as failed with a Retry action
 * (`queue-loader.ts`). A new filter, sort or `revision` starts a new generation (answers to older
 * requests are ignored).
 */
export function useAlertQueue(filter: AlertFilter, sort: AlertSort, revision: number): AlertQueue {
  const [snapshot, setSnapshot] = useState<QueueSnapshot | undefined>();
  const loaderRef = useRef<QueueLoader | null>(null);
  if (loaderRef.current === null) loaderRef.current = new QueueLoader(PAGE, setSnapshot);
  const loader = loaderRef.current;
  const key = JSON.stringify([wireFilter(filter), sort]);

  useEffect(() => {
    loader.resume();
    return () => loader.dispose();
  }, [loader]);
  useEffect(() => {
    const [f, s] = JSON.parse(key) as [WireFilter, AlertSort];
    loader.setQuery(f, s);
  }, [key, revision, loader]);

  const { cache: view, counts, error } = snapshot ?? loader.snapshot;
  const loaded = useMemo(() => loadedRows(view), [view]);
  const positions = useMemo(() => new Map(loaded.rows.map((r, i) => [r.id, loaded.indexes[i]!])), [loaded]);
  const failedPages = useMemo(
    () =>
      [...view.failed.keys()]
        .sort((a, b) => a - b)
        .map((p) => failureAt(view, p * view.pageSize))
        .filter((f): f is FailedPage => f !== undefined),
    [view],
  );
  const rowAtIndex = useCallback((index: number) => rowAt(view, index), [view]);
  const failureAtIndex = useCallback((index: number) => failureAt(view, index), [view]);
  const indexOf = useCallback((id: number) => positions.get(id) ?? -1, [positions]);
  const showRange = useCallback((first: number, last: number) => loader.showRange(first, last), [loader]);
  const retry = useCallback((page?: number) => loader.retry(page), [loader]);
  // Loading while a request is out, or before the first answer unless the first page was given up.
  const waitingFirst = view.total === undefined && ![...view.failed.values()].some((f) => f.state === 'gave_up');
  const loading = view.inFlight.size > 0 || waitingFirst || [...view.failed.values()].some((f) => f.state !== 'gave_up');

  return { rows: loaded.rows, total: view.total, counts, loading, error, failedPages, rowAt: rowAtIndex, failureAt: failureAtIndex, indexOf, showRange, retry };
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
