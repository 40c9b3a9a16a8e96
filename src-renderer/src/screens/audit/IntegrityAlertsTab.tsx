import { useCallback, useEffect, useMemo, useState } from 'react';
import { Badge, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCount, formatUtc } from '../../lib/format';
import { VirtualTable, type Column } from '../../components/VirtualTable';

type IntegrityAlert = CommandOutput<'integrity.alerts.list'>['alerts'][number];
type Show = 'open' | 'all';

const KIND_LABELS: Readonly<Record<string, string>> = { record_integrity: 'Record failed its checksum' };

interface Props {
  readonly canAcknowledge: boolean;
  readonly revision: number;
  /** An alert was acknowledged: the badge counts again. */
  readonly onChanged: () => void;
}

/**
 * Integrity alerts: records or other data that failed their checks on read (a changed byte, a
 * checksum that no longer matches). Nothing that fails is ever returned; the alert stays open
 * until a compliance officer or administrator has looked into it and acknowledges it.
 */
export function IntegrityAlertsTab({ canAcknowledge, revision, onChanged }: Props) {
  const [show, setShow] = useState<Show>('open');
  const [alerts, setAlerts] = useState<readonly IntegrityAlert[] | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [busy, setBusy] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    setAlerts(undefined);
    void invoke('integrity.alerts.list', { ...(show === 'open' ? { open: true } : {}), limit: 1000 }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setAlerts(result.value.alerts);
        setError(undefined);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [show, revision, reload]);

  const acknowledge = useCallback(
    async (alert: IntegrityAlert) => {
      setBusy(alert.id);
      const result = await invoke('integrity.alerts.acknowledge', { id: alert.id });
      setBusy(null);
      if (!result.ok) {
        notifications.show({ color: 'red', title: 'Not acknowledged', message: result.error.message });
        return;
      }
      notifications.show({ color: 'teal', title: 'Alert acknowledged', message: `${alert.subject}: recorded with your name in the audit trail.` });
      setReload((r) => r + 1);
      onChanged();
    },
    [onChanged],
  );

  const columns = useMemo<Column<IntegrityAlert>[]>(
    () => [
      { key: 'raised', header: 'Raised (UTC)', width: '160px', render: (a) => <span className="mono">{formatUtc(a.raisedAt)}</span> },
      { key: 'kind', header: 'Kind', width: 'minmax(180px, 0.8fr)', render: (a) => KIND_LABELS[a.kind] ?? a.kind, title: (a) => a.kind },
      { key: 'subject', header: 'Subject', width: '210px', render: (a) => <span className="mono">{a.subject}</span>, title: (a) => a.subject },
      { key: 'detail', header: 'Detail', width: 'minmax(220px, 1.4fr)', render: (a) => a.detail, title: (a) => a.detail },
      {
        key: 'status',
        header: 'Status',
        width: '230px',
        render: (a) =>
          a.acknowledgedAt ? (
            <Text span size="sm" c="dimmed" title={`Acknowledged ${a.acknowledgedAt}`}>
              Acknowledged by {a.acknowledgedBy?.replace(/^operator:/, '') ?? '—'}, {formatUtc(a.acknowledgedAt).slice(0, 10)}
            </Text>
          ) : canAcknowledge ? (
            <Button size="compact-xs" variant="light" color="red" leftSection={<IconCheck size={12} />} loading={busy === a.id} onClick={() => void acknowledge(a)} data-testid="alert-acknowledge">
              Acknowledge
            </Button>
          ) : (
            <Badge size="sm" color="red" variant="light" tt="none">
              Open
            </Badge>
          ),
      },
    ],
    [acknowledge, busy, canAcknowledge],
  );

  return (
    <Stack gap="sm" h="100%" style={{ minHeight: 0 }}>
      <Group justify="space-between" wrap="nowrap">
        <SegmentedControl
          size="sm"
          value={show}
          onChange={(v) => setShow(v === 'all' ? 'all' : 'open')}
          data={[
            { value: 'open', label: 'Open' },
            { value: 'all', label: 'All' },
          ]}
          data-testid="alerts-filter"
        />
        <Text size="sm" c="dimmed" data-testid="alerts-count">
          {alerts === undefined ? '' : `${formatCount(alerts.length)} ${show === 'open' ? 'open ' : ''}${alerts.length === 1 ? 'alert' : 'alerts'}`}
          {!canAcknowledge && alerts !== undefined ? ' · acknowledged by a compliance officer or administrator' : ''}
        </Text>
      </Group>
      <ErrorAlert message={error?.message} title="Could not load the integrity alerts" />
      <VirtualTable
        rows={alerts ?? []}
        columns={columns}
        rowKey={(a) => a.id}
        rowData={(a) => ({ 'data-alert-id': a.id, 'data-subject': a.subject, 'data-status': a.acknowledgedAt ? undefined : 'open' })}
        hasMore={false}
        loading={alerts === undefined && !error}
        onLoadMore={() => undefined}
        ariaLabel="Integrity alerts"
        testId="alerts-table"
        rowTestId="alert-row"
        empty={show === 'open' ? 'No open integrity alerts: every record read so far matched its checksum.' : 'No integrity alert has ever been raised.'}
      />
    </Stack>
  );
}
