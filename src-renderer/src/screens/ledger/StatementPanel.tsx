import { useCallback, useMemo, useState } from 'react';
import { Button, Group, Loader, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconCalendar, IconFileSpreadsheet } from '@tabler/icons-react';
import { invoke, type Result, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCount, formatUtc } from '../../lib/format';
import { Amount } from './Amount';
import { saveFile } from '../../lib/save-file';
import { EntryTypeBadge } from './JournalList';
import { useLedger } from './ledger-context';
import { amountWidth } from './ledger-format';
import { nextAfterId, statementCsvInput, statementInput, STATEMENT_PAGE, type StatementLine, type StatementPeriod } from './ledger-query';
import { usePagedList, type Page } from './usePagedList';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import classes from './ledger.module.css';

/** The statement's columns; amounts as wide as the asset needs. A row opens its entry (and shows its id). */
function columns(decimals: number): Column<StatementLine>[] {
  const amount = `minmax(${amountWidth(decimals)}px, 1fr)`;
  return [
    { key: 'posted', header: 'Posted (UTC)', width: '160px', render: (l) => <span className="mono">{formatUtc(l.postedAt)}</span> },
    { key: 'type', header: 'Type', width: '140px', render: (l) => <EntryTypeBadge type={l.type} /> },
    { key: 'description', header: 'Description', width: 'minmax(200px, 2fr)', render: (l) => l.description, title: (l) => `${l.description}\n${l.entryId}` },
    { key: 'credit', header: 'Credit (in)', width: amount, align: 'right', render: (l) => (BigInt(l.change) > 0n ? <Amount value={l.change} assetId={l.assetId} fixed /> : null) },
    { key: 'debit', header: 'Debit (out)', width: amount, align: 'right', render: (l) => (BigInt(l.change) < 0n ? <Amount value={-BigInt(l.change)} assetId={l.assetId} fixed /> : null) },
    { key: 'balance', header: 'Balance', width: amount, align: 'right', render: (l) => <Amount value={l.balance} assetId={l.assetId} fixed tone /> },
  ];
}

/**
 * A customer's statement for one asset: every posting with its running balance, oldest first,
 * paged by posting id; the opening balance of the period above the first line; CSV export of the
 * same period (the core writes the file's content; the screen only saves it).
 */
export function StatementPanel({ customerId, assetId, selectedEntryId }: { customerId: string; assetId: string; selectedEntryId: string | null }) {
  const { nav, revision, assets } = useLedger();
  const decimals = assets.get(assetId)?.decimals ?? 0;
  const cols = useMemo(() => columns(decimals), [decimals]);
  const [period, setPeriod] = useState<StatementPeriod>({ fromDay: null, toDay: null });
  const [opening, setOpening] = useState<string | undefined>();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<WireError | undefined>();

  const fetchPage = useCallback(
    async (afterId: number | undefined): Promise<Result<Page<StatementLine, number>>> => {
      const result = await invoke('ledger.statement', statementInput(customerId, assetId, period, afterId));
      if (!result.ok) return result;
      if (afterId === undefined) setOpening(result.value.openingBalances[assetId] ?? '0');
      return { ok: true, value: { items: result.value.lines, next: nextAfterId(result.value.lines, STATEMENT_PAGE) } };
    },
    // A new `revision` (an approved adjustment) starts the statement over.
    [customerId, assetId, period, revision],
  );
  const list = usePagedList(fetchPage);

  async function exportCsv(): Promise<void> {
    setExporting(true);
    const result = await invoke('ledger.statement.csv', statementCsvInput(customerId, assetId, period));
    setExporting(false);
    if (!result.ok) {
      setExportError(result.error);
      return;
    }
    setExportError(undefined);
    saveFile(result.value.fileName, result.value.csv, 'text/csv;charset=utf-8');
    notifications.show({ color: 'teal', title: 'Statement exported', message: `${result.value.fileName}: ${formatCount(result.value.lines)} ${result.value.lines === 1 ? 'line' : 'lines'}.` });
  }

  const periodText = period.fromDay || period.toDay ? `${period.fromDay ?? 'the start'} to ${period.toDay ?? period.fromDay ?? 'today'}` : 'all time';
  const leadRow =
    opening !== undefined ? (
      <>
        <div role="cell" />
        <div role="cell" />
        <div role="cell">Opening balance{period.fromDay ? ` on ${period.fromDay}` : ''}</div>
        <div role="cell" />
        <div role="cell" />
        <div role="cell" className={classes.right} data-testid="statement-opening">
          <Amount value={opening} assetId={assetId} fixed tone />
        </div>
      </>
    ) : undefined;

  return (
    <>
      <Group gap="sm" align="flex-end" justify="space-between" wrap="wrap" mt={4}>
        <Group gap="sm" align="flex-end">
          <Text fw={600} size="sm" pb={8}>
            Statement of {customerId} in {assetId}
          </Text>
          <DatePickerInput
            type="range"
            label="Period (UTC days)"
            placeholder="All time"
            leftSection={<IconCalendar size={15} />}
            w={250}
            size="xs"
            clearable
            allowSingleDateInRange
            valueFormat="YYYY-MM-DD"
            value={[period.fromDay, period.toDay]}
            onChange={([fromDay, toDay]) => setPeriod({ fromDay, toDay })}
            data-testid="statement-period"
          />
        </Group>
        <Group gap="sm">
          {list.loading && <Loader size="xs" />}
          <Text size="sm" c="dimmed" data-testid="statement-count">
            {formatCount(list.items.length)}
            {list.hasMore ? '+' : ''} {list.items.length === 1 ? 'line' : 'lines'}, {periodText}
          </Text>
          <Button variant="default" size="xs" leftSection={<IconFileSpreadsheet size={15} />} loading={exporting} onClick={() => void exportCsv()} data-testid="statement-export">
            Export CSV
          </Button>
        </Group>
      </Group>
      <ErrorAlert message={exportError?.message} title="Could not export the statement" />
      <ErrorAlert message={list.error?.message} title="Could not load the statement" />
      <VirtualTable
        rows={list.items}
        columns={cols}
        rowKey={(l) => l.postingId}
        rowData={(l) => ({ 'data-entry-id': l.entryId, 'data-type': l.type, 'data-balance': l.balance, 'data-posted-at': l.postedAt })}
        onRowClick={(l) => nav.openEntry(l.entryId)}
        selectedKey={list.items.find((l) => l.entryId === selectedEntryId)?.postingId ?? null}
        hasMore={list.hasMore}
        loading={list.loading}
        onLoadMore={list.loadMore}
        ariaLabel={`Statement of ${customerId} in ${assetId}`}
        testId="statement-table"
        rowTestId="statement-row"
        empty={`No postings ${period.fromDay || period.toDay ? 'in this period' : 'yet'}.`}
        loadingLabel="Loading more lines…"
        leadRow={leadRow}
      />
    </>
  );
}
