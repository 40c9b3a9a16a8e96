import { useCallback, useEffect, useMemo, useState } from 'react';
import { Badge, Button, Group, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCount, formatUtc } from '../../lib/format';
import { Amount } from './Amount';
import { useLedger } from './ledger-context';
import { amountWidth } from './ledger-format';
import { evidenceOf, exceptionState, type ExceptionState, type ExceptionView } from './ledger-query';
import { VirtualTable, type Column } from '../../components/VirtualTable';

export type ExceptionStatusFilter = 'open' | 'resolved' | 'all';

const LIST_LIMIT = 1000;

const STATE_BADGE: Readonly<Record<ExceptionState, { color: string; label: string }>> = {
  open: { color: 'red', label: 'Open' },
  pending: { color: 'yellow', label: 'Awaiting approval' },
  adjusted: { color: 'teal', label: 'Resolved · adjusted' },
  explained: { color: 'gray', label: 'Resolved · explained' },
};

export function ExceptionStateBadge({ state }: { state: ExceptionState }) {
  const { color, label } = STATE_BADGE[state];
  return (
    <Badge size="sm" variant="light" color={color} tt="none" data-testid="exception-state" data-state={state}>
      {label}
    </Badge>
  );
}

interface Row {
  readonly exception: ExceptionView;
  readonly state: ExceptionState;
}

/** Amount columns as wide as the widest asset in the queue needs. */
function columns(decimals: number): Column<Row>[] {
  const amount = `minmax(${amountWidth(decimals)}px, 1fr)`;
  const evidence = (r: Row) => evidenceOf(r.exception.evidence);
  return [
    { key: 'state', header: 'Status', width: '160px', render: (r) => <ExceptionStateBadge state={r.state} /> },
    { key: 'opened', header: 'Opened (UTC)', width: '160px', render: (r) => <span className="mono">{formatUtc(r.exception.openedAt)}</span> },
    { key: 'account', header: 'Account', width: 'minmax(100px, 0.8fr)', render: (r) => <span className="mono">{r.exception.accountCode}</span> },
    {
      key: 'chain',
      header: 'Chain balance',
      width: amount,
      align: 'right',
      render: (r) => {
        const chain = evidence(r).chainBalance;
        return chain === null ? '—' : <Amount value={chain} assetId={r.exception.assetId} fixed />;
      },
    },
    {
      key: 'ledger',
      header: 'Ledger balance',
      width: amount,
      align: 'right',
      render: (r) => {
        const ledger = evidence(r).ledgerBalance;
        return ledger === null ? '—' : <Amount value={ledger} assetId={r.exception.assetId} fixed />;
      },
    },
    {
      key: 'difference',
      header: 'Difference',
      width: `minmax(${amountWidth(decimals, { signed: true, unit: true })}px, 1fr)`,
      align: 'right',
      render: (r) => (
        <b>
          <Amount value={r.exception.difference} assetId={r.exception.assetId} signed tone unit />
        </b>
      ),
    },
    { key: 'block', header: 'Block', width: '100px', align: 'right', render: (r) => <span className="mono">{evidence(r).blockHeight ?? '—'}</span> },
    { key: 'source', header: 'Source', width: '110px', render: (r) => evidence(r).source ?? '—' },
  ];
}

/**
 * The reconciliation exception queue: every difference between the ledger's wallet balances and
 * the chain's, with its evidence. Open ones first. Whether an open exception waits for a second
 * approver is read from its adjustments (one call per open exception; the queue is short by nature).
 */
export function ReconciliationTab({ status, onStatus, selectedId }: { status: ExceptionStatusFilter; onStatus: (s: ExceptionStatusFilter) => void; selectedId: string | null }) {
  const { nav, revision, assets } = useLedger();
  const [rows, setRows] = useState<readonly Row[] | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [loading, setLoading] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);

  const refresh = useCallback(() => setReloadKey((k) => k + 1), []);

  useEffect(() => {
    let live = true;
    setLoading(true);
    void (async () => {
      const result = await invoke('reconciliation.exceptions.list', { limit: LIST_LIMIT, ...(status === 'all' ? {} : { status }) });
      if (!live) return;
      if (!result.ok) {
        setLoading(false);
        setError(result.error);
        return;
      }
      const exceptions = result.value.exceptions;
      const pending = new Set<string>();
      await Promise.all(
        exceptions
          .filter((e) => e.status === 'open')
          .map(async (e) => {
            const detail = await invoke('reconciliation.exceptions.get', { id: e.id });
            if (detail.ok && detail.value.adjustments.some((a) => a.status === 'proposed')) pending.add(e.id);
          }),
      );
      if (!live) return;
      setLoading(false);
      setError(undefined);
      setRows(exceptions.map((e) => ({ exception: e, state: exceptionState(e, pending.has(e.id)) })));
    })();
    return () => {
      live = false;
    };
  }, [status, revision, reloadKey]);

  const items = rows ?? [];
  const decimals = Math.max(0, ...items.map((r) => assets.get(r.exception.assetId)?.decimals ?? 0));
  const cols = useMemo(() => columns(decimals), [decimals]);
  const open = items.filter((r) => r.state === 'open').length;
  const pendingCount = items.filter((r) => r.state === 'pending').length;

  return (
    <Stack gap="sm" h="100%" style={{ minHeight: 0 }}>
      <Group justify="space-between" align="flex-end">
        <Group gap="md" align="flex-end">
          <SegmentedControl
            value={status}
            onChange={(v) => onStatus(v === 'resolved' || v === 'all' ? v : 'open')}
            data={[
              { value: 'open', label: 'Open' },
              { value: 'resolved', label: 'Resolved' },
              { value: 'all', label: 'All' },
            ]}
            data-testid="exception-status-filter"
          />
          <Text size="sm" c="dimmed" data-testid="exceptions-count">
            {rows === undefined
              ? ''
              : items.length === 0
                ? status === 'open'
                  ? 'No open differences: the wallets agree with the chain.'
                  : 'No exceptions.'
                : `${formatCount(items.length)} ${items.length === 1 ? 'exception' : 'exceptions'}${status !== 'resolved' ? ` · ${open} open, ${pendingCount} awaiting approval` : ''}${items.length >= LIST_LIMIT ? ` (the first ${LIST_LIMIT})` : ''}`}
          </Text>
          {loading && <Loader size="xs" />}
        </Group>
        <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={refresh}>
          Refresh
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Difference = chain balance − ledger balance, as of the snapshot. Resolving one needs a note; a correcting adjustment needs a second officer to approve it.
      </Text>
      <ErrorAlert message={error?.message} title="Could not load the reconciliation queue" />
      <VirtualTable
        rows={items}
        columns={cols}
        rowKey={(r) => r.exception.id}
        rowData={(r) => ({ 'data-exception-id': r.exception.id, 'data-status': r.state === 'open' || r.state === 'pending' ? r.state : undefined, 'data-state': r.state })}
        onRowClick={(r) => nav.openException(r.exception.id)}
        selectedKey={selectedId}
        hasMore={rows === undefined}
        loading={loading}
        onLoadMore={() => undefined}
        ariaLabel="Reconciliation exceptions"
        testId="exceptions-table"
        rowTestId="exception-row"
        empty={status === 'open' ? 'No open differences: the wallets agree with the chain.' : 'No exceptions.'}
        loadingLabel="Loading the queue…"
      />
    </Stack>
  );
}
