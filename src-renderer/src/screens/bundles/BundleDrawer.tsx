import { useEffect, useState } from 'react';
import { Badge, Drawer, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HashText } from '../../components/HashText';
import { formatBytes } from '../../lib/bytes';
import { formatUtc } from '../../lib/format';

/** Filed SAR/STR items as the core shows them outside the SAR roles (src-main/handlers/bundles.handlers.ts): no type, no size. */
const SEALED = 'sealed';

type Detail = CommandOutput<'bundles.get'>;

const STATUS_COLOR = { applied: 'teal', deferred: 'yellow', queued: 'gray', sent: 'indigo' } as const;

export function StatusBadge({ status }: { status: keyof typeof STATUS_COLOR }) {
  return (
    <Badge size="sm" variant="light" color={STATUS_COLOR[status]}>
      {status}
    </Badge>
  );
}

/** One bundle of the history: its signed header and its items (the first 500). */
export function BundleDrawer({ bundleId, onClose }: { bundleId: string | null; onClose: () => void }) {
  const [detail, setDetail] = useState<Detail | undefined>();
  const [error, setError] = useState<WireError | undefined>();

  useEffect(() => {
    setDetail(undefined);
    setError(undefined);
    if (!bundleId) return;
    let live = true;
    void invoke('bundles.get', { bundleId, limit: 500 }).then((r) => {
      if (!live) return;
      if (r.ok) setDetail(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [bundleId]);

  const b = detail?.bundle;
  return (
    <Drawer opened={bundleId !== null} onClose={onClose} position="right" size="xl" title={b ? `${b.direction === 'inbound' ? 'Inbound' : 'Outbound'} bundle ${b.sequence}` : 'Bundle'} data-testid="bundle-drawer">
      <ErrorAlert message={error?.message} />
      {!detail && !error && <Loader size="sm" />}
      {b && detail && (
        <Stack gap="md">
          <Table verticalSpacing={4} fz="sm">
            <Table.Tbody>
              <Table.Tr>
                <Table.Td w={150} c="dimmed">Bundle id</Table.Td>
                <Table.Td className="mono">{b.bundleId}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td c="dimmed">Bundle hash</Table.Td>
                <Table.Td><HashText value={b.bundleHash} /></Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td c="dimmed">Follows</Table.Td>
                <Table.Td><HashText value={b.previousHash} /></Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td c="dimmed">Signed by</Table.Td>
                <Table.Td>
                  <Text size="sm">{b.sender.name}</Text>
                  <Text size="xs" className="mono">{b.sender.fingerprint}</Text>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td c="dimmed">Created / recorded</Table.Td>
                <Table.Td>{formatUtc(b.createdAt)} / {formatUtc(b.recordedAt)} UTC</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td c="dimmed">File</Table.Td>
                <Table.Td>{b.fileName} · {formatBytes(b.fileBytes)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Group gap="xs">
            {detail.typeCounts.map((c) => (
              <Badge key={`${c.type}-${c.status}`} variant="outline" color="gray" tt="none">
                {c.type}: {c.count} {c.status}
              </Badge>
            ))}
          </Group>
          <Table striped verticalSpacing={4} horizontalSpacing="sm" fz="sm" data-testid="bundle-items">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Item</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Module / note</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.items.map((i) => (
                <Table.Tr key={i.itemId}>
                  <Table.Td className="mono">{i.itemId}</Table.Td>
                  <Table.Td>{i.type === SEALED ? 'sealed compliance item' : i.type}</Table.Td>
                  <Table.Td ta="right">{i.type === SEALED ? '—' : formatBytes(i.size)}</Table.Td>
                  <Table.Td><StatusBadge status={i.status} /></Table.Td>
                  <Table.Td>
                    <Text size="sm">{i.module}</Text>
                    {i.note && <Text size="xs" c="dimmed">{i.note}</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Drawer>
  );
}
