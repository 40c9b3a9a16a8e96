import { useCallback, useMemo } from 'react';
import { Badge, Group, Loader, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import { invoke, type Result } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCount, formatUtc } from '../../lib/format';
import { Amount } from './Amount';
import { useLedger } from './ledger-context';
import { amountWidth, debitCredit, entryAuthor, entryTypeLabel, entryVolume, isEntryType, type EntryType } from './ledger-format';
import { journalListInput, JOURNAL_PAGE, journalFiltersActive, nextBeforeSeq, type EntryView, type JournalFilters } from './ledger-query';
import { usePagedList, type Page } from './usePagedList';
import { VirtualTable, type Column } from '../../components/VirtualTable';

const TYPE_COLOR: Readonly<Record<EntryType, string>> = {
  deposit: 'teal',
  deposit_reversal: 'orange',
  withdrawal_settlement: 'vault',
  internal_transfer: 'gray',
  fee: 'grape',
  trade_settlement: 'cyan',
  adjustment: 'yellow',
  reversal: 'orange',
};

export function EntryTypeBadge({ type }: { type: string }) {
  return (
    <Badge size="sm" variant="light" color={isEntryType(type) ? TYPE_COLOR[type] : 'gray'} tt="none" fw={500}>
      {entryTypeLabel(type)}
    </Badge>
  );
}

/** An entry's size per asset; a trade's two legs stack in the row, so neither is cut. */
function Volume({ entry }: { entry: EntryView }) {
  const volume = entryVolume(entry.postings);
  if (volume.length === 1) return <Amount value={volume[0]!.amount} assetId={volume[0]!.assetId} unit />;
  return (
    <Stack gap={0} align="flex-end" fz={11} lh="14px">
      {volume.map((v) => (
        <Amount key={v.assetId} value={v.amount} assetId={v.assetId} unit />
      ))}
    </Stack>
  );
}

function columnsFor(account: JournalFilters['account'], reversed: ReadonlySet<number>, author: (createdBy: string) => string, decimals: number): Column<EntryView>[] {
  const amount = `minmax(${amountWidth(decimals)}px, 1fr)`;
  const posting = (e: EntryView) => (account ? e.postings.find((p) => p.accountId === account.id) : undefined);
  const base: Column<EntryView>[] = [
    { key: 'seq', header: 'Seq', width: '64px', align: 'right', render: (e) => <span className="mono">{e.seq}</span> },
    { key: 'posted', header: 'Posted (UTC)', width: '160px', render: (e) => <span className="mono">{formatUtc(e.postedAt)}</span> },
    { key: 'type', header: 'Type', width: '140px', render: (e) => <EntryTypeBadge type={e.type} /> },
  ];
  const description: Column<EntryView> = { key: 'description', header: 'Description', width: 'minmax(150px, 1.5fr)', render: (e) => e.description, title: (e) => e.description };
  const amounts: Column<EntryView>[] = account
    ? [
        {
          key: 'debit',
          header: 'Debit',
          width: amount,
          align: 'right',
          render: (e) => {
            const p = posting(e);
            const d = p ? debitCredit(p.amount).debit : null;
            return p && d !== null ? <Amount value={d} assetId={p.assetId} fixed /> : null;
          },
        },
        {
          key: 'credit',
          header: 'Credit',
          width: amount,
          align: 'right',
          render: (e) => {
            const p = posting(e);
            const c = p ? debitCredit(p.amount).credit : null;
            return p && c !== null ? <Amount value={c} assetId={p.assetId} fixed /> : null;
          },
        },
        {
          key: 'balance',
          header: 'Balance after',
          width: `minmax(${amountWidth(decimals, { signed: true })}px, 1fr)`,
          align: 'right',
          render: (e) => {
            const p = posting(e);
            return p ? <Amount value={p.balanceAfter} assetId={p.assetId} fixed tone /> : null;
          },
        },
      ]
    : [
        { key: 'amount', header: 'Amount', width: `minmax(${amountWidth(decimals, { unit: true })}px, 1.2fr)`, align: 'right', render: (e) => <Volume entry={e} /> },
        { key: 'accounts', header: 'Accounts', width: 'minmax(140px, 1fr)', render: (e) => <span className="mono">{e.postings.map((p) => p.accountCode).join(', ')}</span>, title: (e) => e.postings.map((p) => p.accountCode).join('\n') },
      ];
  const tail: Column<EntryView>[] = [
    { key: 'by', header: 'Created by', width: '110px', render: (e) => author(e.createdBy), title: (e) => e.createdBy },
    {
      key: 'links',
      header: 'Links',
      width: '80px',
      render: (e) =>
        e.reversesSeq !== null ? (
          <Tooltip label={`Reverses entry #${e.reversesSeq}`}>
            <Group gap={2} wrap="nowrap" c="orange.8">
              <IconArrowBackUp size={14} />
              <Text span size="xs" fw={600} className="mono">
                #{e.reversesSeq}
              </Text>
            </Group>
          </Tooltip>
        ) : reversed.has(e.seq) ? (
          <Text span size="xs" c="dimmed">
            Reversed
          </Text>
        ) : null,
    },
  ];
  // One account's amounts can be wide (18-decimal assets): they come before the description so
  // that they stay in view and the description takes what room is left.
  return account ? [...base, ...amounts, description, ...tail] : [...base, description, ...amounts, ...tail];
}

/**
 * Journal entries, newest first, keyset-paged by `beforeSeq`. Used by the Journal tab and, with a
 * fixed account, by the account view of firm accounts.
 */
export function JournalList({ filters, selectedEntryId, testId = 'journal-table' }: { filters: JournalFilters; selectedEntryId: string | null; testId?: string }) {
  const { nav, revision, operatorName, assets } = useLedger();
  // The account's own asset when filtered to one; otherwise the widest asset the console lists.
  const decimals = filters.account ? (assets.get(filters.account.assetId)?.decimals ?? 0) : Math.max(0, ...[...assets.values()].map((a) => a.decimals));
  const fetchPage = useCallback(
    async (beforeSeq: number | undefined): Promise<Result<Page<EntryView, number>>> => {
      const result = await invoke('ledger.entries.list', journalListInput(filters, beforeSeq));
      if (!result.ok) return result;
      return { ok: true, value: { items: result.value.entries, next: nextBeforeSeq(result.value.entries, JOURNAL_PAGE) } };
    },
    // A new `revision` (an approved adjustment posted an entry) starts the list over.
    [filters, revision],
  );
  const list = usePagedList(fetchPage);
  const reversed = useMemo(() => new Set(list.items.flatMap((e) => (e.reversesSeq !== null ? [e.reversesSeq] : []))), [list.items]);
  const author = useCallback((createdBy: string) => entryAuthor(createdBy, operatorName), [operatorName]);
  const columns = useMemo(() => columnsFor(filters.account, reversed, author, decimals), [filters.account, reversed, author, decimals]);
  const active = journalFiltersActive(filters);

  return (
    <>
      <Group justify="space-between" gap="xs">
        <Text size="sm" c="dimmed" data-testid={`${testId}-count`}>
          {list.items.length === 0 && !list.loading && !list.hasMore
            ? active
              ? 'No entries match these filters.'
              : 'The journal is empty.'
            : `${formatCount(list.items.length)}${list.hasMore ? '+' : ''} ${active ? 'matching ' : ''}entries, newest first${list.hasMore ? ' · scroll for older' : ''}`}
        </Text>
        {list.loading && <Loader size="xs" />}
      </Group>
      <ErrorAlert message={list.error?.message} title="Could not load the journal" />
      <VirtualTable
        rows={list.items}
        columns={columns}
        rowKey={(e) => e.id}
        rowData={(e) => ({ 'data-seq': String(e.seq), 'data-type': e.type, 'data-entry-id': e.id, 'data-link': e.reversesSeq !== null ? 'reversal' : reversed.has(e.seq) ? 'reversed' : undefined })}
        onRowClick={(e) => nav.openEntry(e.id)}
        selectedKey={selectedEntryId}
        hasMore={list.hasMore}
        loading={list.loading}
        onLoadMore={list.loadMore}
        ariaLabel="Journal entries"
        testId={testId}
        rowTestId="entry-row"
        empty={active ? 'No entries match these filters.' : 'The journal is empty.'}
        loadingLabel="Loading older entries…"
      />
    </>
  );
}
