import { useCallback, useEffect, useRef, useState } from 'react';
import { invoke, type CommandInput, type CommandOutput, type WireError } from '../../api';
import type { AlertFilter, AlertSort } from './alert-format';

export type AlertRow = CommandOutput<'monitoring.alerts.list'>['rows'][number];
export type QueueCounts = CommandOutput<'monitoring.alerts.list'>['counts'];
export type AlertGroup = CommandOutput<'monitoring.alerts.groups'>['groups'][number];
type WireFilter = NonNullable<CommandInput<'monitoring.alerts.list'>['filter']>;

/** Rows per page (monitoring.alerts.list takes at most 500). */
export const PAGE = 500;

export interface AlertQueue {
  readonly rows: readonly AlertRow[];
  readonly total: number | undefined;
  readonly counts: QueueCounts | undefined;
  readonly hasMore: boolean;
  readonly loading: boolean;
  readonly error: WireError | undefined;
  /** The table asks for the next page as its last rows come into view (keyset cursor: no offset scans). */
  readonly loadMore: () => void;
}

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

/**
 * The alert queue, a page at a time from the core (filter and sort run there, over every alert,
 * so 100 000 alerts cost one page of rows in the window until the operator scrolls). A new filter,
 * sort or `revision` starts again from the first page; an answer to an older request is dropped.
 */
export function useAlertQueue(filter: AlertFilter, sort: AlertSort, revision: number): AlertQueue {
  const [rows, setRows] = useState<readonly AlertRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState<number | undefined>();
  const [counts, setCounts] = useState<QueueCounts | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<WireError | undefined>();
  const generation = useRef(0);
  const key = JSON.stringify([wireFilter(filter), sort]);

  useEffect(() => {
    const asked = ++generation.current;
    setLoading(true);
    const [f, s] = JSON.parse(key) as [WireFilter, AlertSort];
    void invoke('monitoring.alerts.list', { limit: PAGE, filter: f, sort: s }).then((result) => {
      if (asked !== generation.current) return;
      setLoading(false);
      if (!result.ok) {
        setError(result.error);
        setRows([]);
        setCursor(null);
        return;
      }
      setError(undefined);
      setRows(result.value.rows);
      setCursor(result.value.nextCursor);
      setTotal(result.value.total);
      setCounts(result.value.counts);
    });
  }, [key, revision]);

  const loadMore = useCallback(() => {
    if (!cursor || loading) return;
    const asked = generation.current;
    setLoading(true);
    const [f, s] = JSON.parse(key) as [WireFilter, AlertSort];
    void invoke('monitoring.alerts.list', { cursor, limit: PAGE, filter: f, sort: s }).then((result) => {
      if (asked !== generation.current) return;
      setLoading(false);
      if (!result.ok) {
        setError(result.error);
        setCursor(null);
        return;
      }
      setRows((r) => [...r, ...result.value.rows]);
      setCursor(result.value.nextCursor);
      setTotal(result.value.total);
      setCounts(result.value.counts);
    });
  }, [cursor, loading, key]);

  return { rows, total, counts, hasMore: cursor !== null, loading, error, loadMore };
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
