import { useCallback, useEffect, useRef, useState } from 'react';
import { invoke, type WireError } from '../../api';
import { QUEUE_TABS, type QueueFilters, type QueueTab, type StateCounts, type WalletView, type WithdrawalView } from './withdrawal-format';

/** Rows asked for per page (custody.withdrawals.list pages by cursor, newest first). */
export const QUEUE_PAGE = 200;

export interface AssetInfo {
  readonly id: string;
  readonly name: string;
  readonly network: string;
  readonly decimals: number;
}

export interface WithdrawalQueue {
  /** The open tab's withdrawals under the filters, newest first, as far as paged in. */
  readonly rows: readonly WithdrawalView[];
  /** Withdrawals per state under the filters (every tab's count); undefined until loaded. */
  readonly counts: StateCounts | undefined;
  /** More rows of this tab wait beyond the last page. */
  readonly hasMore: boolean;
  /** Fetch the next page (the table asks as its last rows come into view). */
  readonly loadMore: () => void;
  readonly assets: ReadonlyMap<string, AssetInfo>;
  readonly wallets: readonly WalletView[];
  readonly loading: boolean;
  readonly error: WireError | undefined;
}

interface Loaded {
  readonly rows: readonly WithdrawalView[];
  readonly counts: StateCounts | undefined;
  readonly cursor: string | null;
  readonly assets: ReadonlyMap<string, AssetInfo>;
  readonly wallets: readonly WalletView[];
  readonly error: WireError | undefined;
}

/**
 * The queue as the core pages it: the open tab's first page under the asset and wallet filters
 * (filtered by the core, not here), the count of every state under the same filters, and the
 * assets (decimals) and wallets the table and filters need. Further pages come by cursor. A new
 * `revision` (Refresh, an action), tab or filter loads from the top again; an answer that arrives
 * after a newer request is dropped.
 */
export function useWithdrawalQueue(revision: number, tab: QueueTab, filters: QueueFilters): WithdrawalQueue {
  const [state, setState] = useState<Loaded>({ rows: [], counts: undefined, cursor: null, assets: new Map(), wallets: [], error: undefined });
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const paging = useRef(false);
  const states = QUEUE_TABS.find((t) => t.key === tab)!.states;
  const query = { states: [...states], ...(filters.assetId ? { assetId: filters.assetId } : {}), ...(filters.walletId ? { walletId: filters.walletId } : {}) };
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    const mine = ++generation.current;
    paging.current = false;
    setLoading(true);
    setState((s) => ({ ...s, rows: [], cursor: null }));
    void Promise.all([
      invoke('custody.withdrawals.list', { ...(JSON.parse(queryKey) as typeof query), limit: QUEUE_PAGE }),
      invoke('ledger.assets.list', {}),
      invoke('custody.wallets.list', {}),
    ]).then(([list, assets, wallets]) => {
      if (mine !== generation.current) return;
      setLoading(false);
      setState({
        rows: list.ok ? list.value.withdrawals : [],
        counts: list.ok ? list.value.counts : undefined,
        cursor: list.ok ? list.value.nextCursor : null,
        assets: assets.ok ? new Map(assets.value.assets.map((a) => [a.id, { id: a.id, name: a.name, network: a.network, decimals: a.decimals }])) : new Map(),
        wallets: wallets.ok ? wallets.value.wallets : [],
        error: !list.ok ? list.error : !assets.ok ? assets.error : !wallets.ok ? wallets.error : undefined,
      });
    });
  }, [revision, queryKey]);

  const loadMore = useCallback(() => {
    const cursor = state.cursor;
    if (!cursor || paging.current) return;
    paging.current = true;
    const mine = generation.current;
    setLoading(true);
    void invoke('custody.withdrawals.list', { ...(JSON.parse(queryKey) as typeof query), limit: QUEUE_PAGE, cursor }).then((r) => {
      if (mine !== generation.current) return;
      paging.current = false;
      setLoading(false);
      setState((s) => (r.ok ? { ...s, rows: [...s.rows, ...r.value.withdrawals], counts: r.value.counts, cursor: r.value.nextCursor } : { ...s, error: r.error, cursor: null }));
    });
  }, [state.cursor, queryKey]);

  return { rows: state.rows, counts: state.counts, hasMore: state.cursor !== null, loadMore, assets: state.assets, wallets: state.wallets, loading, error: state.error };
}
