import { useEffect, useState } from 'react';
import { invoke, type WireError } from '../../api';
import { QUEUE_TABS, type QueueTab, type WalletView, type WithdrawalView } from './withdrawal-format';

/** The most rows the list command answers (custody.withdrawals.list, `limit` ≤ 1000). */
export const QUEUE_LIMIT = 1000;

export interface AssetInfo {
  readonly id: string;
  readonly name: string;
  readonly network: string;
  readonly decimals: number;
}

export interface WithdrawalQueue {
  /** Each tab's withdrawals, newest first; undefined until loaded. */
  readonly lists: Readonly<Partial<Record<QueueTab, readonly WithdrawalView[]>>>;
  readonly assets: ReadonlyMap<string, AssetInfo>;
  readonly wallets: readonly WalletView[];
  readonly loading: boolean;
  readonly error: WireError | undefined;
}

/**
 * Every tab of the queue at once (so each tab can show its count), with the assets (decimals) and
 * wallets the table and filters need. A new `revision` (Refresh, an action) loads it all again;
 * an answer that arrives after a newer request is dropped.
 */
export function useWithdrawalQueue(revision: number): WithdrawalQueue {
  const [state, setState] = useState<Omit<WithdrawalQueue, 'loading'>>({ lists: {}, assets: new Map(), wallets: [], error: undefined });
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let live = true;
    setLoading(true);
    void Promise.all([
      Promise.all(QUEUE_TABS.map((t) => invoke('custody.withdrawals.list', { states: [...t.states], limit: QUEUE_LIMIT }))),
      invoke('ledger.assets.list', {}),
      invoke('custody.wallets.list', {}),
    ]).then(([tabs, assets, wallets]) => {
      if (!live) return;
      setLoading(false);
      const lists: Partial<Record<QueueTab, readonly WithdrawalView[]>> = {};
      let error: WireError | undefined;
      tabs.forEach((result, i) => {
        if (result.ok) lists[QUEUE_TABS[i]!.key] = result.value.withdrawals;
        else error ??= result.error;
      });
      if (!assets.ok) error ??= assets.error;
      if (!wallets.ok) error ??= wallets.error;
      setState({
        lists,
        assets: assets.ok ? new Map(assets.value.assets.map((a) => [a.id, { id: a.id, name: a.name, network: a.network, decimals: a.decimals }])) : new Map(),
        wallets: wallets.ok ? wallets.value.wallets : [],
        error,
      });
    });
    return () => {
      live = false;
    };
  }, [revision]);

  return { ...state, loading };
}
