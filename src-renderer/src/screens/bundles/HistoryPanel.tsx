import { useEffect, useState } from 'react';
import { Badge, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconArrowDownLeft, IconArrowUpRight } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes } from '../../lib/bytes';
import { formatCount, formatUtc } from '../../lib/format';
import { BundleDrawer } from './BundleDrawer';

type Bundle = CommandOutput<'bundles.list'>['bundles'][number];

/** Every bundle taken in or sent out, newest first; a row opens its items. */
export function HistoryPanel({ revision }: { revision: number }) {
  const [direction, setDirection] = useState<'all' | 'inbound' | 'outbound'>('all');
  const [bundles, setBundles] = useState<readonly Bundle[] | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void invoke('bundles.list', direction === 'all' ? { limit: 200 } : { direction, limit: 200 }).then((r) => {
      if (!live) return;
      if (r.ok) setBundles(r.value.bundles);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [direction, revision]);

  return (
    <Stack gap="sm">
      <SegmentedControl
        w={320}
        size="sm"
        value={direction}
        onChange={(v) => setDirection(v === 'inbound' || v === 'outbound' ? v : 'all')}
        data={[
          { value: 'all', label: 'All' },
          { value: 'inbound', label: 'In' },
          { value: 'outbound', label: 'Out' },
        ]}
      />
      <ErrorAlert message={error?.message} title="Could not load the history" />
      {bundles && bundles.length === 0 && (
        <Text size="sm" c="dimmed">
          No bundle has been exchanged yet.
        </Text>
      )}
      {bundles && bundles.length > 0 && (
        <Table striped highlightOnHover verticalSpacing={6} horizontalSpacing="sm" fz="sm" data-testid="bundle-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Direction</Table.Th>
              <Table.Th ta="right">Seq</Table.Th>
              <Table.Th>Recorded (UTC)</Table.Th>
              <Table.Th>Counterpart</Table.Th>
              <Table.Th ta="right">Items</Table.Th>
              <Table.Th ta="right">Applied</Table.Th>
              <Table.Th ta="right">Deferred</Table.Th>
              <Table.Th>File</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {bundles.map((b) => (
              <Table.Tr key={b.bundleId} style={{ cursor: 'pointer' }} onClick={() => setOpen(b.bundleId)} data-testid="bundle-row" data-direction={b.direction} data-sequence={b.sequence}>
                <Table.Td>
                  {b.direction === 'inbound' ? (
                    <Badge size="sm" variant="light" color="indigo" leftSection={<IconArrowDownLeft size={12} />}>
                      In
                    </Badge>
                  ) : (
                    <Badge size="sm" variant="light" color="grape" leftSection={<IconArrowUpRight size={12} />}>
                      Out
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">{b.sequence}</Table.Td>
                <Table.Td>{formatUtc(b.recordedAt)}</Table.Td>
                <Table.Td>{b.direction === 'inbound' ? b.sender.name : b.recipient.name}</Table.Td>
                <Table.Td ta="right">{formatCount(b.itemCount)}</Table.Td>
                <Table.Td ta="right">{b.direction === 'inbound' ? formatCount(b.applied) : '—'}</Table.Td>
                <Table.Td ta="right">{b.direction === 'inbound' && b.deferred > 0 ? <Badge size="sm" variant="light" color="yellow">{formatCount(b.deferred)}</Badge> : '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm" className="mono" truncate maw={320}>
                    {b.fileName} <Text span c="dimmed">· {formatBytes(b.fileBytes)}</Text>
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <BundleDrawer bundleId={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}
