// @vitest-environment happy-dom
/**
 * The Withdrawals queue hook against a core stubbed at the IPC boundary (`window.api.invoke`): a fake
 * that pages custody.withdrawals.list by keyset cursor, newest first, filters in its "SQL" and counts
 * every state under the asset and wallet filters, as the real handler does. Every request the hook sends
 * and every answer the fake gives is checked against the command's zod schemas, so the fake cannot drift
 * from the contract. Covered: the first page and counts; cursor paging to the end (one request at a
 * time); a filter, tab or revision change starting again from the top; an answer from before such a
 * change dropped; refusals surfaced.
 */
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands, type CommandInput, type CommandName } from '../../../../src-shared/commands';
import type { Result, WireError } from '../../../../src-shared/errors';
import { QUEUE_PAGE, useWithdrawalQueue } from './useWithdrawalQueue';
import { NO_QUEUE_FILTERS, tabCount, type QueueFilters, type QueueTab, type WalletView, type WithdrawalState, type WithdrawalView } from './withdrawal-format';

type ListInput = CommandInput<'custody.withdrawals.list'>;
interface Call {
  readonly command: CommandName;
  readonly input: unknown;
}

const WALLETS: WalletView[] = [
  { id: 'wal_00000000000000b1', assetId: 'BTC', chain: 'bitcoin', network: 'mainnet', role: 'hot', scheme: 'hsm', label: 'BTC hot', accountXpub: null, addresses: 3, createdAt: '2026-01-01T00:00:00.000Z' },
  { id: 'wal_00000000000000b2', assetId: 'BTC', chain: 'bitcoin', network: 'mainnet', role: 'cold', scheme: 'bip32', label: 'BTC cold', accountXpub: 'xpub', addresses: 1, createdAt: '2026-01-01T00:00:00.000Z' },
  { id: 'wal_00000000000000e1', assetId: 'ETH', chain: 'ethereum', network: 'mainnet', role: 'hot', scheme: 'bip32', label: 'ETH hot', accountXpub: 'xpub', addresses: 1, createdAt: '2026-01-01T00:00:00.000Z' },
];
const ASSETS = [
  { id: 'BTC', chain: 'bitcoin' as const, network: 'mainnet', symbol: 'BTC', name: 'Bitcoin', decimals: 8, finality: 'confirmations' as const, confirmations: 6 },
  { id: 'ETH', chain: 'ethereum' as const, network: 'mainnet', symbol: 'ETH', name: 'Ether', decimals: 18, finality: 'finalized' as const, confirmations: null },
];

/** 1 500 withdrawals (450 pending: three pages): states, wallets and assets mixed; several share a creation time (the id decides). */
function dataset(): WithdrawalView[] {
  const states: WithdrawalState[] = ['pending_approval', 'pending_approval', 'pending_approval', 'approved', 'signed', 'broadcast', 'settled', 'blocked', 'rejected', 'expired'];
  return Array.from({ length: 1500 }, (_, i) => {
    const wallet = WALLETS[i % 3]!;
    const createdAt = new Date(Date.parse('2026-03-01T00:00:00.000Z') + Math.floor(i / 2) * 60_000).toISOString();
    return {
      id: `wd_${String(i).padStart(6, '0')}`,
      source: i % 4 === 0 ? 'bundle' : 'console',
      requestRef: null,
      customerId: i % 5 === 0 ? null : `C-${i % 17}`,
      assetId: wallet.assetId,
      walletId: wallet.id,
      amount: String(1000 + i),
      destination: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      feeCap: '2000',
      usdCents: String(50_000 + i),
      state: states[(i * 7) % states.length]!,
      policyVersion: 1,
      ruleName: 'below 10 000 USD',
      initiator: 'op_0000000000000001',
      expiresAt: '2026-04-01T00:00:00.000Z',
      createdAt,
      rejectionReason: null,
      txid: null,
      networkFee: null,
    };
  });
}

/** The fake's keyset cursor: opaque to the hook, which passes back what it was given. */
const cursorOf = (id: string): string => `after:${id}`;
const idOfCursor = (cursor: string): string => cursor.slice('after:'.length);

/** The core at the IPC boundary. `hold()` keeps answers back until `release()`, to order them by hand. */
class FakeCore {
  readonly calls: Call[] = [];
  readonly all = dataset();
  refuse: WireError | undefined;
  #held: (() => void)[] | undefined;

  hold(): void {
    this.#held = [];
  }
  /** Let the held answers through, oldest first (or in the order given). */
  async release(order?: (n: number) => number[]): Promise<void> {
    const held = this.#held ?? [];
    this.#held = undefined;
    const indexes = order ? order(held.length) : held.map((_, i) => i);
    await act(async () => {
      for (const i of indexes) held[i]!();
      await Promise.resolve();
    });
  }
  lists(): ListInput[] {
    return this.calls.filter((c) => c.command === 'custody.withdrawals.list').map((c) => c.input as ListInput);
  }
  /** What the core would list for `filter`, whole: newest first, ties by id descending. */
  expected(filter: { states?: WithdrawalState[]; assetId?: string; walletId?: string }): WithdrawalView[] {
    return this.matching(filter).sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
  }
  countsFor(filter: { assetId?: string; walletId?: string }): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const w of this.matching({ ...filter, states: undefined })) counts[w.state] = (counts[w.state] ?? 0) + 1;
    return counts;
  }
  private matching(f: { states?: WithdrawalState[] | undefined; assetId?: string | undefined; walletId?: string | undefined }): WithdrawalView[] {
    return this.all.filter((w) => (!f.states || f.states.includes(w.state)) && (!f.assetId || w.assetId === f.assetId) && (!f.walletId || w.walletId === f.walletId));
  }

  readonly invoke = (command: CommandName, input: unknown): Promise<Result<unknown>> => {
    this.calls.push({ command, input });
    const answer = (): Result<unknown> => {
      // The request must be one the real core accepts.
      commands[command].input.parse(input);
      let value: unknown;
      if (command === 'custody.withdrawals.list') {
        if (this.refuse) return { ok: false, error: this.refuse };
        const q = commands['custody.withdrawals.list'].input.parse(input);
        const rows = this.expected(q);
        const after = q.cursor === undefined ? undefined : idOfCursor(q.cursor);
        const start = after === undefined ? 0 : rows.findIndex((w) => w.id === after) + 1;
        const page = rows.slice(start, start + q.limit);
        const more = start + q.limit < rows.length;
        value = { withdrawals: page, nextCursor: more ? cursorOf(page[page.length - 1]!.id) : null, counts: this.countsFor(q) };
      } else if (command === 'ledger.assets.list') {
        value = { assets: ASSETS };
      } else if (command === 'custody.wallets.list') {
        value = { wallets: WALLETS };
      } else {
        throw new Error(`the queue asked for ${command}`);
      }
      // The answer must be one the real core could give.
      return { ok: true, value: commands[command].output.parse(value) };
    };
    if (!this.#held) return Promise.resolve(answer());
    const held = this.#held;
    return new Promise((resolve) => held.push(() => resolve(answer())));
  };
}

interface Props {
  readonly revision: number;
  readonly tab: QueueTab;
  readonly filters: QueueFilters;
}

describe('useWithdrawalQueue', () => {
  let core: FakeCore;
  const ids = (rows: readonly WithdrawalView[]) => rows.map((w) => w.id);
  const mount = (props: Props = { revision: 0, tab: 'pending', filters: NO_QUEUE_FILTERS }) =>
    renderHook((p: Props) => useWithdrawalQueue(p.revision, p.tab, p.filters), { initialProps: props });

  beforeEach(() => {
    core = new FakeCore();
    Object.defineProperty(window, 'api', { value: { invoke: core.invoke }, configurable: true });
  });
  afterEach(() => {
    Reflect.deleteProperty(window, 'api');
  });

  it('loads the open tab’s first page, every state’s count, the assets and the wallets', async () => {
    const { result } = mount();
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    const pending = core.expected({ states: ['pending_approval'] });
    expect(pending.length).toBeGreaterThan(QUEUE_PAGE);
    expect(ids(result.current.rows)).toEqual(ids(pending.slice(0, QUEUE_PAGE)));
    expect(result.current.hasMore).toBe(true);
    expect(result.current.counts).toEqual(core.countsFor({}));
    expect(tabCount(result.current.counts!, 'pending')).toBe(pending.length);
    expect(tabCount(result.current.counts!, 'signed')).toBe(core.expected({ states: ['signed', 'broadcast'] }).length);
    expect(result.current.assets.get('ETH')).toEqual({ id: 'ETH', name: 'Ether', network: 'mainnet', decimals: 18 });
    expect(result.current.wallets.map((w) => w.id)).toEqual(WALLETS.map((w) => w.id));
    expect(result.current.error).toBeUndefined();
    expect(core.lists()).toEqual([{ states: ['pending_approval'], limit: QUEUE_PAGE }]);
  });

  it('pages by cursor to the end, one request at a time, and asks nothing after the last page', async () => {
    const { result } = mount();
    await waitFor(() => expect(result.current.loading).toBe(false));
    const pending = core.expected({ states: ['pending_approval'] });
    const pages = Math.ceil(pending.length / QUEUE_PAGE);
    expect(pages).toBeGreaterThan(1);
    for (let p = 1; p < pages; p++) {
      expect(result.current.hasMore).toBe(true);
      core.hold();
      // The table asks again while the page is on its way: one request only.
      act(() => result.current.loadMore());
      act(() => result.current.loadMore());
      expect(result.current.loading).toBe(true);
      await core.release();
      await waitFor(() => expect(result.current.loading).toBe(false));
      expect(core.lists()).toHaveLength(p + 1);
      expect(core.lists()[p]).toEqual({ states: ['pending_approval'], limit: QUEUE_PAGE, cursor: cursorOf(pending[p * QUEUE_PAGE - 1]!.id) });
      expect(ids(result.current.rows)).toEqual(ids(pending.slice(0, Math.min((p + 1) * QUEUE_PAGE, pending.length))));
    }
    expect(ids(result.current.rows)).toEqual(ids(pending));
    expect(new Set(ids(result.current.rows)).size).toBe(pending.length);
    expect(result.current.hasMore).toBe(false);
    act(() => result.current.loadMore());
    expect(core.lists()).toHaveLength(pages);
    expect(result.current.counts).toEqual(core.countsFor({}));
  });

  it('starts from the top on a filter change: the filtered first page, the filtered counts, a fresh cursor', async () => {
    const { result, rerender } = mount();
    await waitFor(() => expect(result.current.loading).toBe(false));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.rows.length).toBe(2 * QUEUE_PAGE));

    const btcHot = { assetId: 'BTC', walletId: WALLETS[0]!.id };
    rerender({ revision: 0, tab: 'pending', filters: btcHot });
    // The old pages go at once; the new first page follows.
    expect(result.current.rows).toEqual([]);
    await waitFor(() => expect(result.current.loading).toBe(false));
    const filtered = core.expected({ states: ['pending_approval'], ...btcHot });
    expect(filtered.length).toBeGreaterThan(0);
    expect(core.lists().at(-1)).toEqual({ states: ['pending_approval'], assetId: 'BTC', walletId: WALLETS[0]!.id, limit: QUEUE_PAGE });
    expect(ids(result.current.rows)).toEqual(ids(filtered.slice(0, QUEUE_PAGE)));
    expect(result.current.rows.every((w) => w.walletId === WALLETS[0]!.id && w.state === 'pending_approval')).toBe(true);
    expect(result.current.counts).toEqual(core.countsFor(btcHot));
    expect(result.current.hasMore).toBe(filtered.length > QUEUE_PAGE);

    // Paging under the filter continues from its own first page, not the unfiltered cursor.
    if (result.current.hasMore) {
      act(() => result.current.loadMore());
      await waitFor(() => expect(result.current.loading).toBe(false));
      expect(core.lists().at(-1)).toMatchObject({ assetId: 'BTC', walletId: WALLETS[0]!.id, cursor: cursorOf(filtered[QUEUE_PAGE - 1]!.id) });
    }

    // Another tab, and back to all assets: from the top again.
    rerender({ revision: 0, tab: 'settled', filters: { assetId: 'ETH', walletId: null } });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(core.lists().at(-1)).toEqual({ states: ['settled'], assetId: 'ETH', limit: QUEUE_PAGE });
    expect(ids(result.current.rows)).toEqual(ids(core.expected({ states: ['settled'], assetId: 'ETH' }).slice(0, QUEUE_PAGE)));
    expect(result.current.counts).toEqual(core.countsFor({ assetId: 'ETH' }));
  });

  it('drops an answer that arrives after a newer request (a page asked before the filter changed)', async () => {
    const { result, rerender } = mount();
    await waitFor(() => expect(result.current.loading).toBe(false));
    core.hold();
    act(() => result.current.loadMore());
    const eth = { assetId: 'ETH', walletId: null };
    rerender({ revision: 0, tab: 'pending', filters: eth });
    // The filtered first page answers first, then the stale second page of the unfiltered queue.
    await core.release((n) => [...Array.from({ length: n - 1 }, (_, i) => i + 1), 0]);
    await waitFor(() => expect(result.current.loading).toBe(false));
    const filtered = core.expected({ states: ['pending_approval'], assetId: 'ETH' });
    expect(ids(result.current.rows)).toEqual(ids(filtered.slice(0, QUEUE_PAGE)));
    expect(result.current.counts).toEqual(core.countsFor({ assetId: 'ETH' }));
  });

  it('loads from the top on a new revision (Refresh), and shows what changed since', async () => {
    const { result, rerender } = mount();
    await waitFor(() => expect(result.current.loading).toBe(false));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.rows.length).toBe(2 * QUEUE_PAGE));
    // Meanwhile the newest pending withdrawal was approved.
    const newest = core.expected({ states: ['pending_approval'] })[0]!;
    core.all[core.all.indexOf(newest)] = { ...newest, state: 'approved' };
    rerender({ revision: 1, tab: 'pending', filters: NO_QUEUE_FILTERS });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(core.lists().at(-1)).toEqual({ states: ['pending_approval'], limit: QUEUE_PAGE });
    expect(result.current.rows).toHaveLength(QUEUE_PAGE);
    expect(ids(result.current.rows)).not.toContain(newest.id);
    expect(result.current.counts).toEqual(core.countsFor({}));
  });

  it('surfaces a refusal: of the first page (no rows, no counts), and of a later page (rows kept, paging stops)', async () => {
    const { result, rerender } = mount();
    await waitFor(() => expect(result.current.loading).toBe(false));
    core.refuse = { code: 'FORBIDDEN', message: 'Your role cannot list withdrawals.' };
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.error).toEqual(core.refuse));
    expect(result.current.rows).toHaveLength(QUEUE_PAGE);
    expect(result.current.hasMore).toBe(false);

    rerender({ revision: 1, tab: 'pending', filters: NO_QUEUE_FILTERS });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current).toMatchObject({ rows: [], counts: undefined, hasMore: false, error: core.refuse });
  });
});
