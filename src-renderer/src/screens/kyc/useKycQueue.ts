import { useCallback, useEffect, useRef, useState } from 'react';
import { invoke, type WireError } from '../../api';
import { QUEUE_TABS, type CustomerSummary, type QueueTab, type ReviewDue } from './kyc-format';

/** The most rows one list call answers (kyc.customers.list, `limit` ≤ 500). */
export const QUEUE_LIMIT = 500;
/** The most rows of the reviews-due list (kyc.reviews.due, `limit` ≤ 1000). */
export const REVIEWS_LIMIT = 1000;
/** Reviews falling due within this many days are listed (overdue ones always). */
export const REVIEW_WINDOW_DAYS = 30;

export interface KycQueue {
  /** Each status tab's customers; undefined until loaded. */
  readonly lists: Readonly<Partial<Record<Exclude<QueueTab, 'reviews'>, readonly CustomerSummary[]>>>;
  /** Totals the core counted (a list may stop at QUEUE_LIMIT). */
  readonly totals: Readonly<Partial<Record<QueueTab, number>>>;
  /** Where each status tab's next page starts (keyset); null once the tab is whole. */
  readonly next: Readonly<Partial<Record<QueueTab, string | null>>>;
  readonly reviews: readonly ReviewDue[] | undefined;
  readonly graceDays: number | undefined;
  readonly loading: boolean;
  readonly error: WireError | undefined;
  /** Fetch the next page of a status tab (the table asks as its last rows come into view). */
  readonly loadMore: (tab: QueueTab) => void;
}

type Loaded = Omit<KycQueue, 'loading' | 'loadMore'>;

/**
 * Every tab of the queue at once (so each tab shows its count), and the reviews due. The search
 * (customer id or part of the name) is the core's, so it finds files beyond the first page. A new
 * `revision` (Refresh, a decision) loads it all again; an answer that arrives after a newer
 * request is dropped.
 */
export function useKycQueue(revision: number, search: string | null): KycQueue {
  const [state, setState] = useState<Loaded>({ lists: {}, totals: {}, next: {}, reviews: undefined, graceDays: undefined, error: undefined });
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);

  useEffect(() => {
    let live = true;
    const query = search?.trim().slice(0, 100);
    generation.current += 1;
    setLoading(true);
    const statusTabs = QUEUE_TABS.filter((t) => t.status !== null);
    void Promise.all([
      Promise.all(statusTabs.map((t) => invoke('kyc.customers.list', { status: [t.status!], limit: QUEUE_LIMIT, ...(query ? { search: query } : {}) }))),
      invoke('kyc.reviews.due', { withinDays: REVIEW_WINDOW_DAYS, limit: REVIEWS_LIMIT }),
    ]).then(([tabs, reviews]) => {
      if (!live) return;
      setLoading(false);
      const lists: Partial<Record<Exclude<QueueTab, 'reviews'>, readonly CustomerSummary[]>> = {};
      const totals: Partial<Record<QueueTab, number>> = {};
      const next: Partial<Record<QueueTab, string | null>> = {};
      let error: WireError | undefined;
      tabs.forEach((result, i) => {
        const key = statusTabs[i]!.key as Exclude<QueueTab, 'reviews'>;
        if (result.ok) {
          lists[key] = result.value.customers;
          totals[key] = result.value.total;
          next[key] = result.value.nextAfterId;
        } else error ??= result.error;
      });
      if (reviews.ok) totals.reviews = reviews.value.total;
      else error ??= reviews.error;
      setState({ lists, totals, next, reviews: reviews.ok ? reviews.value.reviews : undefined, graceDays: reviews.ok ? reviews.value.graceDays : undefined, error });
    });
    return () => {
      live = false;
    };
  }, [revision, search]);

  const loadMore = useCallback(
    (tab: QueueTab) => {
      const status = QUEUE_TABS.find((t) => t.key === tab)?.status;
      const afterId = state.next[tab];
      if (!status || !afterId || loading) return;
      const asked = generation.current;
      setLoading(true);
      const query = search?.trim().slice(0, 100);
      void invoke('kyc.customers.list', { status: [status], afterId, limit: QUEUE_LIMIT, ...(query ? { search: query } : {}) }).then((result) => {
        if (asked !== generation.current) return;
        setLoading(false);
        const key = tab as Exclude<QueueTab, 'reviews'>;
        setState((s) =>
          result.ok
            ? { ...s, lists: { ...s.lists, [key]: [...(s.lists[key] ?? []), ...result.value.customers] }, next: { ...s.next, [key]: result.value.nextAfterId }, totals: { ...s.totals, [key]: result.value.total } }
            : { ...s, error: result.error, next: { ...s.next, [key]: null } },
        );
      });
    },
    [state.next, loading, search],
  );

  return { ...state, loading, loadMore };
}
