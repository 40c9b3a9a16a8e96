import { useCallback, useMemo, useRef, useState } from 'react';
import { Badge, Button, Group, Loader, Select, Stack, Tabs, Text, Tooltip } from '@mantine/core';
import { IconClockX, IconFilterOff, IconPlus, IconRefresh } from '@tabler/icons-react';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { ShortcutHints } from '../../components/ShortcutHints';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { FILTER_ATTRIBUTE } from '../../hooks/useGlobalShortcuts';
import { useScreenShortcuts } from '../../hooks/useScreenShortcuts';
import { formatUtc } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { CreateWithdrawalModal } from './CreateWithdrawalModal';
import { MinorAmount } from './MinorAmount';
import { StateBadge } from './StateBadge';
import {
  deadlineOf,
  formatUsdCents,
  loadedLabel,
  OPEN_STATES,
  QUEUE_TABS,
  queueTabOf,
  shortAddress,
  stepSelection,
  tabCount,
  tabOfState,
  type QueueTab,
  type WithdrawalView,
} from './withdrawal-format';
import { CREATORS, holdsAny } from './withdrawal-roles';
import { WithdrawalDrawer, type FocusRequest } from './WithdrawalDrawer';
import { useWithdrawalQueue, type AssetInfo } from './useWithdrawalQueue';
import { useUrlParams } from '../../hooks/useUrlParams';

function origin(w: WithdrawalView) {
  if (w.source === 'bundle') return <Text span size="sm">{w.customerId ?? 'customer'} <Text span size="xs" c="dimmed">via node</Text></Text>;
  if (w.customerId) return <Text span size="sm">{w.customerId}</Text>;
  return (
    <Text span size="sm">
      Treasury <Text span size="xs" c="dimmed">{w.initiator ?? ''}</Text>
    </Text>
  );
}

/** The columns of a tab: what matters at that stage (the deadline while open, the txid once signed, the reason when stopped). */
function columns(tab: QueueTab, assets: ReadonlyMap<string, AssetInfo>, now: number): Column<WithdrawalView>[] {
  const base: Column<WithdrawalView>[] = [
    { key: 'created', header: 'Created (UTC)', width: '172px', render: (w) => <span className="mono">{formatUtc(w.createdAt)}</span> },
    { key: 'state', header: 'State', width: '136px', render: (w) => <StateBadge state={w.state} /> },
    { key: 'amount', header: 'Amount', width: 'minmax(130px, 0.7fr)', align: 'right', render: (w) => <MinorAmount value={w.amount} assetId={w.assetId} decimals={assets.get(w.assetId)?.decimals} /> },
    { key: 'usd', header: 'USD', width: '120px', align: 'right', render: (w) => <span className="mono">{formatUsdCents(w.usdCents)}</span> },
    { key: 'destination', header: 'Destination', width: 'minmax(150px, 0.9fr)', render: (w) => <span className="mono">{shortAddress(w.destination)}</span>, title: (w) => w.destination },
    { key: 'origin', header: 'For', width: 'minmax(120px, 0.8fr)', render: origin, title: (w) => w.requestRef ?? undefined },
    { key: 'rule', header: 'Policy rule', width: 'minmax(180px, 1.1fr)', render: (w) => w.ruleName ?? <Text span size="sm" c="dimmed">—</Text>, title: (w) => w.ruleName ?? undefined },
  ];
  switch (tab) {
    case 'pending':
    case 'approved':
      return [
        ...base,
        {
          key: 'expires',
          header: 'Expires',
          width: '140px',
          render: (w) => {
            const d = deadlineOf(w.expiresAt, now);
            return (
              <Text span size="sm" c={d.overdue ? 'red' : d.soon ? 'orange' : undefined} fw={d.overdue || d.soon ? 600 : undefined}>
                {d.text}
              </Text>
            );
          },
          title: (w) => `${formatUtc(w.expiresAt)} UTC`,
        },
      ];
    case 'signed':
    case 'settled':
      return [...base, { key: 'txid', header: 'Transaction', width: '150px', render: (w) => <span className="mono">{w.txid ? shortAddress(w.txid, 8, 6) : '—'}</span>, title: (w) => w.txid ?? undefined }];
    case 'blocked':
    case 'rejected':
      return [...base, { key: 'reason', header: 'Reason', width: 'minmax(200px, 1.4fr)', render: (w) => w.rejectionReason ?? '—', title: (w) => w.rejectionReason ?? undefined }];
    case 'expired':
      return [...base, { key: 'expired', header: 'Expired (UTC)', width: '150px', render: (w) => <span className="mono">{formatUtc(w.expiresAt)}</span> }];
    default: {
      const unknown: never = tab;
      return unknown;
    }
  }
}

/**
 * Withdrawals: the queue by state with counts, filters by asset and wallet, and the detail of one
 * withdrawal in a drawer: exactly what will be signed, every check, the approvals so far and what
 * is still needed, and the actions the operator's role allows (approve with one's own token PIN,
 * reject with a reason, sign once the quorum holds). Treasury moves are opened here too. Where
 * the operator is (tab, filters, open withdrawal) lives in the URL's query.
 */
export function WithdrawalsScreen() {
  const operator = useSession((s) => s.operator);
  const roles = operator?.roles ?? [];
  const canCreate = holdsAny(roles, CREATORS);
  const [params, update] = useUrlParams();
  const tab = queueTabOf(params.get('tab'));
  const openId = params.get('id');
  const assetFilter = params.get('asset');
  const walletFilter = params.get('wallet');
  const [revision, setRevision] = useState(0);
  const filters = useMemo(() => ({ assetId: assetFilter, walletId: walletFilter }), [assetFilter, walletFilter]);
  const queue = useWithdrawalQueue(revision, tab, filters);
  const [cursor, setCursor] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [focus, setFocus] = useState<FocusRequest | undefined>();
  const focusCount = useRef(0);
  const [expireError, setExpireError] = useState<WireError | undefined>();
  const [expiring, setExpiring] = useState(false);
  // "Now" for deadlines, taken when the queue arrives: a render never changes what a row says.
  const now = useMemo(() => Date.now(), [queue.rows]);

  const bump = useCallback(() => setRevision((r) => r + 1), []);

  const rows = queue.rows;
  const cols = useMemo(() => columns(tab, queue.assets, now), [tab, queue.assets, now]);
  // The core expires overdue withdrawals itself (every minute and at unlock); the button is for the
  // moment in between, counted over the rows on screen.
  const overdue = useMemo(() => rows.filter((w) => OPEN_STATES.includes(w.state) && Date.parse(w.expiresAt) <= now).length, [rows, now]);

  const open = useCallback(
    (id: string | null) => {
      if (id) setCursor(id);
      update({ id });
    },
    [update],
  );
  const selected = openId ?? cursor;

  const requestFocus = (target: FocusRequest['target']): void => {
    const id = openId ?? cursor ?? rows[0]?.id;
    if (!id) return;
    open(id);
    focusCount.current += 1;
    setFocus({ target, n: focusCount.current });
  };
  const move = (step: 1 | -1): void => {
    const next = stepSelection(
      rows.map((w) => w.id),
      selected,
      step,
    );
    if (!next) return;
    setCursor(next);
    if (openId) update({ id: next });
  };

  useScreenShortcuts(
    creating
      ? {}
      : {
          nextRow: () => move(1),
          previousRow: () => move(-1),
          openRow: () => open(cursor ?? rows[0]?.id ?? null),
          approve: () => requestFocus('approve'),
          reject: () => requestFocus('reject'),
          sign: () => requestFocus('sign'),
          ...(canCreate ? { newWithdrawal: () => setCreating(true) } : {}),
        },
  );

  const onChanged = useCallback(
    (w: WithdrawalView) => {
      bump();
      // A withdrawal that moved on (approved, signed, rejected) is followed to its new tab.
      const to = tabOfState(w.state);
      if (to !== tab) update({ tab: to });
    },
    [bump, tab, update],
  );

  const expireOverdue = async (): Promise<void> => {
    setExpiring(true);
    const r = await invoke('custody.withdrawals.expire', {});
    setExpiring(false);
    if (r.ok) bump();
    else setExpireError(r.error);
  };

  const assetOptions = useMemo(() => [...queue.assets.values()].map((a) => ({ value: a.id, label: `${a.id} — ${a.name}` })), [queue.assets]);
  const walletOptions = useMemo(
    () => queue.wallets.filter((w) => !assetFilter || w.assetId === assetFilter).map((w) => ({ value: w.id, label: `${w.label} (${w.assetId} ${w.role})` })),
    [queue.wallets, assetFilter],
  );
  const filtered = Boolean(assetFilter || walletFilter);
  const total = queue.counts ? tabCount(queue.counts, tab) : rows.length;

  return (
    <Stack gap={0} h="100%" style={{ minHeight: 0 }} data-testid="withdrawals-screen">
      <PageHeader
        title="Withdrawals"
        description="Approvers sign exactly what is shown, each with their own token; the HSM signs once the quorum holds. Times are UTC."
        actions={
          <>
            {canCreate && overdue > 0 && (
              <Tooltip label="Withdrawals past their deadline take no approvals and no signature; expiring them releases their holds.">
                <Button variant="default" color="orange" leftSection={<IconClockX size={16} />} loading={expiring} onClick={() => void expireOverdue()} data-testid="expire-overdue">
                  Expire {overdue} overdue
                </Button>
              </Tooltip>
            )}
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={bump} data-testid="withdrawals-refresh">
              Refresh
            </Button>
            {canCreate && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-withdrawal">
                New treasury withdrawal
              </Button>
            )}
          </>
        }
      />
      <ErrorAlert message={queue.error?.message} title="Could not load withdrawals" />
      <ErrorAlert message={expireError?.message} title="Could not expire" onClose={() => setExpireError(undefined)} />
      <Tabs
        value={tab}
        onChange={(v) => {
          setCursor(null);
          update({ tab: queueTabOf(v) });
        }}
        style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
      >
        <Tabs.List>
          {QUEUE_TABS.map((t) => {
            const count = queue.counts ? tabCount(queue.counts, t.key) : undefined;
            const attention = t.key === 'pending' || t.key === 'approved';
            return (
              <Tabs.Tab
                key={t.key}
                value={t.key}
                data-testid={`withdrawals-tab-${t.key}`}
                rightSection={
                  count === undefined ? undefined : (
                    <Badge size="sm" variant={attention && count > 0 ? 'filled' : 'light'} color={attention && count > 0 ? (t.key === 'pending' ? 'yellow' : 'blue') : 'gray'} data-testid={`withdrawals-count-${t.key}`}>
                      {count.toLocaleString('en-US')}
                    </Badge>
                  )
                }
              >
                {t.label}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        <Stack gap="sm" pt="sm" style={{ flex: 1, minHeight: 0 }}>
          <Group gap="sm" align="flex-end" wrap="wrap" data-testid="withdrawals-filters">
            <Select
              label="Asset"
              placeholder="All assets"
              data={assetOptions}
              value={assetFilter}
              onChange={(v) => update({ asset: v, wallet: null })}
              clearable
              w={200}
              data-testid="withdrawals-asset"
              {...{ [FILTER_ATTRIBUTE]: '' }}
            />
            <Select label="Wallet" placeholder="All wallets" data={walletOptions} value={walletFilter} onChange={(v) => update({ wallet: v })} clearable w={280} data-testid="withdrawals-wallet" />
            <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={15} />} disabled={!filtered} onClick={() => update({ asset: null, wallet: null })}>
              Clear filters
            </Button>
            <Group gap={6} ml="auto">
              {queue.loading && <Loader size="xs" />}
              <Text size="sm" c="dimmed" data-testid="withdrawals-count">
                {`${loadedLabel(rows.length, total)} ${filtered ? 'matching ' : ''}withdrawal${total === 1 ? '' : 's'} · newest first`}
              </Text>
            </Group>
          </Group>
          <ShortcutHints
            testId="withdrawal-shortcut-hints"
            hints={[
              { keys: ['j', 'k'], text: 'move' },
              { keys: ['o'], text: 'open' },
              { keys: ['a'], text: 'approve' },
              { keys: ['r'], text: 'reject' },
              { keys: ['s'], text: 'sign' },
              canCreate && { keys: ['n'], text: 'new' },
              { keys: ['?'], text: 'all shortcuts' },
            ]}
          />
          <VirtualTable
            rows={rows}
            columns={cols}
            rowKey={(w) => w.id}
            rowData={(w) => ({ 'data-withdrawal-id': w.id, 'data-state': w.state, 'data-asset': w.assetId, 'data-status': w.state === 'pending_approval' ? 'pending' : w.state === 'blocked' ? 'open' : undefined })}
            onRowClick={(w) => open(w.id)}
            selectedKey={selected}
            followSelection
            hasMore={queue.hasMore}
            loading={queue.loading}
            onLoadMore={queue.loadMore}
            ariaLabel="Withdrawals"
            testId="withdrawals-table"
            rowTestId="withdrawal-row"
            empty={filtered ? 'No withdrawals in this state match these filters.' : `No withdrawals are ${QUEUE_TABS.find((t) => t.key === tab)!.label.toLowerCase()}.`}
          />
        </Stack>
      </Tabs>
      <WithdrawalDrawer id={openId} focus={focus} assets={queue.assets} wallets={queue.wallets} onClose={() => update({ id: null })} onChanged={onChanged} />
      {canCreate && (
        <CreateWithdrawalModal
          opened={creating}
          wallets={queue.wallets}
          assets={queue.assets}
          onClose={() => setCreating(false)}
          onCreated={(w) => {
            setCreating(false);
            bump();
            setCursor(w.id);
            update({ tab: tabOfState(w.state), id: w.id });
          }}
        />
      )}
    </Stack>
  );
}
