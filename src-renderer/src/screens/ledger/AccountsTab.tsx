import { useCallback, useMemo } from 'react';
import { Badge, Button, Group, Kbd, Loader, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { invoke, type Result } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FILTER_ATTRIBUTE } from '../../hooks/useGlobalShortcuts';
import { formatCount } from '../../lib/format';
import { Amount } from './Amount';
import { useLedger } from './ledger-context';
import { ACCOUNT_KIND_LABELS, amountWidth, type AccountKind } from './ledger-format';
import { accountFiltersActive, accountsListInput, ACCOUNTS_PAGE, NO_ACCOUNT_FILTERS, nextAfterCode, type AccountFilters, type AccountView } from './ledger-query';
import { PositionsBand } from './PositionsBand';
import { usePagedList, type Page } from './usePagedList';
import { VirtualTable, type Column } from '../../components/VirtualTable';

const KIND_OPTIONS = (Object.keys(ACCOUNT_KIND_LABELS) as AccountKind[]).map((k) => ({ value: k, label: ACCOUNT_KIND_LABELS[k] }));

function isAccountKind(value: string | null): value is AccountKind {
  return value !== null && Object.prototype.hasOwnProperty.call(ACCOUNT_KIND_LABELS, value);
}

const KIND_COLOR: Readonly<Record<AccountKind, string>> = {
  customer: 'gray',
  wallet_hot: 'orange',
  wallet_cold: 'vault',
  omnibus: 'teal',
  fees: 'grape',
  fee_revenue: 'grape',
  suspense: 'red',
  counterparty: 'cyan',
  equity: 'dark',
};

export function KindBadge({ kind }: { kind: AccountKind }) {
  return (
    <Badge size="sm" variant="light" color={KIND_COLOR[kind]} tt="none" fw={500}>
      {ACCOUNT_KIND_LABELS[kind]}
    </Badge>
  );
}

/** Amount columns as wide as the widest asset shown needs (see amountWidth). */
function columns(decimals: number): Column<AccountView>[] {
  const amount = `minmax(${amountWidth(decimals, { signed: true })}px, 1fr)`;
  return [
    { key: 'code', header: 'Account', width: 'minmax(170px, 1.1fr)', render: (a) => <span className="mono">{a.code}</span>, title: (a) => `${a.code} — ${a.label}` },
    { key: 'kind', header: 'Kind', width: '130px', render: (a) => <KindBadge kind={a.kind} /> },
    { key: 'asset', header: 'Asset', width: '70px', render: (a) => a.assetId },
    { key: 'customer', header: 'Customer', width: '100px', render: (a) => (a.customerId ? <span className="mono">{a.customerId}</span> : <Text span size="sm" c="dimmed">—</Text>) },
    { key: 'total', header: 'Total', width: amount, align: 'right', render: (a) => <Amount value={a.total} assetId={a.assetId} fixed tone /> },
    { key: 'held', header: 'Held', width: amount, align: 'right', render: (a) => <Amount value={a.held} assetId={a.assetId} fixed tone /> },
    { key: 'available', header: 'Available', width: amount, align: 'right', render: (a) => <Amount value={a.available} assetId={a.assetId} fixed tone /> },
  ];
}

export function AccountsTab({ filters, onFilters }: { filters: AccountFilters; onFilters: (f: AccountFilters) => void }) {
  const { assets, nav, revision } = useLedger();
  const [debounced] = useDebouncedValue(filters, 250);
  const fetchPage = useCallback(
    async (afterCode: string | undefined): Promise<Result<Page<AccountView, string>>> => {
      const result = await invoke('ledger.accounts.list', accountsListInput(debounced, afterCode));
      if (!result.ok) return result;
      return { ok: true, value: { items: result.value.accounts, next: nextAfterCode(result.value.accounts, afterCode, ACCOUNTS_PAGE) } };
    },
    // A new `revision` (Refresh, an approved adjustment) starts the list over.
    [debounced, revision],
  );
  const list = usePagedList(fetchPage);
  const active = accountFiltersActive(filters);
  const update = (patch: Partial<AccountFilters>): void => onFilters({ ...filters, ...patch });
  const assetOptions = useMemo(() => [...assets.values()].map((a) => ({ value: a.id, label: `${a.id} — ${a.name}` })), [assets]);
  const decimals = filters.assetId ? (assets.get(filters.assetId)?.decimals ?? 0) : Math.max(0, ...[...assets.values()].map((a) => a.decimals));
  const cols = useMemo(() => columns(decimals), [decimals]);

  return (
    <Stack gap="sm" h="100%" style={{ minHeight: 0 }}>
      <PositionsBand />
      <Group gap="sm" align="flex-end" wrap="wrap" data-testid="accounts-filters">
        <TextInput
          label="Search"
          placeholder="Code or customer, e.g. C-0008"
          leftSection={<IconSearch size={15} />}
          rightSection={<Kbd size="xs">/</Kbd>}
          w={300}
          value={filters.search}
          onChange={(e) => update({ search: e.currentTarget.value })}
          spellCheck={false}
          data-testid="accounts-search"
          {...{ [FILTER_ATTRIBUTE]: '' }}
        />
        <Select label="Kind" placeholder="All kinds" data={KIND_OPTIONS} value={filters.kind} onChange={(v) => update({ kind: isAccountKind(v) ? v : null })} clearable w={180} data-testid="accounts-kind" />
        <Select label="Asset" placeholder="All assets" data={assetOptions} value={filters.assetId} onChange={(v) => update({ assetId: v })} clearable w={200} data-testid="accounts-asset" />
        <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={15} />} disabled={!active} onClick={() => onFilters(NO_ACCOUNT_FILTERS)}>
          Clear filters
        </Button>
        <Group gap={6} ml="auto">
          {list.loading && <Loader size="xs" />}
          <Text size="sm" c="dimmed" data-testid="accounts-count">
            {list.items.length === 0 && !list.loading && !list.hasMore
              ? active
                ? 'No accounts match these filters.'
                : 'No accounts yet.'
              : `${formatCount(list.items.length)}${list.hasMore ? '+' : ''} ${active ? 'matching ' : ''}accounts${list.hasMore ? ' · scroll for more' : ''}`}
          </Text>
        </Group>
      </Group>
      <ErrorAlert message={list.error?.message} title="Could not load accounts" />
      <VirtualTable
        rows={list.items}
        columns={cols}
        rowKey={(a) => a.id}
        rowData={(a) => ({ 'data-code': a.code, 'data-kind': a.kind })}
        onRowClick={(a) => nav.openAccount(a.id)}
        hasMore={list.hasMore}
        loading={list.loading}
        onLoadMore={list.loadMore}
        ariaLabel="Accounts and balances"
        testId="accounts-table"
        rowTestId="account-row"
        empty={active ? 'No accounts match these filters.' : 'No accounts yet.'}
        loadingLabel="Loading more accounts…"
      />
    </Stack>
  );
}
